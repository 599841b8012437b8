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

  describe("a put that only its own writer may repeat: attribute_not_exists(k) OR owner = :owner", () => {
    const condition = "attribute_not_exists(cart_id) OR execution_id = :execution_id";
    const put = (db: InMemoryDynamoDb, owner: string, status: string) =>
      db.call("putItem", {
        TableName: "orders",
        Item: { cart_id: { S: "7" }, execution_id: { S: owner }, status: { S: status } },
        ConditionExpression: condition,
        ExpressionAttributeValues: { ":execution_id": { S: owner } },
      });

    it("writes a new key, lets the same owner rewrite it, and refuses another owner leaving the item unchanged", () => {
      const db = new InMemoryDynamoDb();
      const table = db.createTable("orders", "cart_id");
      put(db, "exec-a", "first");
      put(db, "exec-a", "rewritten");
      expect(table.get({ cart_id: { S: "7" } })).toEqual({ cart_id: { S: "7" }, execution_id: { S: "exec-a" }, status: { S: "rewritten" } });
      expect(errorOf(() => put(db, "exec-b", "duplicate")).error).toBe("DynamoDB.ConditionalCheckFailedException");
      expect(table.get({ cart_id: { S: "7" } })?.status).toEqual({ S: "rewritten" });
    });

    it("refuses an existing item that has no owner attribute at all (a missing attribute is never = to a value)", () => {
      const db = new InMemoryDynamoDb();
      const table = db.createTable("orders", "cart_id");
      db.call("putItem", { TableName: "orders", Item: { cart_id: { S: "7" }, status: { S: "legacy" } } });
      expect(errorOf(() => put(db, "exec-a", "new")).error).toBe("DynamoDB.ConditionalCheckFailedException");
      expect(table.get({ cart_id: { S: "7" } })).toEqual({ cart_id: { S: "7" }, status: { S: "legacy" } });
    });

    it("refuses a rewrite whose placeholder is missing even when the left side of OR already holds", () => {
      const db = new InMemoryDynamoDb();
      db.createTable("orders", "cart_id");
      const call = () => db.call("putItem", { TableName: "orders", Item: { cart_id: { S: "8" } }, ConditionExpression: condition });
      expect(errorOf(call).cause).toContain("attribute value: :execution_id");
    });
  });

  it("compares as DynamoDB does: types must match, numbers by value, missing attributes only satisfy <>", () => {
    const { db } = tableWithOrder(); // cart_id S "1", status S "Pending", n N "1"
    const holds = (condition: string, values: Record<string, unknown>, names?: Record<string, string>) => {
      try {
        db.call("updateItem", {
          TableName: "orders", Key: { cart_id: { S: "1" } }, UpdateExpression: "SET touched = :t", ConditionExpression: condition,
          ExpressionAttributeValues: { ":t": { S: "y" }, ...values } as never, ...(names ? { ExpressionAttributeNames: names } : {}),
        });
        return true;
      } catch (e) {
        if (e instanceof StatesError && e.error === "DynamoDB.ConditionalCheckFailedException") return false;
        throw e;
      }
    };
    expect(holds("n = :v", { ":v": { N: "1.0" } })).toBe(true);
    expect(holds("n = :v", { ":v": { S: "1" } })).toBe(false);
    expect(holds("n <> :v", { ":v": { S: "1" } })).toBe(true);
    expect(holds("n < :v", { ":v": { S: "5" } })).toBe(false);
    expect(holds("n < :v", { ":v": { N: "10" } })).toBe(true);
    expect(holds("#s < :v", { ":v": { S: "Q" } }, { "#s": "status" })).toBe(true);
    expect(holds("nothing = :v", { ":v": { S: "x" } })).toBe(false);
    expect(holds("nothing <> :v", { ":v": { S: "x" } })).toBe(true);
    // Keywords are case-insensitive; AND binds tighter than OR.
    expect(holds("attribute_not_exists(cart_id) or n = :one", { ":one": { N: "1" } })).toBe(true);
    expect(holds("n = :one OR n = :two AND n = :three", { ":one": { N: "1" }, ":two": { N: "2" }, ":three": { N: "3" } })).toBe(true);
    expect(holds("(n = :one OR n = :two) AND n = :three", { ":one": { N: "1" }, ":two": { N: "2" }, ":three": { N: "3" } })).toBe(false);
    expect(holds("NOT n = :two", { ":two": { N: "2" } })).toBe(true);
  });

  it("compares sets regardless of order, and lists and maps member by member", () => {
    const db = new InMemoryDynamoDb();
    db.createTable("t", "id");
    db.call("putItem", { TableName: "t", Item: { id: { S: "1" }, tags: { SS: ["a", "b"] }, l: { L: [{ S: "a" }, { N: "2" }] }, m: { M: { x: { S: "1" } } } } });
    const stored = (condition: string, values: Record<string, unknown>) => {
      try {
        db.call("updateItem", { TableName: "t", Key: { id: { S: "1" } }, UpdateExpression: "SET seen = :seen", ConditionExpression: condition, ExpressionAttributeValues: { ":seen": { S: "y" }, ...values } as never });
      } catch (e) {
        if (e instanceof StatesError && e.error === "DynamoDB.ConditionalCheckFailedException") return false;
        throw e;
      }
      return true;
    };
    expect(stored("tags = :v", { ":v": { SS: ["b", "a"] } })).toBe(true);
    expect(stored("tags = :v", { ":v": { SS: ["a"] } })).toBe(false);
    expect(stored("l = :v", { ":v": { L: [{ S: "a" }, { N: "2.0" }] } })).toBe(true);
    expect(stored("l = :v", { ":v": { L: [{ N: "2" }, { S: "a" }] } })).toBe(false);
    expect(stored("m = :v", { ":v": { M: { x: { S: "1" } } } })).toBe(true);
    expect(stored("m = :v", { ":v": { M: { x: { N: "1" } } } })).toBe(false);
  });

  it("refuses ExpressionAttributeValues and Names that no expression uses, naming them", () => {
    const { db, table } = tableWithOrder();
    const unusedValue = () => db.call("putItem", { TableName: "orders", Item: { cart_id: { S: "2" } }, ConditionExpression: "attribute_not_exists(cart_id)", ExpressionAttributeValues: { ":typo": { S: "x" } } });
    expect(errorOf(unusedValue)).toEqual({ error: "DynamoDB.AmazonDynamoDBException", cause: expect.stringContaining("ExpressionAttributeValues unused in expressions: keys: {:typo}") });
    const unusedName = () => db.call("updateItem", { TableName: "orders", Key: { cart_id: { S: "1" } }, UpdateExpression: "SET a = :a", ExpressionAttributeValues: { ":a": { S: "x" } }, ExpressionAttributeNames: { "#gone": "gone" } });
    expect(errorOf(unusedName).cause).toContain("ExpressionAttributeNames unused in expressions: keys: {#gone}");
    expect(table.size).toBe(1);
    expect(table.get({ cart_id: { S: "1" } })?.a).toBeUndefined();
  });

  it("judges placeholders per request when the same expressions repeat (memoized scans keep no request's names)", () => {
    const { db, table } = tableWithOrder();
    const update = (values: Record<string, unknown>, names?: Record<string, string>) => () =>
      db.call("updateItem", { TableName: "orders", Key: { cart_id: { S: "1" } }, UpdateExpression: "SET #s = :s", ConditionExpression: "attribute_exists(cart_id)", ExpressionAttributeNames: names ?? { "#s": "status" }, ExpressionAttributeValues: values as never });
    update({ ":s": { S: "Paid" } })();
    expect(errorOf(update({ ":s": { S: "x" }, ":b": { S: "y" }, ":a": { S: "z" } })).cause).toContain("ExpressionAttributeValues unused in expressions: keys: {:b, :a}");
    expect(errorOf(update({ ":s": { S: "x" } }, { "#s": "status", "#x": "x" })).cause).toContain("ExpressionAttributeNames unused in expressions: keys: {#x}");
    update({ ":s": { S: "Shipped" } })();
    expect(table.get({ cart_id: { S: "1" } })?.status).toEqual({ S: "Shipped" });
    const badScan = () => db.call("updateItem", { TableName: "orders", Key: { cart_id: { S: "1" } }, UpdateExpression: "SET a = :a ;", ExpressionAttributeValues: { ":a": { S: "x" }, ":unused": { S: "y" } } });
    expect(errorOf(badScan).cause).toContain("Invalid expression: unexpected text at ' ;' in 'SET a = :a ;'");
    expect(errorOf(badScan).cause).toContain("Invalid expression: unexpected text at ' ;' in 'SET a = :a ;'");
  });

  it("an injected fault 'after' lets the call take effect and then fails it, as a lost answer does", () => {
    const db = new InMemoryDynamoDb();
    const table = db.createTable("orders", "cart_id");
    db.injectFault({ operation: "putItem", error: "DynamoDB.InternalServerError", when: "after" });
    const put = () => db.call("putItem", { TableName: "orders", Item: { cart_id: { S: "9" } } });
    expect(errorOf(put)).toEqual({ error: "DynamoDB.InternalServerError", cause: "Injected DynamoDB.InternalServerError on putItem after it took effect" });
    expect(table.get({ cart_id: { S: "9" } })).toEqual({ cart_id: { S: "9" } });
    // Default "before": nothing is written.
    db.injectFault({ operation: "putItem", error: "DynamoDB.InternalServerError" });
    expect(errorOf(() => db.call("putItem", { TableName: "orders", Item: { cart_id: { S: "10" } } })).error).toBe("DynamoDB.InternalServerError");
    expect(table.size).toBe(1);
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
