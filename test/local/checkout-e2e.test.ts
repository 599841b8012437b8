/**
 * The checkout end to end on this machine: Step Functions API over HTTP (interpreter), the real payment,
 * shipping and notifier handlers, dynalite, aws-ses-v2-local, the local bus and queue. Every assertion
 * reads what a user would see: the execution through @aws-sdk/client-sfn, the item through
 * @aws-sdk/client-dynamodb, the email from the SES stand-in's JSON endpoint.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import {
  InvalidToken,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskTimedOut,
} from "@aws-sdk/client-sfn";
import type { Order } from "../../workflows/checkout-contract";
import { startLocalCheckout, type LocalCheckout } from "../../local/checkout-stack";
import { LOCAL_NAMES } from "../../local/resources";
import { fullHistory, runCheckout, waitForExecution } from "../../local/run-checkout";
import { readOrderItem, runScenario } from "../../local/scenarios";
import type { SqsHandler } from "../../local/sqs/poller";

const sample = JSON.parse(readFileSync(new URL("../../events/ExecuteWorkflowEvent.json", import.meta.url), "utf8")) as Order;
let cartCounter = 0;
const newOrder = (label: string): Order => ({ ...sample, CartId: `${label}-${++cartCounter}`, Email: `customer-${cartCounter}@example.com` });

/** Faults the tests switch on: the notifier throws on its next N invocations; services accept silently. */
const faults = { notifierFailures: 0, silentServices: new Set<string>() };

let local: LocalCheckout;

beforeAll(async () => {
  local = await startLocalCheckout({
    visibilityTimeoutMs: 40,
    maxReceiveCount: 3,
    // Shipping's short timeout is what the timeout tests wait for; payment's leaves a provider time to answer late.
    paymentTimeoutSeconds: 10,
    shippingTimeoutSeconds: 1,
    logLevel: "SILENT",
    wrapNotifier: (notifier): SqsHandler => async (event, context) => {
      if (faults.notifierFailures > 0) {
        faults.notifierFailures--;
        throw new Error("injected notifier crash");
      }
      return notifier(event, context);
    },
    wrapService: (service, handler) => async (event, context) => {
      // A provider that accepts the request and never calls back: the state's timeout must end the wait.
      if (faults.silentServices.has(service)) return { statusCode: 202, body: "{}" };
      return handler(event, context);
    },
  });
});

afterAll(async () => {
  await local?.stop();
});

beforeEach(() => {
  faults.notifierFailures = 0;
  faults.silentServices.clear();
});

function expectQueuesEmpty(): void {
  expect(local.queue.size).toBe(0);
  expect(local.deadLetterQueue.size).toBe(0);
}

/** The item's attributes set from the order, and the execution that recorded it ($$.Execution.Id). */
const orderAttributes = (order: Order, run: { executionArn: string }) => ({
  execution_id: run.executionArn,
  cart_id: order.CartId,
  email: order.Email,
  address: order.Address,
  orange: order.Orange,
  banana: order.Banana,
  lemon: order.Lemon,
  total_cost: order.total_cost,
});

describe("each branch of the contract, through HTTP and the real handlers", () => {
  it("payment fails: order cancelled, PaymentFailed, the payment-failed email", async () => {
    const order = newOrder("pay-fail");
    const { run, events, item, emails } = await runScenario(local, order, { payment: "failure", shipping: "success" });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.statesVisited).toContain("Emit PaymentFailed");
    expect(run.statesVisited).not.toContain("Request Shipping");
    expect(events.map((e) => e["detail-type"])).toEqual(["PaymentFailed"]);
    expect(events[0]?.detail).toMatchObject({ cart_id: order.CartId, reason: "payment service answered PaymentFailed" });
    expect(item).toEqual({ ...orderAttributes(order, run), order_status: "Cancelled", payment_status: "Unsuccessful", shipping_status: "Pending" });
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      destination: { to: [order.Email] },
      from: LOCAL_NAMES.senderEmail,
      subject: "Octank's Payment Failed",
      body: { text: "Hello, your payment to Octank is unsuccessful. Please try again." },
    });
    expectQueuesEmpty();
  });

  it("shipping fails: order confirmed, ShippingFailed, the confirmed-shipping-later email", async () => {
    const order = newOrder("ship-fail");
    const { run, events, item, emails } = await runScenario(local, order, { payment: "success", shipping: "failure" });
    expect(run.status).toBe("SUCCEEDED");
    expect(events.map((e) => e["detail-type"])).toEqual(["ShippingFailed"]);
    expect(item).toEqual({ ...orderAttributes(order, run), order_status: "Confirmed", payment_status: "Successful", shipping_status: "Unsuccessful" });
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      destination: { to: [order.Email] },
      subject: "Octank's Order Confirmed",
      body: { text: "Hello, your order is confirmed. Shipping details will arrive shortly." },
    });
    expectQueuesEmpty();
  });

  it("both succeed: order confirmed and shipped, ShippingSuccessful, the confirmed email", async () => {
    const order = newOrder("all-ok");
    const { run, events, item, emails } = await runScenario(local, order, { payment: "success", shipping: "success" });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.output).toMatchObject({ payment: { Status: "PaymentSuccessful" }, shipping: { Status: "ShippingSuccessful" } });
    expect(events.map((e) => e["detail-type"])).toEqual(["ShippingSuccessful"]);
    expect(events[0]?.detail).not.toHaveProperty("reason");
    expect(item).toEqual({ ...orderAttributes(order, run), order_status: "Confirmed", payment_status: "Successful", shipping_status: "Successful" });
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      destination: { to: [order.Email] },
      subject: "Octank's Order Confirmed",
      body: { text: "Hello, your order is confirmed. Please refer to shipping email for more details." },
    });
    expectQueuesEmpty();
  });

  it("a payment service that errors (502) counts as a failed payment", async () => {
    const order = newOrder("pay-502");
    // A malformed OUTCOME makes the real handler throw: API Gateway answers 502.
    const { run, events, item } = await runScenario(local, order, { payment: "sometimes", shipping: "success" });
    expect(run.status).toBe("SUCCEEDED");
    expect(events.map((e) => e["detail-type"])).toEqual(["PaymentFailed"]);
    expect(events[0]?.detail.reason).toBe("payment request failed with ApiGateway.502");
    expect(item?.payment_status).toBe("Unsuccessful");
    expectQueuesEmpty();
  });

  it("a shipping service that never calls back times out into ShippingFailed", async () => {
    const order = newOrder("ship-timeout");
    faults.silentServices.add("shipping");
    const { run, events, item, emails } = await runScenario(local, order, { payment: "success", shipping: "success" });
    expect(run.status).toBe("SUCCEEDED");
    expect(events.map((e) => e["detail-type"])).toEqual(["ShippingFailed"]);
    expect(events[0]?.detail.reason).toBe("shipping request failed with States.Timeout");
    expect(item).toMatchObject({ order_status: "Confirmed", shipping_status: "Unsuccessful" });
    expect(emails.map((e) => e.subject)).toEqual(["Octank's Order Confirmed"]);
    expectQueuesEmpty();
  });
});

describe("faults", () => {
  it("the notifier fails once: the message is retried and one email is sent", async () => {
    const order = newOrder("notifier-retry");
    const invocationsBefore = local.poller.invocations;
    faults.notifierFailures = 1;
    const { emails } = await runScenario(local, order, { payment: "failure", shipping: "success" });
    expect(faults.notifierFailures).toBe(0);
    expect(local.poller.invocations - invocationsBefore).toBe(2);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toBe("Octank's Payment Failed");
    expectQueuesEmpty();
  });

  it("a poison message ends in the DLQ after max receives; the rest of its batch is delivered once", async () => {
    const order = newOrder("batch-mate");
    await local.dynamoDbClient.send(new PutItemCommand({ TableName: LOCAL_NAMES.ordersTable, Item: { cart_id: { S: order.CartId }, email: { S: order.Email } } }));
    const goodEvent = busEvent("good-event-1", "ShippingSuccessful", order.CartId);
    const emailsBefore = (await local.ses.emails()).length;
    const invocationsBefore = local.poller.invocations;
    // Sent together so they share a batch: the poison record must not drag the good one back.
    local.queue.send("this is not an EventBridge event");
    local.queue.send(JSON.stringify(goodEvent));
    await local.poller.drained();
    const emails = (await local.ses.emails()).slice(emailsBefore);
    expect(emails.map((e) => [e.destination.to[0], e.subject])).toEqual([[order.Email, "Octank's Order Confirmed"]]);
    expect(local.poller.invocations - invocationsBefore).toBe(3);
    expect(local.queue.size).toBe(0);
    expect(local.deadLetterQueue.peekBodies()).toEqual(["this is not an EventBridge event"]);
    local.deadLetterQueue.purge();
  });

  it("the same message delivered twice sends one email", async () => {
    const order = newOrder("twice");
    await local.dynamoDbClient.send(new PutItemCommand({ TableName: LOCAL_NAMES.ordersTable, Item: { cart_id: { S: order.CartId }, email: { S: order.Email } } }));
    const body = JSON.stringify(busEvent("duplicated-event-1", "PaymentFailed", order.CartId));
    const emailsBefore = (await local.ses.emails()).length;
    local.queue.send(body);
    await local.poller.drained();
    local.queue.send(body);
    await local.poller.drained();
    const emails = (await local.ses.emails()).slice(emailsBefore);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.destination.to).toEqual([order.Email]);
    expectQueuesEmpty();
  });

  it("a callback with a token never issued gets the SDK's InvalidToken", async () => {
    const call = local.sfn.send(new SendTaskSuccessCommand({ taskToken: "not-a-token-we-issued", output: "{}" }));
    await expect(call).rejects.toBeInstanceOf(InvalidToken);
  });

  it("a callback for an expired token gets TaskTimedOut, from the SDK and through the real shipping handler", async () => {
    const order = newOrder("expired");
    faults.silentServices.add("shipping");
    const { run } = await runScenario(local, order, { payment: "success", shipping: "success" });
    expect(run.statesVisited).toContain("Explain Shipping Request Failure");
    const token = taskTokens(await fullHistory(local.sfn, run.executionArn)).at(-1) as string;
    expect(token).toBeTruthy();
    await expect(local.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"Status":"ShippingSuccessful"}' }))).rejects.toBeInstanceOf(TaskTimedOut);
    await expect(local.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }))).rejects.toBeInstanceOf(TaskTimedOut);
    faults.silentServices.clear();
    // The late provider: the real handler is refused by Step Functions and says so.
    const late = await fetch(`${local.urls.apiGateway}/checkout/shipping`, {
      method: "POST",
      headers: { authorization: "AWS4-HMAC-SHA256 Credential=test", "content-type": "application/json" },
      body: JSON.stringify({ order, taskToken: token }),
    });
    expect(late.status).toBe(410);
    expect(await readOrderItem(local, order.CartId)).toMatchObject({ payment_status: "Successful", shipping_status: "Unsuccessful" });
  });

  it("a provider that heartbeats then answers with SendTaskFailure sends the order down the payment-failed path", async () => {
    const order = newOrder("task-failure");
    faults.silentServices.add("payment");
    Object.assign(local.outcomes, { payment: "success", shipping: "success" });
    const { executionArn } = await local.sfn.send(new StartExecutionCommand({ stateMachineArn: local.stateMachineArn, name: order.CartId, input: JSON.stringify(order) }));
    const token = await waitForToken(executionArn as string);
    await local.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await local.sfn.send(new SendTaskFailureCommand({ taskToken: token, error: "CardDeclined", cause: "insufficient funds" }));
    const run = await waitForExecution(local.sfn, executionArn as string);
    await local.poller.drained();
    expect(run.status).toBe("SUCCEEDED");
    expect(local.bus.received.filter((e) => e.detail.cart_id === order.CartId).map((e) => [e["detail-type"], e.detail.reason])).toEqual([
      ["PaymentFailed", "payment request failed with CardDeclined"],
    ]);
    const history = await fullHistory(local.sfn, executionArn as string);
    expect(history.find((e) => e.type === "TaskFailed")?.taskFailedEventDetails).toMatchObject({ error: "CardDeclined", cause: "insufficient funds" });
    // Answered once: the same token is closed now.
    await expect(local.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" }))).rejects.toBeInstanceOf(TaskTimedOut);
    expectQueuesEmpty();
  });

  it("starting the same cart twice gives one execution and one order", async () => {
    const order = newOrder("same-cart");
    Object.assign(local.outcomes, { payment: "success", shipping: "success" });
    // Twice at once while running, as a retrying client would: the same execution both times.
    const input = JSON.stringify(order);
    const [a, b] = await Promise.all([0, 1].map(() => local.sfn.send(new StartExecutionCommand({ stateMachineArn: local.stateMachineArn, name: order.CartId, input }))));
    expect(a?.executionArn).toBe(b?.executionArn);
    const first = await waitForExecution(local.sfn, a?.executionArn as string);
    expect(first.status).toBe("SUCCEEDED");
    // Once more after it closed: refused as ExecutionAlreadyExists, which runCheckout reports.
    const again = await runCheckout(local.sfn, local.stateMachineArn, order);
    expect(again.alreadyStarted).toBe(true);
    expect(again.executionArn).toBe(first.executionArn);
    await local.poller.drained();
    const executions = await local.sfn.send(new ListExecutionsCommand({ stateMachineArn: local.stateMachineArn }));
    expect(executions.executions?.filter((e) => e.name === order.CartId)).toHaveLength(1);
    expect(local.bus.received.filter((e) => e.detail.cart_id === order.CartId)).toHaveLength(1);
    expect((await readOrderItem(local, order.CartId))?.shipping_status).toBe("Successful");
    expectQueuesEmpty();
  });

  it("the same cart under another execution name is refused by the conditional put: CheckoutFailed (DuplicateCart), order untouched, no email", async () => {
    const order = newOrder("dup-order");
    const { run: first, item: firstItem } = await runScenario(local, order, { payment: "success", shipping: "success" });
    expect(firstItem?.execution_id).toBe(first.executionArn);
    const emailsBefore = (await local.ses.emails()).length;
    const started = await local.sfn.send(
      new StartExecutionCommand({ stateMachineArn: local.stateMachineArn, name: `${order.CartId}-again`, input: JSON.stringify({ ...order, Address: "elsewhere" }) }),
    );
    const second = await waitForExecution(local.sfn, started.executionArn as string);
    await local.poller.drained();
    expect(second.status).toBe("FAILED");
    expect(second.error).toBe("CheckoutFailed");
    expect(second.statesVisited).toEqual(["Check Order", "Record Order", "Explain Duplicate Cart", "Emit CheckoutFailed", "Checkout Failed"]);
    expect(await readOrderItem(local, order.CartId)).toEqual(firstItem);
    const failures = local.bus.received.filter((e) => e.detail.cart_id === order.CartId && e["detail-type"] === "CheckoutFailed");
    expect(failures.map((e) => e.detail.code)).toEqual(["DuplicateCart"]);
    // The order in the table is the first checkout's: its customer is not told "their" order failed.
    expect((await local.ses.emails()).slice(emailsBefore)).toEqual([]);
    expectQueuesEmpty();
  });
});

function busEvent(id: string, detailType: string, cartId: string) {
  return {
    version: "0",
    id,
    "detail-type": detailType,
    source: "CheckoutWorkflow",
    account: "000000000000",
    time: "2026-01-01T00:00:00Z",
    region: "us-east-1",
    resources: [],
    detail: { cart_id: cartId, Time: "2026-01-01T00:00:00.000Z", ...(detailType === "ShippingSuccessful" ? {} : { reason: "test" }) },
  };
}

/** The token of the task an execution waits on, once its TaskScheduled event is in the history. */
async function waitForToken(executionArn: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const [token] = taskTokens(await fullHistory(local.sfn, executionArn));
    if (token) return token;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no task token scheduled by ${executionArn}`);
}

/** Task tokens the state machine sent to the services, read from the TaskScheduled parameters. */
function taskTokens(events: Awaited<ReturnType<typeof fullHistory>>): string[] {
  return events
    .filter((e) => e.type === "TaskScheduled")
    .map((e) => JSON.parse(e.taskScheduledEventDetails?.parameters ?? "{}") as { RequestBody?: { taskToken?: string } })
    .map((p) => p.RequestBody?.taskToken)
    .filter((t): t is string => typeof t === "string");
}
