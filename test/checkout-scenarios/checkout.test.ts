/**
 * The checkout workflow, run by the interpreter, branch by branch: every scenario asserts the one
 * PutEvents entry (Source, DetailType, Detail, bus), that it is the only event, the final table item
 * and the execution status; a last test fails when a Choice rule, Default or Catch of the checkout
 * definition is taken by no scenario, so a new branch cannot land untested. Refused input (a malformed
 * order, one scenario per rule of "Check Order") is the documented exception to "one event": it ends
 * in "Refuse Invalid Order" with no event and nothing written.
 */
import { describe, expect, it } from "vitest";
import { BranchCoverage } from "../../asl/interpreter";
import { InProcessCheckout, runCheckoutInProcess, type CheckoutRunResult } from "../../local/in-process-checkout";
import { FIRST_EXECUTION, ORDER, SCENARIO_EXECUTION, SCENARIOS, item, type Scenario } from "./scenarios";

async function runScenario(scenario: Scenario): Promise<{ checkout: InProcessCheckout; result: CheckoutRunResult }> {
  const checkout = new InProcessCheckout({ random: () => 0.5 });
  if (scenario.cartExists) {
    const first = await checkout.run(ORDER, { payment: "PaymentSuccessful", shipping: "ShippingSuccessful", name: FIRST_EXECUTION });
    expect(first.status).toBe("SUCCEEDED");
  }
  return { checkout, result: await checkout.run(scenario.order ?? ORDER, { name: SCENARIO_EXECUTION, ...scenario.options }) };
}

describe("checkout scenarios", () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
    const { checkout, result } = await runScenario(scenario);
    expect({ status: result.status, error: result.error }).toEqual({ status: scenario.expected.status, error: scenario.expected.error });
    expect(result.events).toEqual(scenario.expected.events);
    expect(result.tableItem).toEqual(scenario.expected.tableItem);
    if (scenario.order !== undefined) {
      // Refused input: stopped by the first state, nothing written anywhere, no service called.
      expect(result.statesVisited).toEqual(["Check Order", "Refuse Invalid Order"]);
      expect(result.cause).toContain("refused before anything was written");
      expect(checkout.table.size).toBe(0);
      expect(checkout.bus.entries).toEqual([]);
      expect(result.serviceRequests).toEqual([]);
    }
  });

  it("after a put that landed but answered an error, retries the same conditional put once and never takes the duplicate-cart path", async () => {
    const scenario = SCENARIOS.find((s) => s.options.dynamoDbFaults?.some((f) => f.when === "after"));
    const { checkout, result } = await runScenario(scenario!);
    const puts = checkout.dynamodb.calls.filter((c) => c.operation === "putItem");
    expect(puts).toHaveLength(2);
    expect(puts[1]!.input).toEqual(puts[0]!.input);
    expect(puts[0]!.input).toMatchObject({ ExpressionAttributeValues: { ":execution_id": { S: result.execution.executionArn } } });
    expect(result.statesVisited).not.toContain("Explain Duplicate Cart");
    expect(result.tableItem).toEqual(item("Confirmed", "Successful", "Successful"));
  });

  it("a second execution for a cart whose first put landed with an error answer is still a duplicate, and changes nothing", async () => {
    const checkout = new InProcessCheckout({ random: () => 0.5 });
    const first = await checkout.run(ORDER, {
      payment: "PaymentFailed", name: FIRST_EXECUTION,
      dynamoDbFaults: [{ operation: "putItem", error: "DynamoDB.InternalServerError", when: "after" }],
    });
    expect(first.status).toBe("SUCCEEDED");
    const second = await checkout.run(ORDER, { payment: "PaymentSuccessful", shipping: "ShippingSuccessful", name: SCENARIO_EXECUTION });
    expect(second.status).toBe("FAILED");
    expect(second.events.map((e) => [e.DetailType, (e.Detail as { code?: unknown }).code])).toEqual([["CheckoutFailed", "DuplicateCart"]]);
    expect(second.tableItem).toEqual(item("Cancelled", "Unsuccessful", "Pending", FIRST_EXECUTION));
  });

  it("retries an API Gateway 500 with the same order, then carries on", async () => {
    const result = await runCheckoutInProcess(ORDER, { payment: { requestError: "ApiGateway.500", times: 2, afterwards: "PaymentSuccessful" }, shipping: "ShippingSuccessful" });
    expect(result.status).toBe("SUCCEEDED");
    expect(result.serviceRequests.map((r) => r.route)).toEqual(["/checkout/payment", "/checkout/payment", "/checkout/payment", "/checkout/shipping"]);
    for (const request of result.serviceRequests) expect(request.body.order).toEqual(ORDER);
  });

  it("sends both services the whole order and a task token", async () => {
    const result = await runCheckoutInProcess(ORDER, { payment: "PaymentSuccessful", shipping: "ShippingSuccessful" });
    expect(result.serviceRequests.map((r) => r.route)).toEqual(["/checkout/payment", "/checkout/shipping"]);
    for (const request of result.serviceRequests) {
      expect(request.body.order).toEqual(ORDER);
      expect(request.body.taskToken).toMatch(/\S{16,}/);
    }
    expect(new Set(result.serviceRequests.map((r) => r.body.taskToken)).size).toBe(2);
  });

  it("emits exactly one event on every scenario that can still reach EventBridge, except refused input", () => {
    for (const s of SCENARIOS) {
      // The documented exception: a malformed order is refused before anything is written, so it has
      // no order and no valid cart_id to announce.
      const refusedInput = s.expected.error === "InvalidOrder";
      expect(refusedInput, s.name).toBe(s.order !== undefined);
      const canEmit = !refusedInput && !s.options.eventBusFaults?.some((f) => f.detailType === "CheckoutFailed");
      expect(s.expected.events, s.name).toHaveLength(canEmit ? 1 : 0);
    }
  });

  it("covers every Choice rule, Default and Catch of the checkout definition", async () => {
    const coverage = new BranchCoverage(new InProcessCheckout().definition);
    for (const scenario of SCENARIOS) coverage.record((await runScenario(scenario)).result.takenBranches);
    expect(coverage.branches.length).toBeGreaterThan(10);
    expect(coverage.report(), "add a scenario to test/checkout-scenarios/scenarios.ts for each uncovered branch").toBe("");
  });
});
