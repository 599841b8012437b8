import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type { Catcher, ChoiceRule, Retrier, State, TaskState } from "../../asl";
import orderSchema from "../../events/order.schema.json";
import { checkoutStateMachine, DEFAULT_CALLBACK_TIMEOUT_SECONDS, INVALID_ORDER_ERROR, ORDER_FIELDS, reviewResources } from "../../workflows/checkout";
import { CHECKOUT_FAILURE_CODES, DETAIL_TYPES, EVENT_SOURCE, ORDER_ITEM_ATTRIBUTES, PAYMENT_ROUTE, SHIPPING_ROUTE } from "../../workflows/checkout-contract";
import { allPaths, emittedDetailType, isRefusedInput, REFUSE_INVALID_ORDER, type Step } from "./checkout-graph";

const machine = checkoutStateMachine(reviewResources);
const definition = machine.toJSON();
const states = definition.States;
const tasks = Object.entries(states).filter((entry): entry is [string, TaskState] => entry[1].Type === "Task");
const task = (name: string): TaskState => {
  const state = states[name];
  if (state?.Type !== "Task") throw new Error(`no Task "${name}"`);
  return state;
};
const params = (name: string) => task(name).Parameters as Record<string, unknown>;

/** Errors that are never transient: retrying them repeats a decision or hides a bug. */
/** Whether the path leaves "Record Order" through its Catch to `target`. */
const leftRecordOrderTo = (p: Step[], target: string) => {
  const at = p.findIndex((step) => step.name === "Record Order");
  return at >= 0 && p[at]!.leftBy === "catch" && p[at + 1]?.name === target;
};

const NEVER_RETRIED = ["States.ALL", "States.TaskFailed", "States.Timeout", "States.HeartbeatTimeout", "States.Permissions", "DynamoDB.ConditionalCheckFailedException"];

describe("the checkout definition", () => {
  it("has the contract's steps as clearly named states, in JSONPath", () => {
    expect(definition.QueryLanguage).toBe("JSONPath");
    expect(definition.StartAt).toBe("Check Order");
    for (const name of [
      "Check Order", "Refuse Invalid Order", "Record Order", "Request Payment", "Check Payment Answer", "Mark Payment Unsuccessful", "Emit PaymentFailed",
      "Mark Payment Successful", "Request Shipping", "Check Shipping Answer", "Mark Shipping Successful",
      "Emit ShippingSuccessful", "Mark Shipping Unsuccessful", "Emit ShippingFailed", "Emit CheckoutFailed", "Checkout Failed",
    ]) {
      expect(states, name).toHaveProperty([name]);
    }
    expect(states["Checkout Failed"]?.Type).toBe("Fail");
    expect(states["Check Order"]?.Type).toBe("Choice");
    expect(states["Check Payment Answer"]?.Type).toBe("Choice");
    expect(states["Check Shipping Answer"]?.Type).toBe("Choice");
  });

  it("gives every Task a transient-only Retry with capped, jittered backoff, and a Catch", () => {
    expect(tasks.length).toBeGreaterThanOrEqual(11);
    for (const [name, state] of tasks) {
      expect(state.Retry?.length, name).toBeGreaterThan(0);
      expect(state.Catch?.length, name).toBeGreaterThan(0);
      for (const retrier of state.Retry as Retrier[]) {
        expect(retrier.ErrorEquals.filter((e) => NEVER_RETRIED.includes(e)), name).toStrictEqual([]);
        expect(retrier.BackoffRate, name).toBeGreaterThan(1);
        expect(retrier.JitterStrategy, name).toBe("FULL");
        expect(retrier.MaxDelaySeconds, name).toBeGreaterThan(0);
        expect(retrier.MaxAttempts, name).toBeGreaterThan(0);
      }
    }
  });

  it("retries the transient errors of each service, and for the API only answers given before the service ran", () => {
    const retried = (name: string) => (task(name).Retry as Retrier[]).flatMap((r) => r.ErrorEquals);
    for (const name of ["Request Payment", "Request Shipping"]) {
      expect(retried(name), name).toStrictEqual(["ApiGateway.429", "ApiGateway.500", "ApiGateway.503"]);
    }
    for (const name of ["Record Order", "Mark Payment Successful", "Mark Shipping Unsuccessful"]) {
      expect(retried(name), name).toEqual(expect.arrayContaining([
        "DynamoDB.ProvisionedThroughputExceededException", "DynamoDB.AmazonDynamoDBException", "DynamoDB.InternalServerError", "DynamoDB.InternalServerErrorException",
      ]));
    }
    for (const name of ["Emit PaymentFailed", "Emit CheckoutFailed"]) {
      expect(retried(name), name).toEqual(expect.arrayContaining(["EventBridge.FailedEntry", "EventBridge.AmazonEventBridgeException"]));
    }
  });

  it("keeps the order: no Task replaces the state with a service answer", () => {
    for (const [name, state] of tasks) {
      expect(state, name).toHaveProperty("ResultPath");
      expect(state.ResultPath, name).not.toBe("$");
      expect(state.OutputPath, name).toBeUndefined();
      for (const catcher of state.Catch as Catcher[]) expect(catcher.ResultPath, `${name} catch`).toMatch(/^\$\.\w+$/);
    }
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === "Pass") expect(state.ResultPath, name).toMatch(/^\$\.\w+$/);
    }
  });

  it("records the order with a conditional put of every contract attribute, all strings, statuses Pending", () => {
    const put = task("Record Order");
    expect(put.Resource).toBe("arn:aws:states:::dynamodb:putItem");
    const { TableName, Item, ConditionExpression, ExpressionAttributeValues } = params("Record Order") as {
      TableName: string; Item: Record<string, Record<string, string>>; ConditionExpression: string; ExpressionAttributeValues: unknown;
    };
    expect(TableName).toBe("${OrdersTableName}");
    // New cart, or this execution's own order (its retry after a write that landed but answered an error).
    expect(ConditionExpression).toBe("attribute_not_exists(cart_id) OR execution_id = :execution_id");
    expect(ExpressionAttributeValues).toStrictEqual({ ":execution_id": { "S.$": "$$.Execution.Id" } });
    expect(Object.keys(Item).sort()).toStrictEqual([...ORDER_ITEM_ATTRIBUTES].sort());
    for (const [attribute, value] of Object.entries(Item)) expect(Object.keys(value), attribute).toStrictEqual([value["S.$"] ? "S.$" : "S"]);
    expect(Item.cart_id).toStrictEqual({ "S.$": "$.CartId" });
    expect(Item.execution_id).toStrictEqual({ "S.$": "$$.Execution.Id" });
    expect([Item.order_status, Item.payment_status, Item.shipping_status]).toStrictEqual([{ S: "Pending" }, { S: "Pending" }, { S: "Pending" }]);
  });

  it("sends a duplicate cart to CheckoutFailed and the Fail state, never retrying or overwriting", () => {
    const duplicate = (task("Record Order").Catch as Catcher[])[0]!;
    expect(duplicate.ErrorEquals).toStrictEqual(["DynamoDB.ConditionalCheckFailedException"]);
    const paths = allPaths(definition).filter((p) => leftRecordOrderTo(p, duplicate.Next));
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) {
      expect(p.at(-1)!.name).toBe("Checkout Failed");
      expect(p.map((s) => s.name)).toContain("Emit CheckoutFailed");
      expect(p.map((s) => emittedDetailType(s.state)).filter(Boolean)).toStrictEqual(["CheckoutFailed"]);
    }
    expect(JSON.stringify(states[duplicate.Next])).toContain("duplicate cart");
  });

  it("calls payment and shipping with the whole original order and the task token, signed, bounded in time", () => {
    for (const [name, route] of [["Request Payment", PAYMENT_ROUTE], ["Request Shipping", SHIPPING_ROUTE]] as const) {
      const call = task(name);
      expect(call.Resource).toBe("arn:aws:states:::apigateway:invoke.waitForTaskToken");
      expect(call.TimeoutSeconds).toBe(DEFAULT_CALLBACK_TIMEOUT_SECONDS);
      expect(params(name)).toStrictEqual({
        ApiEndpoint: "${ApiEndpoint}",
        Method: "POST",
        Stage: "${ApiStage}",
        Path: route,
        AuthType: "IAM_ROLE",
        RequestBody: { "order.$": "$$.Execution.Input", "taskToken.$": "$$.Task.Token" },
      });
      // Any failure of the call, timeouts included, is the check failing: the unsuccessful path.
      expect((call.Catch as Catcher[]).map((c) => c.ErrorEquals)).toStrictEqual([["States.ALL"]]);
    }
    const custom = checkoutStateMachine({ ...reviewResources, paymentTimeoutSeconds: 60, shippingTimeoutSeconds: 120 }).toJSON().States;
    expect(custom["Request Payment"]).toHaveProperty("TimeoutSeconds", 60);
    expect(custom["Request Shipping"]).toHaveProperty("TimeoutSeconds", 120);
  });

  it("fails closed: only the exact success status continues, a missing status is tested before comparing", () => {
    for (const [name, answer, success, next] of [
      ["Check Payment Answer", "$.payment.Status", "PaymentSuccessful", "Mark Payment Successful"],
      ["Check Shipping Answer", "$.shipping.Status", "ShippingSuccessful", "Mark Shipping Successful"],
    ] as const) {
      const choice = states[name];
      if (choice?.Type !== "Choice") throw new Error(name);
      expect(choice.Choices[0]).toMatchObject({ Variable: answer, IsPresent: false });
      const toSuccess = choice.Choices.filter((rule) => rule.Next === next);
      expect(toSuccess).toStrictEqual([{ Variable: answer, StringEquals: success, Next: next }]);
      expect(choice.Default).not.toBe(next);
    }
  });

  it("sets the contract's statuses on each path", () => {
    const values = (name: string) => (params(name).ExpressionAttributeValues as Record<string, { S: string }>);
    expect(values("Mark Payment Unsuccessful")).toStrictEqual({ ":payment_status": { S: "Unsuccessful" }, ":order_status": { S: "Cancelled" } });
    expect(values("Mark Payment Successful")).toStrictEqual({ ":payment_status": { S: "Successful" }, ":order_status": { S: "Confirmed" } });
    expect(values("Mark Shipping Successful")).toStrictEqual({ ":shipping_status": { S: "Successful" } });
    expect(values("Mark Shipping Unsuccessful")).toStrictEqual({ ":shipping_status": { S: "Unsuccessful" } });
    for (const name of ["Mark Payment Unsuccessful", "Mark Payment Successful", "Mark Shipping Successful", "Mark Shipping Unsuccessful"]) {
      expect(params(name).ConditionExpression, name).toBe("attribute_exists(cart_id)");
    }
  });

  it("emits exactly the four event types, from the workflow's source, without personal data", () => {
    const emitters = tasks.filter(([, state]) => emittedDetailType(state) !== undefined);
    expect(emitters.map(([, state]) => emittedDetailType(state)).sort()).toStrictEqual([...DETAIL_TYPES].sort());
    for (const [name] of emitters) {
      const entry = (params(name).Entries as Record<string, unknown>[])[0]!;
      const detailType = entry.DetailType as string;
      expect(entry.Source, name).toBe(EVENT_SOURCE);
      expect(entry.EventBusName, name).toBe("${EventBusName}");
      const expected: Record<string, string> = { "cart_id.$": "$.CartId", "Time.$": "$$.State.EnteredTime" };
      if (detailType !== "ShippingSuccessful") expected["reason.$"] = "$.failure.reason";
      if (detailType === "CheckoutFailed") expected["code.$"] = "$.failure.code";
      expect(entry.Detail, name).toStrictEqual(expected);
    }
  });

  it("on every path, emits exactly one event and ends in the state the outcome calls for", () => {
    const paths = allPaths(definition);
    expect(paths.length).toBeGreaterThan(20);
    const outcomes = new Map<string, number>();
    let refused = 0;
    for (const p of paths) {
      const trail = p.map((s) => `${s.name}(${s.leftBy})`).join(" > ");
      if (isRefusedInput(p)) {
        // The documented exception: a malformed order is refused before anything is written, with no
        // event (it has no valid cart_id to put in one). The path holds no Task at all.
        expect(p.map((s) => s.state.Type), trail).toStrictEqual(["Choice", "Fail"]);
        refused += 1;
        continue;
      }
      // A PutEvents left through its Catch did not send its event.
      const sent = p.filter((s) => s.leftBy !== "catch").map((s) => emittedDetailType(s.state)).filter((d) => d !== undefined);
      const lostCheckoutFailed = p.some((s) => s.leftBy === "catch" && emittedDetailType(s.state) === "CheckoutFailed");
      if (lostCheckoutFailed) {
        // CheckoutFailed is best effort: when even it cannot be sent, the execution fails (and alarms).
        expect(sent, trail).toHaveLength(0);
        expect(p.at(-1)!.name, trail).toBe("Checkout Failed");
        continue;
      }
      expect(sent, trail).toHaveLength(1);
      const last = p.at(-1)!;
      if (sent[0] === "CheckoutFailed") expect(last.name, trail).toBe("Checkout Failed");
      else expect(last.state.Type === "Task" && last.leftBy === "end", trail).toBe(true);
      // Every failure event has a reason written before it.
      if (sent[0] !== "ShippingSuccessful") expect(p.some((s) => JSON.stringify(s.state).includes('"ResultPath":"$.failure"')), trail).toBe(true);
      outcomes.set(sent[0]!, (outcomes.get(sent[0]!) ?? 0) + 1);
    }
    expect([...outcomes.keys()].sort()).toStrictEqual([...DETAIL_TYPES].sort());
    expect(refused).toBe(1);
  });

  it("gives every CheckoutFailed its code: DuplicateCart for a duplicate cart, CheckoutError for anything else", () => {
    const reaching = allPaths(definition).filter((p) => p.some((s) => s.name === "Emit CheckoutFailed"));
    expect(reaching.length).toBeGreaterThan(10);
    const codes = new Set<string>();
    for (const p of reaching) {
      const trail = p.map((s) => s.name).join(" > ");
      const emitAt = p.findIndex((s) => s.name === "Emit CheckoutFailed");
      // The last writer of $.failure before the event sets both its reason and its code.
      const writer = p.slice(0, emitAt).findLast((s) => s.state.Type === "Pass" && s.state.ResultPath === "$.failure");
      expect(writer, trail).toBeDefined();
      const parameters = (writer!.state as { Parameters: Record<string, unknown> }).Parameters;
      expect(Object.keys(parameters).sort(), trail).toStrictEqual(["code", "reason.$"]);
      const duplicate = leftRecordOrderTo(p, "Explain Duplicate Cart");
      expect(parameters.code, trail).toBe(duplicate ? "DuplicateCart" : "CheckoutError");
      codes.add(parameters.code as string);
    }
    expect([...codes].sort()).toStrictEqual([...CHECKOUT_FAILURE_CODES].sort());
  });

  it("checks the order's shape first and refuses a malformed one before anything is written", () => {
    // Every required field of the schema is checked, and only those fields are read by the first rules.
    expect([...ORDER_FIELDS].sort()).toStrictEqual([...orderSchema.required].sort());
    const check = states["Check Order"];
    if (check?.Type !== "Choice") throw new Error("Check Order is not a Choice");
    expect(check.Default).toBe("Record Order");
    for (const rule of check.Choices) expect(rule.Next).toBe(REFUSE_INVALID_ORDER);
    const fields = ORDER_FIELDS.map((field) => `$.${field}`);
    const anyOf = (rule: ChoiceRule | undefined) => (rule?.Or ?? []).map(({ Next: _next, ...test }) => test);
    // Rules are tried in order: presence first (IsPresent never errors), then the type, so the string
    // tests after them never meet a missing or non-string field (which would raise States.Runtime).
    expect(anyOf(check.Choices[0])).toStrictEqual(fields.map((Variable) => ({ Variable, IsPresent: false })));
    expect(anyOf(check.Choices[1])).toStrictEqual(fields.map((Variable) => ({ Variable, IsString: false })));
    expect(anyOf(check.Choices[2])).toStrictEqual(fields.map((Variable) => ({ Variable, StringEquals: "" })));
    expect(check.Choices[3]).toMatchObject({ Not: { Variable: "$.Email", StringMatches: "*@*" } });
    expect(check.Choices).toHaveLength(4);

    const refuse = states[REFUSE_INVALID_ORDER];
    if (refuse?.Type !== "Fail") throw new Error(`${REFUSE_INVALID_ORDER} is not a Fail state`);
    expect(refuse.Error).toBe(INVALID_ORDER_ERROR);
    for (const field of ORDER_FIELDS) expect(refuse.Cause, field).toContain(field);
    expect(refuse.Cause).toContain("before anything was written");
    // Nothing reads the order before the check: it is the first state and leads straight to the put.
    expect(definition.StartAt).toBe("Check Order");
  });

  it("needs exactly the permissions of its integrations", () => {
    expect(machine.permissions()).toStrictEqual([
      { service: "dynamodb", actions: ["dynamodb:PutItem", "dynamodb:UpdateItem"], target: "${OrdersTableName}" },
      { service: "apigateway", actions: ["execute-api:Invoke"], target: "${ApiEndpoint}" },
      { service: "events", actions: ["events:PutEvents"], target: "${EventBusName}" },
    ]);
  });

  it("renders with local names or Terraform tokens as given", () => {
    const tokens = { ordersTableName: "${TfToken[TOKEN.1]}", eventBusName: "${TfToken[TOKEN.2]}", apiEndpoint: "${TfToken[TOKEN.3]}", apiStage: "${TfToken[TOKEN.4]}" };
    const text = checkoutStateMachine(tokens).toString();
    for (const token of Object.values(tokens)) expect(text).toContain(JSON.stringify(token));
    const local = checkoutStateMachine({ ordersTableName: "orders", eventBusName: "bus", apiEndpoint: "localhost:4010", apiStage: "local" });
    expect(local.permissions().map((p) => p.target)).toStrictEqual(["orders", "localhost:4010", "bus"]);
    expect(text).not.toContain("${OrdersTableName}");
  });

  it("is accepted by asl-validator", () => {
    const validate = createRequire(import.meta.url)("asl-validator") as (definition: unknown) => { isValid: boolean; errorsText: (separator?: string) => string };
    const result = validate(machine.toJSON());
    expect(result.errorsText("\n")).toBe("");
    expect(result.isValid).toBe(true);
  });

  it("uses states that exist for every transition", () => {
    const targets = (state: State): string[] => {
      if (state.Type === "Choice") return [...state.Choices.map((c) => c.Next!), ...(state.Default ? [state.Default] : [])];
      if (state.Type === "Succeed" || state.Type === "Fail") return [];
      const catches = state.Type === "Task" || state.Type === "Parallel" || state.Type === "Map" ? (state.Catch ?? []).map((c) => c.Next) : [];
      return [...(state.Next ? [state.Next] : []), ...catches];
    };
    for (const [name, state] of Object.entries(states)) {
      for (const target of targets(state)) expect(states, `${name} -> ${target}`).toHaveProperty([target]);
      expect(name.length).toBeLessThanOrEqual(80);
    }
  });
});
