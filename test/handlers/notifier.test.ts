import { SendEmailCommand, SESClient, SESServiceException } from "@aws-sdk/client-ses";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNotifierHandler } from "../../handlers/notifier";
import { IDEMPOTENCY_EXPIRY_SECONDS } from "../../handlers/notifier/notifier";
import { DETAIL_TYPES } from "../../workflows/checkout-contract";
import { fakeDynamoDB, IDEMPOTENCY_TABLE, ORDERS_TABLE } from "./fake-dynamodb";
import { interceptLogs } from "./log-capture";
import { checkoutEvent, LAMBDA_CONTEXT, ORDER, sqsEvent, sqsRecord, withDetail } from "./samples";

const CUSTOMER = "customer@example.org";
const OTHER_CUSTOMER = "other.customer@example.org";
const SENDER = "orders@octank.example";

const output = interceptLogs();
const sesMock = mockClient(SESClient);
let dynamo: ReturnType<typeof fakeDynamoDB>;

beforeEach(() => {
  sesMock.reset();
  let n = 0;
  sesMock.on(SendEmailCommand).callsFake(() => ({ MessageId: `ses-${++n}` }));
  dynamo = fakeDynamoDB({ [ORDER.CartId]: CUSTOMER, "900001": OTHER_CUSTOMER, "900002": undefined });
});
afterEach(() => {
  sesMock.reset();
  dynamo.mock.restore();
});

function notifier(options: { brand?: string } = {}) {
  return createNotifierHandler({
    ordersTable: ORDERS_TABLE,
    idempotencyTable: IDEMPOTENCY_TABLE,
    senderEmail: SENDER,
    ...options,
    dynamodb: new DynamoDBClient({ region: "eu-west-1" }),
    ses: new SESClient({ region: "eu-west-1" }),
  });
}

function sentEmails() {
  return sesMock.commandCalls(SendEmailCommand).map((call) => {
    const input = call.args[0].input;
    return {
      from: input.Source,
      to: input.Destination?.ToAddresses,
      subject: input.Message?.Subject?.Data,
      body: input.Message?.Body?.Text?.Data,
    };
  });
}

describe("notifier emails", () => {
  it.each([
    ["PaymentFailed", "Octank's Payment Failed", "Hello, your payment to Octank is unsuccessful. Please try again."],
    ["ShippingFailed", "Octank's Order Confirmed", "Hello, your order is confirmed. Shipping details will arrive shortly."],
    ["ShippingSuccessful", "Octank's Order Confirmed", "Hello, your order is confirmed. Please refer to shipping email for more details."],
    ["CheckoutFailed", "Octank's Order Could Not Be Processed", "Hello, we could not process your order. You have not been charged."],
  ])("%s: sends the contract's subject and body to the order's email from the sender", async (detailType, subject, body) => {
    const response = await notifier()(sqsEvent(sqsRecord(checkoutEvent(detailType), "m1")), LAMBDA_CONTEXT);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sentEmails()).toEqual([{ from: SENDER, to: [CUSTOMER], subject, body }]);
  });

  it("puts the configured brand in subject and body", async () => {
    await notifier({ brand: "Fruitful" })(sqsEvent(sqsRecord(checkoutEvent("PaymentFailed"), "m1")), LAMBDA_CONTEXT);
    expect(sentEmails()).toEqual([
      { from: SENDER, to: [CUSTOMER], subject: "Fruitful's Payment Failed", body: "Hello, your payment to Fruitful is unsuccessful. Please try again." },
    ]);
  });

  it("covers every DetailType of the contract", async () => {
    const records = DETAIL_TYPES.map((type, i) => sqsRecord(checkoutEvent(type), `m${i}`));
    const response = await notifier()(sqsEvent(...records), LAMBDA_CONTEXT);
    expect(response.batchItemFailures).toEqual([]);
    expect(sentEmails()).toHaveLength(DETAIL_TYPES.length);
  });

  it("looks the email up by cart_id with a consistent read of the orders table", async () => {
    await notifier()(sqsEvent(sqsRecord(checkoutEvent("ShippingSuccessful", "900001"), "m1")), LAMBDA_CONTEXT);
    expect(sentEmails().map((e) => e.to)).toEqual([[OTHER_CUSTOMER]]);
    const lookups = dynamo.mock.calls().map((call) => call.args[0].input as { TableName?: string; Key?: unknown; ConsistentRead?: boolean });
    expect(lookups.filter((input) => input.TableName === ORDERS_TABLE)).toEqual([
      { TableName: ORDERS_TABLE, Key: { cart_id: { S: "900001" } }, ProjectionExpression: "email", ConsistentRead: true },
    ]);
  });
});

describe("notifier delivery guarantees", () => {
  it("a message delivered twice sends one email, in one batch or in two", async () => {
    const handler = notifier();
    const event = checkoutEvent("ShippingSuccessful");
    const { result: first, logs } = await output.capture(() => handler(sqsEvent(sqsRecord(event, "m1"), sqsRecord(event, "m2")), LAMBDA_CONTEXT));
    const again = await handler(sqsEvent(sqsRecord(event, "m3", 2)), LAMBDA_CONTEXT);
    expect(first).toEqual({ batchItemFailures: [] });
    expect(again).toEqual({ batchItemFailures: [] });
    expect(sentEmails()).toHaveLength(1);
    expect(logs.map((l) => [l.message_id, l.message])).toEqual([
      ["m1", "email sent"],
      ["m2", "duplicate delivery: email already sent for this cart and detail type"],
    ]);
  });

  it("a re-put of the same outcome (same cart and DetailType, new event id) sends one email", async () => {
    // Step Functions retried a PutEvents whose first attempt had gone through: two events, two ids, one outcome.
    const handler = notifier();
    const first = await handler(sqsEvent(sqsRecord(checkoutEvent("PaymentFailed", ORDER.CartId, "event-A"), "m1")), LAMBDA_CONTEXT);
    const { result: rePut, logs } = await output.capture(() => handler(sqsEvent(sqsRecord(checkoutEvent("PaymentFailed", ORDER.CartId, "event-B"), "m2")), LAMBDA_CONTEXT));
    expect([first, rePut]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(sentEmails()).toHaveLength(1);
    expect(logs).toEqual([expect.objectContaining({ message_id: "m2", event_id: "event-B", message: "duplicate delivery: email already sent for this cart and detail type" })]);
    expect(dynamo.idempotencyRecords()).toHaveLength(1);
  });

  it("a different DetailType for the same cart, or the same DetailType for another cart, is its own email", async () => {
    const handler = notifier();
    const records = [
      sqsRecord(checkoutEvent("ShippingFailed", ORDER.CartId, "e1"), "m1"),
      sqsRecord(checkoutEvent("ShippingSuccessful", ORDER.CartId, "e1"), "m2"), // same event id, other DetailType
      sqsRecord(checkoutEvent("ShippingFailed", "900001", "e1"), "m3"), // same event id, other cart
      sqsRecord(checkoutEvent("ShippingFailed", ORDER.CartId, "e2"), "m4"), // a re-put of m1
    ];
    expect(await handler(sqsEvent(...records), LAMBDA_CONTEXT)).toEqual({ batchItemFailures: [] });
    expect(sentEmails().map((e) => [e.to?.[0], e.subject, e.body])).toEqual([
      [CUSTOMER, "Octank's Order Confirmed", "Hello, your order is confirmed. Shipping details will arrive shortly."],
      [CUSTOMER, "Octank's Order Confirmed", "Hello, your order is confirmed. Please refer to shipping email for more details."],
      [OTHER_CUSTOMER, "Octank's Order Confirmed", "Hello, your order is confirmed. Shipping details will arrive shortly."],
    ]);
  });

  it("stores one idempotency record per cart and DetailType, with a TTL in `expiration` and no personal data", async () => {
    const before = Math.floor(Date.now() / 1000);
    const handler = notifier();
    await handler(sqsEvent(sqsRecord(checkoutEvent("PaymentFailed", ORDER.CartId, "event-A"), "m1")), LAMBDA_CONTEXT);
    await handler(sqsEvent(sqsRecord(checkoutEvent("PaymentFailed", "900001", "event-A"), "m2")), LAMBDA_CONTEXT);
    await handler(sqsEvent(sqsRecord(checkoutEvent("PaymentFailed", ORDER.CartId, "event-C"), "m3")), LAMBDA_CONTEXT);
    expect(sentEmails()).toHaveLength(2);
    const records = dynamo.idempotencyRecords();
    expect(records).toHaveLength(2);
    expect(new Set(records.map((r) => r.id?.S)).size).toBe(2);
    for (const record of records) {
      expect(record.id?.S).toMatch(/^checkout-notifier#/);
      expect(record.status?.S).toBe("COMPLETED");
      expect(Number(record.expiration?.N)).toBeGreaterThanOrEqual(before + IDEMPOTENCY_EXPIRY_SECONDS);
      expect(JSON.stringify(record)).not.toContain(CUSTOMER);
      expect(JSON.stringify(record)).not.toContain(OTHER_CUSTOMER);
    }
  });

  it("an event without an id is still emailed once: the key does not need it", async () => {
    const withoutId = { ...checkoutEvent("ShippingSuccessful"), id: undefined };
    const response = await notifier()(sqsEvent(sqsRecord(withoutId, "m1"), sqsRecord(withoutId, "m2")), LAMBDA_CONTEXT);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sentEmails()).toHaveLength(1);
  });

  it("a failing record among good ones is the only one reported, and the others are not re-sent on retry", async () => {
    const handler = notifier();
    const good1 = sqsRecord(checkoutEvent("ShippingSuccessful", ORDER.CartId), "good-1");
    const bad = sqsRecord(checkoutEvent("ShippingSuccessful", "404404"), "bad");
    const good2 = sqsRecord(checkoutEvent("PaymentFailed", "900001"), "good-2");
    const first = await handler(sqsEvent(good1, bad, good2), LAMBDA_CONTEXT);
    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: "bad" }] });
    expect(sentEmails().map((e) => e.to)).toEqual([[CUSTOMER], [OTHER_CUSTOMER]]);
    // Had Lambda retried the whole batch, the good ones would find their records and send nothing.
    const retry = await handler(sqsEvent(good1, bad, good2), LAMBDA_CONTEXT);
    expect(retry).toEqual({ batchItemFailures: [{ itemIdentifier: "bad" }] });
    expect(sentEmails()).toHaveLength(2);
  });

  it("SES throttling fails only that record; its redelivery sends the email once", async () => {
    const throttled = new SESServiceException({ name: "Throttling", $fault: "client", message: "Maximum sending rate exceeded.", $metadata: { httpStatusCode: 400 } });
    let n = 0;
    sesMock.on(SendEmailCommand).callsFake(() => {
      n++;
      if (n === 2) throw throttled;
      return { MessageId: `ses-${n}` };
    });
    const handler = notifier();
    const a = sqsRecord(checkoutEvent("PaymentFailed", ORDER.CartId), "a");
    const b = sqsRecord(checkoutEvent("ShippingSuccessful", "900001"), "b");
    const c = sqsRecord(checkoutEvent("CheckoutFailed", ORDER.CartId), "c");
    const { result, logs } = await output.capture(() => handler(sqsEvent(a, b, c), LAMBDA_CONTEXT));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "b" }] });
    expect(logs.find((l) => l.message_id === "b")).toMatchObject({ level: "WARN", message: "message failed, it will be retried", cart_id: "900001", error: { name: "Throttling" } });
    // The failed send left no record behind, so the queue's redelivery sends it.
    const redelivery = await handler(sqsEvent({ ...b, attributes: { ...b.attributes, ApproximateReceiveCount: "2" } }), LAMBDA_CONTEXT);
    expect(redelivery).toEqual({ batchItemFailures: [] });
    expect(sentEmails().filter((e) => e.to?.[0] === OTHER_CUSTOMER)).toHaveLength(2); // the throttled call, then the one that went out
    expect(n).toBe(4);
  });

  it("a redelivery while the first delivery is still in progress fails that record instead of sending twice", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    sesMock.on(SendEmailCommand).callsFake(async () => {
      await gate;
      return { MessageId: "slow" };
    });
    const handler = notifier();
    const event = checkoutEvent("ShippingFailed");
    const slow = handler(sqsEvent(sqsRecord(event, "first")), LAMBDA_CONTEXT);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const concurrent = handler(sqsEvent(sqsRecord(event, "second")), LAMBDA_CONTEXT);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    expect(await slow).toEqual({ batchItemFailures: [] });
    expect(await concurrent).toEqual({ batchItemFailures: [{ itemIdentifier: "second" }] });
    expect(sesMock.commandCalls(SendEmailCommand)).toHaveLength(1);
  });
});

describe("notifier unprocessable messages", () => {
  it.each([
    ["an unknown DetailType", checkoutEvent("OrderShipped"), 'event detail-type "OrderShipped" is not one of PaymentFailed, ShippingFailed, ShippingSuccessful, CheckoutFailed: no email for it'],
    ["a missing order after PaymentFailed", checkoutEvent("PaymentFailed", "404404"), "no order with cart_id 404404 in table orders", "OrderNotFound"],
    ["a missing order after ShippingFailed", checkoutEvent("ShippingFailed", "404404"), "no order with cart_id 404404 in table orders", "OrderNotFound"],
    ["a missing order after ShippingSuccessful", checkoutEvent("ShippingSuccessful", "404404"), "no order with cart_id 404404 in table orders", "OrderNotFound"],
    ["an order without email", checkoutEvent("PaymentFailed", "900002"), "order 900002 in table orders has no email attribute"],
    ["a CheckoutFailed whose order has no email", checkoutEvent("CheckoutFailed", "900002"), "order 900002 in table orders has no email attribute"],
    ["a body that is not JSON", "not json", "message body is not JSON ("],
    ["an event without cart_id", { ...checkoutEvent("PaymentFailed"), detail: { Time: "2026-11-30T12:00:00Z", reason: "x" } }, "event.detail must have required property 'cart_id'"],
    ["an event from another source", { ...checkoutEvent("PaymentFailed"), source: "Somebody" }, 'event.source must be "CheckoutWorkflow"'],
    ["a CheckoutFailed with an unknown code", withDetail(checkoutEvent("CheckoutFailed"), { code: "Refunded" }), "event.detail.code must be equal to one of the allowed values"],
    ["a code on another DetailType", withDetail(checkoutEvent("PaymentFailed"), { code: "CheckoutError" }), "event.detail has unknown property 'code'"],
  ])("%s: logged and reported as a failure of that record only, no email", async (_case, body, reason, errorName = "UnprocessableMessage") => {
    const handler = notifier();
    const good = sqsRecord(checkoutEvent("ShippingSuccessful"), "good");
    const { result, logs } = await output.capture(() => handler(sqsEvent(sqsRecord(body, "poison", 3), good), LAMBDA_CONTEXT));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "poison" }] });
    expect(sentEmails()).toHaveLength(1);
    const logged = logs.find((l) => l.message_id === "poison");
    expect(logged).toMatchObject({
      level: "ERROR",
      message: "message cannot be processed: it fails until the queue moves it to the dead-letter queue",
      receive_count: "3",
      error: { name: errorName },
    });
    expect((logged?.error as { message: string }).message).toContain(reason);
    // Nothing is remembered for a failed message: each receive tries again until the redrive policy moves it.
    expect(dynamo.idempotencyRecords().map((r) => r.status?.S)).toEqual(["COMPLETED"]);
  });

  it("logs with the cart id and never the email address, even when SES quotes it", async () => {
    sesMock.on(SendEmailCommand).rejects(
      new SESServiceException({ name: "MessageRejected", $fault: "client", message: `Email address is not verified: ${CUSTOMER}, ${SENDER}`, $metadata: {} }),
    );
    const { result, logs, raw } = await output.capture(() => notifier()(sqsEvent(sqsRecord(checkoutEvent("PaymentFailed"), "m1")), LAMBDA_CONTEXT));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "m1" }]);
    expect(logs[0]).toMatchObject({ cart_id: ORDER.CartId, event_id: "evt-PaymentFailed-835235", detail_type: "PaymentFailed", service: "notifier", function_request_id: "req-1" });
    expect(raw).not.toContain(CUSTOMER);
    expect(raw).not.toContain(SENDER);
    expect(raw).toContain("[redacted]");
  });
});

describe("notifier and CheckoutFailed", () => {
  it.each([
    ["without a code", checkoutEvent("CheckoutFailed")],
    ["with code CheckoutError", withDetail(checkoutEvent("CheckoutFailed"), { code: "CheckoutError" })],
  ])("a CheckoutFailed %s is emailed to the order's customer", async (_case, event) => {
    const { result, logs } = await output.capture(() => notifier()(sqsEvent(sqsRecord(event, "m1")), LAMBDA_CONTEXT));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(sentEmails()).toEqual([
      { from: SENDER, to: [CUSTOMER], subject: "Octank's Order Could Not Be Processed", body: "Hello, we could not process your order. You have not been charged." },
    ]);
    expect(logs[0]).toMatchObject({ message: "email sent", cart_id: ORDER.CartId });
  });

  it("a DuplicateCart failure is logged without personal data and acknowledged: no email, no retry, no record", async () => {
    // The order of this cart belongs to its first checkout: that customer must not hear "their" order failed.
    const duplicate = withDetail(checkoutEvent("CheckoutFailed", ORDER.CartId, "dup-1"), { code: "DuplicateCart" });
    const { result, logs, raw } = await output.capture(() => notifier()(sqsEvent(sqsRecord(duplicate, "m1", 1)), LAMBDA_CONTEXT));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(sentEmails()).toEqual([]);
    expect(logs).toEqual([
      expect.objectContaining({
        level: "INFO",
        message: "duplicate cart: not emailed, the order in the table belongs to the cart's first checkout",
        cart_id: ORDER.CartId,
        detail_type: "CheckoutFailed",
        code: "DuplicateCart",
        message_id: "m1",
      }),
    ]);
    expect(raw).not.toContain(CUSTOMER);
    // Not even looked up: the notifier never reads the first checkout's order for it.
    expect(dynamo.mock.calls()).toEqual([]);
  });

  it("a DuplicateCart failure does not use up the cart's CheckoutFailed: the first checkout's own failure is still emailed", async () => {
    const handler = notifier();
    const duplicate = withDetail(checkoutEvent("CheckoutFailed", ORDER.CartId, "dup-1"), { code: "DuplicateCart" });
    const ownFailure = withDetail(checkoutEvent("CheckoutFailed", ORDER.CartId, "own-1"), { code: "CheckoutError" });
    expect(await handler(sqsEvent(sqsRecord(duplicate, "m1"), sqsRecord(ownFailure, "m2"), sqsRecord(duplicate, "m3")), LAMBDA_CONTEXT)).toEqual({ batchItemFailures: [] });
    expect(sentEmails().map((e) => [e.to?.[0], e.subject])).toEqual([[CUSTOMER, "Octank's Order Could Not Be Processed"]]);
  });

  it.each([
    ["without a code", checkoutEvent("CheckoutFailed", "404404")],
    ["with code CheckoutError", withDetail(checkoutEvent("CheckoutFailed", "404404"), { code: "CheckoutError" })],
  ])("a CheckoutFailed %s whose order was never recorded is logged as an error with the cart id and acknowledged", async (_case, event) => {
    const handler = notifier();
    const good = sqsRecord(checkoutEvent("ShippingSuccessful"), "good");
    const { result, logs } = await output.capture(() => handler(sqsEvent(sqsRecord(event, "orderless", 1), good), LAMBDA_CONTEXT));
    // Acknowledged: not in batchItemFailures, so it is not retried and never reaches the dead-letter queue.
    expect(result).toEqual({ batchItemFailures: [] });
    expect(sentEmails().map((e) => e.subject)).toEqual(["Octank's Order Confirmed"]);
    expect(logs.find((l) => l.message_id === "orderless")).toMatchObject({
      level: "ERROR",
      message: "checkout failed before its order was recorded: no email address exists, acknowledged without email",
      cart_id: "404404",
      detail_type: "CheckoutFailed",
      error: { name: "OrderNotFound", message: "no order with cart_id 404404 in table orders" },
    });
    // Nothing is remembered for it: had the order existed on a redelivery, it would be emailed.
    expect(dynamo.idempotencyRecords().map((r) => r.status?.S)).toEqual(["COMPLETED"]);
  });
});

describe("notifier configuration", () => {
  const ENV = ["ORDERS_TABLE_NAME", "IDEMPOTENCY_TABLE_NAME", "SENDER_EMAIL", "BRAND"] as const;
  let saved: Record<string, string | undefined>;
  beforeEach(() => {
    saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
    process.env.ORDERS_TABLE_NAME = ORDERS_TABLE;
    process.env.IDEMPOTENCY_TABLE_NAME = IDEMPOTENCY_TABLE;
    process.env.SENDER_EMAIL = SENDER;
    delete process.env.BRAND;
  });
  afterEach(() => {
    for (const name of ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  const fromEnv = () =>
    createNotifierHandler({ dynamodb: new DynamoDBClient({ region: "eu-west-1" }), ses: new SESClient({ region: "eu-west-1" }) });

  it("reads its settings from the environment, brand defaulting to Octank, and picks up changes", async () => {
    const handler = fromEnv();
    await handler(sqsEvent(sqsRecord(checkoutEvent("CheckoutFailed", ORDER.CartId, "e1"), "m1")), LAMBDA_CONTEXT);
    process.env.BRAND = "Fruitful";
    await handler(sqsEvent(sqsRecord(checkoutEvent("CheckoutFailed", "900001", "e2"), "m2")), LAMBDA_CONTEXT);
    expect(sentEmails().map((e) => [e.from, e.subject])).toEqual([
      [SENDER, "Octank's Order Could Not Be Processed"],
      [SENDER, "Fruitful's Order Could Not Be Processed"],
    ]);
  });

  it.each([
    ["SENDER_EMAIL", undefined, "SENDER_EMAIL is required: set it to the verified SES sender address"],
    ["SENDER_EMAIL", "orders", 'SENDER_EMAIL must be an email address such as orders@example.com, not "orders"'],
    ["ORDERS_TABLE_NAME", "  ", "ORDERS_TABLE_NAME is required: set it to the orders table name"],
    ["IDEMPOTENCY_TABLE_NAME", undefined, "IDEMPOTENCY_TABLE_NAME is required: set it to the idempotency table name"],
  ])("a bad %s (%j) fails the invocation with a message naming it, and sends nothing", async (name, value, message) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
    await expect(fromEnv()(sqsEvent(sqsRecord(checkoutEvent("PaymentFailed"), "m1")), LAMBDA_CONTEXT)).rejects.toThrow(message);
    expect(sentEmails()).toEqual([]);
  });

  it("accepts a sender with a display name", async () => {
    process.env.SENDER_EMAIL = "Octank Orders <orders@octank.example>";
    await fromEnv()(sqsEvent(sqsRecord(checkoutEvent("PaymentFailed"), "m1")), LAMBDA_CONTEXT);
    expect(sentEmails().map((e) => e.from)).toEqual(["Octank Orders <orders@octank.example>"]);
  });
});
