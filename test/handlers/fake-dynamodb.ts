/**
 * An in-memory DynamoDB behind aws-sdk-client-mock: the orders table (GetItem by cart_id) and the
 * Powertools idempotency table with the semantics of the layer's conditional put (a write succeeds only
 * when no live record holds the key) so duplicate deliveries behave as they do on DynamoDB.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";

type Item = Record<string, AttributeValue>;

export const ORDERS_TABLE = "orders";
export const IDEMPOTENCY_TABLE = "idempotency";

export function fakeDynamoDB(orders: Record<string, string | undefined>) {
  const mock = mockClient(DynamoDBClient);
  const tables = new Map<string, Map<string, Item>>([
    [ORDERS_TABLE, new Map()],
    [IDEMPOTENCY_TABLE, new Map()],
  ]);
  for (const [cartId, email] of Object.entries(orders)) {
    tables.get(ORDERS_TABLE)!.set(cartId, { cart_id: { S: cartId }, ...(email ? { email: { S: email } } : {}) });
  }
  const table = (name: string | undefined) => {
    const found = tables.get(name ?? "");
    if (!found) throw new Error(`fake DynamoDB: no table ${name}`);
    return found;
  };
  const keyOf = (key: Item | undefined) => key?.cart_id?.S ?? key?.id?.S ?? "";

  mock.on(GetItemCommand).callsFake((input: { TableName?: string; Key?: Item }) => {
    const item = table(input.TableName).get(keyOf(input.Key));
    return { Item: item ? structuredClone(item) : undefined };
  });
  mock.on(PutItemCommand).callsFake((input: { TableName?: string; Item?: Item; ConditionExpression?: string }) => {
    const rows = table(input.TableName);
    const key = keyOf(input.Item);
    const existing = rows.get(key);
    if (existing && input.ConditionExpression && isLive(existing)) {
      throw new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: {}, Item: structuredClone(existing) });
    }
    rows.set(key, structuredClone(input.Item ?? {}));
    return {};
  });
  mock.on(UpdateItemCommand).callsFake((input: { TableName?: string; Key?: Item; UpdateExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Item }) => {
    const rows = table(input.TableName);
    const key = keyOf(input.Key);
    const item: Item = { ...(rows.get(key) ?? structuredClone(input.Key ?? {})) };
    for (const assignment of (input.UpdateExpression ?? "").replace(/^SET\s+/, "").split(",")) {
      const [name, value] = assignment.split("=").map((s) => s.trim());
      const attribute = input.ExpressionAttributeNames?.[name ?? ""];
      const attributeValue = input.ExpressionAttributeValues?.[value ?? ""];
      if (attribute && attributeValue) item[attribute] = attributeValue;
    }
    rows.set(key, item);
    return {};
  });
  mock.on(DeleteItemCommand).callsFake((input: { TableName?: string; Key?: Item }) => {
    table(input.TableName).delete(keyOf(input.Key));
    return {};
  });
  return { mock, tables, idempotencyRecords: () => [...table(IDEMPOTENCY_TABLE).values()] };
}

/** The Powertools condition, negated: a record that still holds its key. */
function isLive(item: Item): boolean {
  const nowSeconds = Date.now() / 1000;
  const expiry = Number(item.expiration?.N ?? 0);
  if (expiry < nowSeconds) return false;
  const inProgressExpiry = item.in_progress_expiration?.N;
  if (item.status?.S === "INPROGRESS" && inProgressExpiry !== undefined && Number(inProgressExpiry) < Date.now()) return false;
  return true;
}
