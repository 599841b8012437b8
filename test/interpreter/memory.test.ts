/** The in-memory DynamoDB table and event bus, through the Step Functions integrations. */
import { describe, expect, it } from "vitest";
import { InMemoryDynamoDb, InMemoryEventBus, InMemoryLambda, Interpreter, StatesError } from "../../asl/interpreter";

function tableWithOrder() {
  const db = new InMemoryDynamoDb();
  const table = db.createTable("orders", "cart_id");
  db.call("putItem", { TableName: "orders", Item: { cart_id: { S: "1" }, status: { S: "Pending" }, n: { N: "1" } } });
  return { db, table };
}

function errorOf(f: () => unknown): { error: string; cause: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof StatesError) return { error: e.error, cause: e.cause };
    throw e;
  }
  throw new Error("expected a StatesError");
}

describe("InMemoryDynamoDb", () => {
  it("PutItem with attribute_not_exists refuses an existing key with DynamoDB.ConditionalCheckFailedException", () => {
    const { db, table } = tableWithOrder();
    const put = () => db.call("putItem", { TableName: "orders", Item: { cart_id: { S: "1" }, status: { S: "New" } }, ConditionExpression: "attribute_not_exists(cart_id)" });
    expect(errorOf(put).error).toBe("DynamoDB.ConditionalCheckFailedException");
    expect(table.get({ cart_id: { S: "1" } })?.status).toEqual({ S: "Pending" });
  });

  it("UpdateItem applies SET with ExpressionAttributeValues and Names, arithmetic and if_not_exists", () => {
    const { db, table } = tableWithOrder();
    const out = db.call("updateItem", {
      TableName: "orders", Key: { cart_id: { S: "1" } },
      UpdateExpression: "SET #s = :s, n = n + :one, created = if_not_exists(created, :now) REMOVE gone",
      ConditionExpression: "attribute_exists(cart_id) AND #s = :pending",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":s": { S: "Done" }, ":one": { N: "1" }, ":now": { S: "t0" }, ":pending": { S: "Pending" } },
      ReturnValues: "ALL_NEW",
    });
    expect(table.get({ cart_id: { S: "1" } })).toEqual({ cart_id: { S: "1" }, status: { S: "Done" }, n: { N: "2" }, created: { S: "t0" } });
    expect((out as { Attributes: unknown }).Attributes).toEqual(table.get({ cart_id: { S: "1" } }));
  });

  it("UpdateItem with attribute_exists on a missing key fails the condition and creates nothing", () => {
    const { db, table } = tableWithOrder();
    const update = () => db.call("updateItem", { TableName: "orders", Key: { cart_id: { S: "2" } }, UpdateExpression: "SET a = :a", ConditionExpression: "attribute_exists(cart_id)", ExpressionAttributeValues: { ":a": { S: "x" } } });
    expect(errorOf(update).error).toBe("DynamoDB.ConditionalCheckFailedException");
    expect(table.size).toBe(1);
  });

  it("names unknown tables, missing keys, undefined placeholders and unsupported clauses", () => {
    const { db } = tableWithOrder();
    expect(errorOf(() => db.call("getItem", { TableName: "nope", Key: { cart_id: { S: "1" } } })).error).toBe("DynamoDB.ResourceNotFoundException");
    expect(errorOf(() => db.call("putItem", { TableName: "orders", Item: { other: { S: "1" } } })).cause).toContain("Missing the key cart_id");
    expect(errorOf(() => db.call("updateItem", { TableName: "orders", Key: { cart_id: { S: "1" } }, UpdateExpression: "SET a = :missing" })).cause).toContain(":missing");
    expect(errorOf(() => db.call("updateItem", { TableName: "orders", Key: { cart_id: { S: "1" } }, UpdateExpression: "ADD n :one", ExpressionAttributeValues: { ":one": { N: "1" } } })).cause).toContain("unsupported clause 'ADD'");
    expect(errorOf(() => db.call("putItem", { TableName: "orders", Item: { cart_id: "1" } })).cause).toContain("AttributeValue");
  });

  it("injected faults fail the next matching call only", () => {
    const { db } = tableWithOrder();
    db.injectFault({ operation: "getItem", error: "DynamoDB.InternalServerErrorException" });
    expect(errorOf(() => db.call("getItem", { TableName: "orders", Key: { cart_id: { S: "1" } } })).error).toBe("DynamoDB.InternalServerErrorException");
    expect(db.call("getItem", { TableName: "orders", Key: { cart_id: { S: "1" } } })).toHaveProperty("Item");
  });

  it("serves the dynamodb:* resources of a state machine", async () => {
    const db = new InMemoryDynamoDb();
    db.createTable("t", "id");
    const interpreter = new Interpreter({ integrations: db.integrations() });
    const sm = interpreter.createStateMachine({
      StartAt: "Put",
      States: {
        Put: { Type: "Task", Resource: "arn:aws:states:::dynamodb:putItem", Parameters: { TableName: "t", Item: { id: { "S.$": "$.id" } }, ConditionExpression: "attribute_not_exists(id)" }, ResultPath: null, Next: "Get" },
        Get: { Type: "Task", Resource: "arn:aws:states:::dynamodb:getItem", Parameters: { TableName: "t", Key: { id: { "S.$": "$.id" } } }, ResultSelector: { "item.$": "$.Item" }, End: true },
      },
    });
    expect((await interpreter.run(sm, { id: "a" })).output).toEqual({ item: { id: { S: "a" } } });
    expect((await interpreter.run(sm, { id: "a" })).error).toBe("DynamoDB.ConditionalCheckFailedException");
  });
});

describe("InMemoryEventBus", () => {
  it("records entries per execution with the default bus name, and refuses malformed ones", async () => {
    const bus = new InMemoryEventBus();
    const interpreter = new Interpreter({ integrations: bus.integrations() });
    const sm = interpreter.createStateMachine({
      StartAt: "E",
      States: { E: { Type: "Task", Resource: "arn:aws:states:::events:putEvents", Parameters: { "Entries.$": "$.entries" }, End: true } },
    });
    const ok = await interpreter.run(sm, { entries: [{ Source: "s", DetailType: "d", Detail: { a: 1 } }] });
    expect(ok.output).toEqual({ Entries: [{ EventId: "event-1" }], FailedEntryCount: 0 });
    expect(bus.entriesOf(ok.execution.executionArn)).toEqual([{ Source: "s", DetailType: "d", Detail: { a: 1 }, EventBusName: "default" }]);
    const bad = await interpreter.run(sm, { entries: [{ Source: "s" }] });
    expect(bad.error).toBe("EventBridge.AmazonEventBridgeException");
    expect(bus.entries).toHaveLength(1);
  });
});

describe("InMemoryLambda", () => {
  const lambda = new InMemoryLambda({
    "arn:aws:lambda:us-east-1:123456789012:function:double": (p) => ({ n: (p as { n: number }).n * 2 }),
    fail: () => { const e = new Error("bad input"); e.name = "ValidationError"; throw e; },
  });
  const interpreter = new Interpreter({ integrations: lambda.integrations() });

  it("answers lambda:invoke with the Payload wrapped, and plain function ARNs with the result", async () => {
    const sm = interpreter.createStateMachine({
      StartAt: "Invoke",
      States: {
        Invoke: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "double:$LATEST", "Payload.$": "$" }, OutputPath: "$.Payload", Next: "Direct" },
        Direct: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:123456789012:function:double", End: true },
      },
    });
    expect((await interpreter.run(sm, { n: 3 })).output).toEqual({ n: 12 });
  });

  it("reports a thrown error by its name, and an unknown function", async () => {
    const sm = (fn: string) => interpreter.createStateMachine({ StartAt: "I", States: { I: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: fn }, End: true } } });
    const failed = await interpreter.run(sm("fail"), {});
    expect([failed.error, JSON.parse(failed.cause!)]).toEqual(["ValidationError", { errorType: "ValidationError", errorMessage: "bad input" }]);
    expect((await interpreter.run(sm("missing"), {})).error).toBe("Lambda.ResourceNotFoundException");
  });
});
