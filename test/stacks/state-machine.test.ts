/**
 * The synthesized state machine: its definition is the builder's output with Terraform references in
 * place of the resources, and its role allows exactly what the definition's tasks call, on exactly the
 * resources they call it on.
 */
import { describe, expect, it } from "vitest";
import type { StateMachineDefinition, TaskState } from "../../asl/definition";
import { checkoutStateMachine, type CheckoutResources } from "../../workflows/checkout";
import { API_STAGE } from "../../stacks/service-api";
import { LOG_DELIVERY } from "../../stacks/state-machine-policy";
import { XRAY_WRITE } from "../../stacks/iam";
import { asList, statementsOf, synthCheckout, TEST_CONTEXT } from "./synth-fixture";

const synth = synthCheckout(TEST_CONTEXT, { CHECKOUT_PAYMENT_TIMEOUT_SECONDS: "120", CHECKOUT_SHIPPING_TIMEOUT_SECONDS: "900" });
const [[, machine]] = synth.resources("aws_sfn_state_machine") as [[string, { definition: string }]];

/** The Terraform references the definition may hold, and the review placeholder each one stands for. */
const REFERENCES: Record<string, string> = {
  "aws_dynamodb_table.orders-table.name": "OrdersTableName",
  "aws_cloudwatch_event_bus.notification-bus.name": "EventBusName",
  "aws_api_gateway_rest_api.services-api.id": "ApiId",
  "data.aws_partition.partition.dns_suffix": "DnsSuffix",
};

/**
 * Reads a Terraform template string as Terraform would, except that each `${reference}` becomes the
 * `${Placeholder}` of REFERENCES: `$${` and `%%{` are literal `${` and `%{`; any other reference or
 * directive is an error, so nothing the test does not know about can hide in the definition.
 */
function readTemplate(text: string): string {
  return text.replace(/\$\$\{|%%\{|\$\{([^}]*)\}|%\{/g, (match, reference: string | undefined) => {
    if (match === "$${") return "${";
    if (match === "%%{") return "%{";
    if (match === "%{") throw new Error("unescaped Terraform directive %{ in the definition");
    const placeholder = REFERENCES[reference!];
    if (!placeholder) throw new Error(`unexpected Terraform reference \${${reference}} in the definition`);
    return `\${${placeholder}}`;
  });
}

const expectedResources: CheckoutResources = {
  ordersTableName: "${OrdersTableName}",
  eventBusName: "${EventBusName}",
  apiEndpoint: "${ApiId}.execute-api.eu-west-1.${DnsSuffix}",
  apiStage: API_STAGE,
  paymentTimeoutSeconds: 120,
  shippingTimeoutSeconds: 900,
};
const builder = checkoutStateMachine(expectedResources);
const definition = JSON.parse(readTemplate(machine.definition)) as StateMachineDefinition;

describe("the synthesized definition", () => {
  it("is the builder's output, byte for byte, once references are read as placeholders", () => {
    expect(readTemplate(machine.definition)).toBe(builder.toString());
    expect(definition).toEqual(builder.toJSON());
  });

  it("carries the configured callback timeouts", () => {
    const timeouts = Object.fromEntries(
      Object.entries(definition.States)
        .filter(([, state]) => state.Type === "Task" && state.Resource.includes("waitForTaskToken"))
        .map(([name, state]) => [name, (state as TaskState).TimeoutSeconds]),
    );
    expect(timeouts).toEqual({ "Request Payment": 120, "Request Shipping": 900 });
  });

  it("holds live references, not cdktf tokens or unresolved placeholders", () => {
    expect(machine.definition).not.toMatch(/TfToken|\$\{(OrdersTableName|EventBusName|ApiEndpoint)\}/);
    expect(machine.definition).toContain('"TableName": "${aws_dynamodb_table.orders-table.name}"');
  });
});

/** What each kind of task resource needs, derived independently of the builder's own permission list. */
function actionFor(resource: string): string {
  const integration = resource.replace(/^arn:aws:states:::/, "").replace(/\.(waitForTaskToken|sync(:2)?)$/, "");
  const known: Record<string, string> = {
    "dynamodb:putItem": "dynamodb:PutItem",
    "dynamodb:updateItem": "dynamodb:UpdateItem",
    "dynamodb:getItem": "dynamodb:GetItem",
    "dynamodb:deleteItem": "dynamodb:DeleteItem",
    "events:putEvents": "events:PutEvents",
    "apigateway:invoke": "execute-api:Invoke",
  };
  const action = known[integration];
  if (!action) throw new Error(`the test does not know which IAM action ${resource} needs: add it`);
  return action;
}

/** (action, resource ARN) pairs the synthesized definition's tasks need. */
function neededGrants(): Set<string> {
  const execution = "${aws_api_gateway_rest_api.services-api.execution_arn}";
  const table = { "${OrdersTableName}": "${aws_dynamodb_table.orders-table.arn}" } as Record<string, string>;
  const bus = { "${EventBusName}": "${aws_cloudwatch_event_bus.notification-bus.arn}" } as Record<string, string>;
  const grants = new Set<string>();
  for (const state of Object.values(definition.States)) {
    if (state.Type !== "Task") continue;
    const action = actionFor(state.Resource);
    const args = state.Parameters as Record<string, unknown>;
    if (action.startsWith("dynamodb:")) grants.add(`${action} ${table[args.TableName as string]}`);
    if (action === "events:PutEvents") for (const entry of args.Entries as { EventBusName: string }[]) grants.add(`${action} ${bus[entry.EventBusName]}`);
    if (action === "execute-api:Invoke") grants.add(`${action} ${execution}/${args.Stage as string}/${args.Method as string}${args.Path as string}`);
  }
  return grants;
}

describe("the state machine's role", () => {
  const [[, rolePolicy]] = synth.resources("aws_iam_role_policy").filter(([name]) => name === "state-machine-role-policy") as [[string, { policy: string }]];
  const statements = statementsOf(rolePolicy.policy);
  const required = statements.filter((s) => s.Sid === LOG_DELIVERY.Sid || s.Sid === XRAY_WRITE.Sid);
  const derived = statements.filter((s) => !required.includes(s));

  it("allows exactly the actions on exactly the resources the definition's tasks need", () => {
    const granted = new Set(derived.flatMap((s) => asList(s.Action).flatMap((action) => asList(s.Resource).map((resource) => `${action} ${resource}`))));
    expect([...granted].sort()).toEqual([...neededGrants()].sort());
    expect(derived.every((s) => s.Effect === "Allow" && !s.Condition)).toBe(true);
  });

  it("grants execute-api:Invoke per route, not on the whole API", () => {
    const invoke = derived.find((s) => asList(s.Action).includes("execute-api:Invoke"));
    expect(asList(invoke?.Resource).sort()).toEqual([
      "${aws_api_gateway_rest_api.services-api.execution_arn}/v1/POST/checkout/payment",
      "${aws_api_gateway_rest_api.services-api.execution_arn}/v1/POST/checkout/shipping",
    ]);
  });

  it("adds only log delivery and X-Ray, the two places AWS requires Resource *", () => {
    expect(required).toEqual([LOG_DELIVERY, XRAY_WRITE]);
  });
});
