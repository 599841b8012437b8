/**
 * The state machine role's policy, derived from the definition: each permission the builder's
 * integration helpers report (service, actions, target) is mapped to the ARN of the resource this stack
 * provisioned for that target. A target the stack does not know, a `*` target or a wildcard action is an
 * error at synth time rather than a broad policy.
 */
import type { JsonValue, State, StateMachineDefinition, SubMachine } from "../asl/definition";
import type { PolicyStatement } from "./iam";

export interface Permission {
  service: string;
  actions: string[];
  target: string;
}

/** How a target value the definition was built with maps to IAM resources. */
export type TargetResources = ReadonlyMap<string, (permission: Permission) => string[]>;

export function integrationStatements(permissions: readonly Permission[], targets: TargetResources): PolicyStatement[] {
  return permissions.map((permission, index) => {
    const wildcard = permission.actions.find((action) => action === "*" || action.endsWith(":*"));
    if (wildcard) throw new Error(`state machine permission for ${permission.service} asks for the wildcard action "${wildcard}"`);
    const resolve = targets.get(permission.target);
    if (!resolve) {
      throw new Error(
        `state machine needs ${permission.actions.join(", ")} on "${permission.target}", which this stack does not provision: ` +
          "map the target to its ARN in stacks/state-machine.ts",
      );
    }
    return { Sid: `${permission.service.replace(/[^A-Za-z0-9]/g, "")}${index}`, Effect: "Allow", Action: [...permission.actions].sort(), Resource: resolve(permission) };
  });
}

/**
 * CloudWatch Logs' vended log delivery (what Step Functions uses for execution logs) has no resource-level
 * permissions: AWS requires `Resource: "*"` for these actions.
 * https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
 */
export const LOG_DELIVERY: PolicyStatement = {
  Sid: "LogDeliveryResourceStarRequiredByAws",
  Effect: "Allow",
  Action: [
    "logs:CreateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:DescribeLogGroups",
    "logs:DescribeResourcePolicies",
    "logs:GetLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:UpdateLogDelivery",
  ],
  Resource: "*",
};

export interface ApiInvocation {
  endpoint: string;
  stage: string;
  method: string;
  path: string;
}

function subMachines(state: State): SubMachine[] {
  if (state.Type === "Parallel") return state.Branches;
  if (state.Type === "Map") return [state.ItemProcessor ?? state.Iterator].filter((sub) => sub !== undefined);
  return [];
}

/** Every state with its name, nested Parallel branches and Map processors included. */
export function* namedStates(machine: SubMachine): Generator<readonly [string, State]> {
  for (const [name, state] of Object.entries(machine.States)) {
    yield [name, state];
    for (const sub of subMachines(state)) yield* namedStates(sub);
  }
}

function literal(args: { [key: string]: JsonValue }, field: string, taskName: string): string {
  const value = args[field];
  if (typeof value !== "string") {
    throw new Error(`task ${taskName}: apigateway:invoke needs a literal ${field} so the role can be scoped to the route (found ${JSON.stringify(value ?? null)})`);
  }
  return value;
}

/** Every API Gateway route the definition invokes, for execute-api:Invoke scoped to routes, not APIs. */
export function apiInvocations(definition: StateMachineDefinition): ApiInvocation[] {
  const found: ApiInvocation[] = [];
  for (const [name, state] of namedStates(definition)) {
    if (state.Type !== "Task" || !state.Resource.startsWith("arn:aws:states:::apigateway:invoke")) continue;
    const args = state.Parameters ?? state.Arguments;
    if (!args || typeof args !== "object" || Array.isArray(args)) throw new Error(`task ${name}: apigateway:invoke without Parameters or Arguments`);
    found.push({
      endpoint: literal(args, "ApiEndpoint", name),
      stage: literal(args, "Stage", name),
      method: literal(args, "Method", name),
      path: literal(args, "Path", name),
    });
  }
  return found;
}
