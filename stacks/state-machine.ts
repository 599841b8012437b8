/**
 * The checkout state machine: STANDARD, its definition built by workflows/checkout.ts with Terraform
 * references for the table, bus and API (any literal `${` escaped), execution logs without execution data
 * (orders hold email addresses) in a log group with retention, X-Ray tracing, and a role whose policy is
 * derived from the definition's integrations.
 */
import type { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import type { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import type { Construct } from "constructs";
import { checkoutStateMachine, type CheckoutResources } from "../workflows/checkout";
import { serviceRole, XRAY_WRITE } from "./iam";
import { API_STAGE, type ServiceApi } from "./service-api";
import { apiInvocations, integrationStatements, LOG_DELIVERY, type Permission } from "./state-machine-policy";
import { escapeTerraformTemplate } from "./terraform-string";
import { CloudwatchLogGroup, SfnStateMachine } from "./cdktf-modules";

export type CheckoutMachine = ReturnType<typeof checkoutStateMachine>;

export interface CheckoutStateMachine {
  stateMachine: SfnStateMachine;
  /** What the builder produced, with the Terraform tokens in it: for tests and outputs. */
  machine: CheckoutMachine;
  resources: CheckoutResources;
}

/** The state machine's name, known before it exists: the services' roles are scoped to its ARN by it. */
export function stateMachineName(namePrefix: string): string {
  return `${namePrefix}-workflow`;
}

export function addCheckoutStateMachine(
  scope: Construct,
  props: {
    namePrefix: string;
    accountId: string;
    apiHost: string;
    logRetentionDays: number;
    table: DynamodbTable;
    bus: CloudwatchEventBus;
    api: ServiceApi;
    paymentTimeoutSeconds?: number;
    shippingTimeoutSeconds?: number;
  },
): CheckoutStateMachine {
  const resources: CheckoutResources = {
    ordersTableName: props.table.name,
    eventBusName: props.bus.name,
    apiEndpoint: props.apiHost,
    apiStage: API_STAGE,
    ...(props.paymentTimeoutSeconds !== undefined && { paymentTimeoutSeconds: props.paymentTimeoutSeconds }),
    ...(props.shippingTimeoutSeconds !== undefined && { shippingTimeoutSeconds: props.shippingTimeoutSeconds }),
  };
  const machine = checkoutStateMachine(resources);
  const definition = machine.toJSON();

  const routeArns = (permission: Permission): string[] => {
    const routes = apiInvocations(definition).filter((call) => call.endpoint === permission.target);
    for (const route of routes) {
      if (route.stage !== API_STAGE) throw new Error(`the definition invokes stage "${route.stage}" but the API's stage is "${API_STAGE}"`);
    }
    if (routes.length === 0) throw new Error(`the definition grants execute-api:Invoke on "${permission.target}" but invokes no literal route on it`);
    return [...new Set(routes.map((route) => `${props.api.api.executionArn}/${route.stage}/${route.method}${route.path}`))];
  };
  const targets = new Map<string, (permission: Permission) => string[]>([
    [resources.ordersTableName, () => [props.table.arn]],
    [resources.eventBusName, () => [props.bus.arn]],
    [resources.apiEndpoint, routeArns],
  ]);

  const name = stateMachineName(props.namePrefix);
  // /aws/vendedlogs/ keeps Step Functions' log resource policy small (AWS's recommendation for vended logs).
  const logGroup = new CloudwatchLogGroup(scope, "state-machine-logs", {
    name: `/aws/vendedlogs/states/${name}`,
    retentionInDays: props.logRetentionDays,
  });
  const { role, policy } = serviceRole(scope, "state-machine-role", {
    name: `${name}-role`,
    service: "states.amazonaws.com",
    sourceAccount: props.accountId,
    statements: [...integrationStatements(machine.permissions(), targets), LOG_DELIVERY, XRAY_WRITE],
  });
  const stateMachine = new SfnStateMachine(scope, "state-machine", {
    name,
    type: "STANDARD",
    roleArn: role.arn,
    definition: escapeTerraformTemplate(machine.toString()),
    loggingConfiguration: { logDestination: `${logGroup.arn}:*`, includeExecutionData: false, level: "ALL" },
    tracingConfiguration: { enabled: true },
    // CreateStateMachine checks that the role may deliver logs: the policy must exist first.
    dependsOn: [policy],
  });
  return { stateMachine, machine, resources };
}
