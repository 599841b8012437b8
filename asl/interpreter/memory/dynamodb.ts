/**
 * An in-memory DynamoDB for the Step Functions optimized integrations (`arn:aws:states:::dynamodb:*`):
 * PutItem, GetItem, UpdateItem and DeleteItem on items in AttributeValue form, with condition and update
 * expressions, failing with the error names Step Functions reports (DynamoDB.ConditionalCheckFailedException...).
 */
import type { JsonObject, JsonValue } from "../../definition";
import { StatesError } from "../errors";
import type { Integrations, TaskRequest } from "../integrations";
import { applyUpdate, checkPlaceholdersUsed, evaluateCondition, validation, type AttributeValue, type ExpressionContext, type Item } from "./expressions";

export type DynamoDbOperation = "putItem" | "getItem" | "updateItem" | "deleteItem";

/** A fault to inject: the next `times` calls of `operation` (any operation when omitted) fail with it. */
export interface InjectedFault {
  operation?: DynamoDbOperation;
  error: string;
  cause?: string;
  times?: number;
  /**
   * "after": the call takes effect first and only its answer is the error, as when DynamoDB commits a
   * write and the response is lost or a 500 comes back. "before" (default): the call changes nothing.
   * A call that itself fails (a failed condition) reports its own error and the fault is still consumed.
   */
  when?: "before" | "after";
}

export class InMemoryDynamoDbTable {
  private readonly items = new Map<string, Item>();

  constructor(
    readonly name: string,
    readonly partitionKey: string,
    readonly sortKey?: string,
  ) {}

  /** The stored item with this key (AttributeValue form), or undefined. */
  get(key: Item): Item | undefined {
    return this.items.get(this.keyOf(key, "Key"));
  }

  /** Every item, in insertion order. */
  scan(): Item[] {
    return [...this.items.values()];
  }

  get size(): number {
    return this.items.size;
  }

  clear(): void {
    this.items.clear();
  }

  /** The map key of an item: its key attributes as JSON, joined by `|` (built without arrays: it runs on every call). */
  keyOf(item: Item, field: string): string {
    const partition = keyPart(item, this.partitionKey, field);
    return this.sortKey ? `${partition}|${keyPart(item, this.sortKey, field)}` : partition;
  }

  put(item: Item, ctx: ExpressionContext & { condition?: string }): Item | undefined {
    checkItem(item);
    const key = this.keyOf(item, "item");
    const old = this.items.get(key);
    this.check(ctx, old);
    this.items.set(key, item);
    return old;
  }

  update(key: Item, expression: string, ctx: ExpressionContext & { condition?: string }): { old?: Item; item: Item; updated: string[] } {
    const k = this.keyOf(key, "Key");
    const old = this.items.get(k);
    this.check(ctx, old);
    const { item, updated } = applyUpdate(expression, old ?? { ...key }, ctx);
    for (const name of updated) {
      if (name === this.partitionKey || name === this.sortKey) throw validation(`One or more parameter values were invalid: Cannot update attribute ${name}. This attribute is part of the key`);
    }
    this.items.set(k, item);
    return { ...(old ? { old } : {}), item, updated };
  }

  delete(key: Item, ctx: ExpressionContext & { condition?: string }): Item | undefined {
    const k = this.keyOf(key, "Key");
    const old = this.items.get(k);
    this.check(ctx, old);
    this.items.delete(k);
    return old;
  }

  private check(ctx: ExpressionContext & { condition?: string }, current: Item | undefined): void {
    if (ctx.condition && !evaluateCondition(ctx.condition, current, ctx)) {
      throw new StatesError("DynamoDB.ConditionalCheckFailedException", "The conditional request failed (Service: DynamoDb, Status Code: 400, Error Code: ConditionalCheckFailedException)");
    }
  }
}

function keyPart(item: Item, name: string, field: string): string {
  const v = item[name];
  if (!v || (typeof v.S !== "string" && typeof v.N !== "string" && typeof v.B !== "string")) {
    throw validation(`One or more parameter values were invalid: Missing the key ${name} in the ${field}`);
  }
  return JSON.stringify(v);
}

function checkItem(item: unknown): asserts item is Item {
  if (!item || typeof item !== "object" || Array.isArray(item)) throw validation("One or more parameter values were invalid: Item must be a map of attribute values");
  for (const name of Object.keys(item)) {
    const v = (item as Record<string, unknown>)[name];
    if (!v || typeof v !== "object" || Array.isArray(v) || !hasOneKey(v)) {
      throw validation(`One or more parameter values were invalid: attribute ${name} is not an AttributeValue such as {"S": "..."}: ${JSON.stringify(v)}`);
    }
  }
}

/** `Object.keys(v).length === 1` without building the array (it runs on every attribute of every put). */
function hasOneKey(v: object): boolean {
  let count = 0;
  for (const k in v) if (Object.hasOwn(v, k) && ++count > 1) return false;
  return count === 1;
}

/** Several tables by name, and the integration handlers that reach them. */
export class InMemoryDynamoDb {
  private readonly tables = new Map<string, InMemoryDynamoDbTable>();
  private readonly faults: InjectedFault[] = [];
  /** Every request received, in order (operation and parameters). */
  readonly calls: { operation: DynamoDbOperation; input: JsonValue }[] = [];

  createTable(name: string, partitionKey: string, sortKey?: string): InMemoryDynamoDbTable {
    const t = new InMemoryDynamoDbTable(name, partitionKey, sortKey);
    this.tables.set(name, t);
    return t;
  }

  table(name: string): InMemoryDynamoDbTable {
    const t = this.tables.get(name.replace(/^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\//, ""));
    if (!t) throw new StatesError("DynamoDB.ResourceNotFoundException", `Requested resource not found: Table: ${name} not found (Service: DynamoDb, Status Code: 400, Error Code: ResourceNotFoundException)`);
    return t;
  }

  /** Makes the next matching call(s) fail, e.g. `{ operation: "updateItem", error: "DynamoDB.AmazonDynamoDBException" }`. */
  injectFault(fault: InjectedFault): void {
    this.faults.push({ ...fault, times: fault.times ?? 1 });
  }

  /** Handlers for putItem, getItem, updateItem and deleteItem. */
  integrations(): Integrations {
    const h = (op: DynamoDbOperation) => (req: TaskRequest) => this.call(op, req.input);
    return {
      "arn:aws:states:::dynamodb:putItem": h("putItem"),
      "arn:aws:states:::dynamodb:getItem": h("getItem"),
      "arn:aws:states:::dynamodb:updateItem": h("updateItem"),
      "arn:aws:states:::dynamodb:deleteItem": h("deleteItem"),
    };
  }

  call(operation: DynamoDbOperation, input: JsonValue): JsonValue {
    this.calls.push({ operation, input });
    const fault = this.faults.find((f) => !f.operation || f.operation === operation);
    if (!fault) return this.perform(operation, input);
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
    if (fault.when === "after") this.perform(operation, input);
    throw new StatesError(fault.error, fault.cause ?? `Injected ${fault.error} on ${operation}${fault.when === "after" ? " after it took effect" : ""}`);
  }

  private perform(operation: DynamoDbOperation, input: JsonValue): JsonValue {
    if (!input || typeof input !== "object" || Array.isArray(input) || typeof input.TableName !== "string") {
      throw validation(`1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null (${operation})`);
    }
    const p = input as JsonObject;
    const table = this.table(p.TableName as string);
    const ctx: ExpressionContext & { condition?: string } = {};
    if (p.ExpressionAttributeNames) ctx.names = p.ExpressionAttributeNames as Record<string, string>;
    if (p.ExpressionAttributeValues) ctx.values = p.ExpressionAttributeValues as Record<string, AttributeValue>;
    if (typeof p.ConditionExpression === "string") ctx.condition = p.ConditionExpression;
    const expressions = [p.ConditionExpression, p.UpdateExpression, p.ProjectionExpression].filter((e): e is string => typeof e === "string");
    checkPlaceholdersUsed(expressions, ctx);
    const meta = { SdkHttpMetadata: { HttpStatusCode: 200 }, SdkResponseMetadata: {} };
    switch (operation) {
      case "putItem": {
        const old = table.put(p.Item as Item, ctx);
        return p.ReturnValues === "ALL_OLD" && old ? { ...meta, Attributes: old } : meta;
      }
      case "getItem": {
        const item = table.get(p.Key as Item);
        return item ? { ...meta, Item: item } : meta;
      }
      case "deleteItem": {
        const old = table.delete(p.Key as Item, ctx);
        return p.ReturnValues === "ALL_OLD" && old ? { ...meta, Attributes: old } : meta;
      }
      case "updateItem": {
        if (typeof p.UpdateExpression !== "string") throw validation("UpdateItem needs an UpdateExpression (the in-memory table does not support AttributeUpdates)");
        const r = table.update(p.Key as Item, p.UpdateExpression, ctx);
        switch (p.ReturnValues) {
          case "ALL_NEW": return { ...meta, Attributes: r.item };
          case "ALL_OLD": return r.old ? { ...meta, Attributes: r.old } : meta;
          case "UPDATED_NEW": return { ...meta, Attributes: Object.fromEntries(r.updated.filter((n) => r.item[n]).map((n) => [n, r.item[n]!])) };
          case "UPDATED_OLD": return r.old ? { ...meta, Attributes: Object.fromEntries(r.updated.filter((n) => r.old![n]).map((n) => [n, r.old![n]!])) } : meta;
          default: return meta;
        }
      }
    }
  }
}
