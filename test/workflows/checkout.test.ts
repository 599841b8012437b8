import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type { Catcher, Retrier, State, TaskState } from "../../asl";
import { checkoutStateMachine, DEFAULT_CALLBACK_TIMEOUT_SECONDS, reviewResources } from "../../workflows/checkout";
import { DETAIL_TYPES, EVENT_SOURCE, ORDER_ITEM_ATTRIBUTES, PAYMENT_ROUTE, SHIPPING_ROUTE } from "../../workflows/checkout-contract";
import { allPaths, emittedDetailType } from "./checkout-graph";

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
const NEVER_RETRIED = ["States.ALL", "States.TaskFailed", "States.Timeout", "States.HeartbeatTimeout", "States.Permissions", "DynamoDB.ConditionalCheckFailedException"];

describe("the checkout definition", () => {
  it("has the contract's steps as clearly named states, in JSONPath", () => {
    expect(definition.QueryLanguage).toBe("JSONPath");
    expect(definition.StartAt).toBe("Record Order");
    for (const name of [
      "Record Order", "Request Payment", "Check Payment Answer", "Mark Payment Unsuccessful", "Emit PaymentFailed",
      "Mark Payment Successful", "Request Shipping", "Check Shipping Answer", "Mark Shipping Successful",
      "Emit ShippingSuccessful", "Mark Shipping Unsuccessful", "Emit ShippingFailed", "Emit CheckoutFailed", "Checkout Failed",
    ]) {
      expect(states, name).toHaveProperty([name]);
    }
    expect(states["Checkout Failed"]?.Type).toBe("Fail");
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
    const { TableName, Item, ConditionExpression } = params("Record Order") as { TableName: string; Item: Record<string, Record<string, string>>; ConditionExpression: string };
    expect(TableName).toBe("${OrdersTableName}");
    expect(ConditionExpression).toBe("attribute_not_exists(cart_id)");
    expect(Object.keys(Item).sort()).toStrictEqual([...ORDER_ITEM_ATTRIBUTES].sort());
    for (const [attribute, value] of Object.entries(Item)) expect(Object.keys(value), attribute).toStrictEqual([value["S.$"] ? "S.$" : "S"]);
    expect(Item.cart_id).toStrictEqual({ "S.$": "$.CartId" });
    expect([Item.order_status, Item.payment_status, Item.shipping_status]).toStrictEqual([{ S: "Pending" }, { S: "Pending" }, { S: "Pending" }]);
  });

  it("sends a duplicate cart to CheckoutFailed and the Fail state, never retrying or overwriting", () => {
    const duplicate = (task("Record Order").Catch as Catcher[])[0]!;
    expect(duplicate.ErrorEquals).toStrictEqual(["DynamoDB.ConditionalCheckFailedException"]);
    const paths = allPaths(definition).filter((p) => p[0]!.leftBy === "catch" && p[1]!.name === duplicate.Next);
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
      expect(entry.Detail, name).toStrictEqual(expected);
    }
  });

  it("on every path, emits exactly one event and ends in the state the outcome calls for", () => {
    const paths = allPaths(definition);
    expect(paths.length).toBeGreaterThan(20);
    const outcomes = new Map<string, number>();
    for (const p of paths) {
      const trail = p.map((s) => `${s.name}(${s.leftBy})`).join(" > ");
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
