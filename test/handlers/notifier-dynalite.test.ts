/**
 * The notifier's idempotency against a real DynamoDB implementation (dynalite, in memory), so the
 * persistence layer's own condition and update expressions are evaluated by a database, not by a fake.
 */
import { CreateTableCommand, DynamoDBClient, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { SendEmailCommand, SESClient, SESServiceException } from "@aws-sdk/client-ses";
import { mockClient } from "aws-sdk-client-mock";
import dynalite from "dynalite";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createNotifierHandler } from "../../handlers/notifier";
import { interceptLogs } from "./log-capture";
import { checkoutEvent, LAMBDA_CONTEXT, ORDER, sqsEvent, sqsRecord } from "./samples";

interceptLogs();
const sesMock = mockClient(SESClient);
let server: Server;
let dynamodb: DynamoDBClient;
let tableCounter = 0;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }) as Server;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  dynamodb = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: "eu-west-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
});
afterAll(async () => {
  dynamodb?.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  sesMock.restore();
});
beforeEach(() => {
  sesMock.reset();
  sesMock.on(SendEmailCommand).resolves({ MessageId: "ses-1" });
});

async function freshTables() {
  const suffix = ++tableCounter;
  const orders = `orders-${suffix}`;
  const idempotency = `idempotency-${suffix}`;
  await dynamodb.send(new CreateTableCommand({ TableName: orders, KeySchema: [{ AttributeName: "cart_id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "cart_id", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }));
  await dynamodb.send(new CreateTableCommand({ TableName: idempotency, KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }));
  await dynamodb.send(new PutItemCommand({ TableName: orders, Item: { cart_id: { S: ORDER.CartId }, email: { S: "real.db@example.org" } } }));
  const handler = createNotifierHandler({ ordersTable: orders, idempotencyTable: idempotency, senderEmail: "orders@octank.example", dynamodb, ses: new SESClient({ region: "eu-west-1" }) });
  const records = async () => (await dynamodb.send(new ScanCommand({ TableName: idempotency }))).Items ?? [];
  return { handler, records };
}

describe("notifier idempotency on dynalite", () => {
  it("sends one email for an event delivered three times, and stores a COMPLETED record with a TTL", async () => {
    const { handler, records } = await freshTables();
    const event = checkoutEvent("ShippingSuccessful");
    expect(await handler(sqsEvent(sqsRecord(event, "m1"), sqsRecord(event, "m2")), LAMBDA_CONTEXT)).toEqual({ batchItemFailures: [] });
    expect(await handler(sqsEvent(sqsRecord(event, "m3")), LAMBDA_CONTEXT)).toEqual({ batchItemFailures: [] });
    expect(sesMock.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Destination?.ToAddresses)).toEqual([["real.db@example.org"]]);
    const stored = await records();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: { S: "COMPLETED" }, expiration: { N: expect.any(String) }, data: { M: { messageId: { S: "ses-1" } } } });
  });

  it("a re-put of the same outcome under a new event id meets the first record: one email; another DetailType is its own", async () => {
    const { handler, records } = await freshTables();
    const first = checkoutEvent("PaymentFailed", ORDER.CartId, "event-A");
    const rePut = checkoutEvent("PaymentFailed", ORDER.CartId, "event-B");
    const other = checkoutEvent("CheckoutFailed", ORDER.CartId, "event-A");
    expect(await handler(sqsEvent(sqsRecord(first, "m1")), LAMBDA_CONTEXT)).toEqual({ batchItemFailures: [] });
    expect(await handler(sqsEvent(sqsRecord(rePut, "m2"), sqsRecord(other, "m3")), LAMBDA_CONTEXT)).toEqual({ batchItemFailures: [] });
    expect(sesMock.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Message?.Subject?.Data)).toEqual([
      "Octank's Payment Failed",
      "Octank's Order Could Not Be Processed",
    ]);
    expect((await records()).map((r) => r.status?.S)).toEqual(["COMPLETED", "COMPLETED"]);
  });

  it("a failed send leaves no record, so the redelivery sends", async () => {
    const { handler, records } = await freshTables();
    sesMock.on(SendEmailCommand).rejectsOnce(new SESServiceException({ name: "Throttling", $fault: "client", message: "Maximum sending rate exceeded.", $metadata: {} })).resolves({ MessageId: "ses-2" });
    const event = checkoutEvent("PaymentFailed");
    expect(await handler(sqsEvent(sqsRecord(event, "m1")), LAMBDA_CONTEXT)).toEqual({ batchItemFailures: [{ itemIdentifier: "m1" }] });
    expect(await records()).toEqual([]);
    expect(await handler(sqsEvent(sqsRecord(event, "m1", 2)), LAMBDA_CONTEXT)).toEqual({ batchItemFailures: [] });
    expect(sesMock.commandCalls(SendEmailCommand)).toHaveLength(2);
    expect((await records()).map((r) => r.status?.S)).toEqual(["COMPLETED"]);
  });
});
