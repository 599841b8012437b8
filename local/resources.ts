/**
 * Names of the local checkout's resources, and the tables it needs in DynamoDB (created as the stacks
 * create them: orders keyed by `cart_id`, idempotency records keyed by `id`).
 */
import { CreateTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { IDEMPOTENCY_TABLE, ORDERS_TABLE_KEY } from "../workflows/checkout-contract";

export const LOCAL_NAMES = {
  stateMachine: "checkout",
  ordersTable: "checkout-orders",
  idempotencyTable: "checkout-notifier-idempotency",
  eventBus: "checkout-notifications",
  queue: "checkout-notifications",
  deadLetterQueue: "checkout-notifications-dlq",
  apiStage: "local",
  senderEmail: "orders@checkout.example",
} as const;

export const LOCAL_REGION = "us-east-1";
export const LOCAL_ACCOUNT = "000000000000";

export async function createTables(dynamodb: DynamoDBClient): Promise<void> {
  const tables: Array<[string, string]> = [
    [LOCAL_NAMES.ordersTable, ORDERS_TABLE_KEY],
    [LOCAL_NAMES.idempotencyTable, IDEMPOTENCY_TABLE.key],
  ];
  for (const [TableName, key] of tables) {
    try {
      await dynamodb.send(
        new CreateTableCommand({
          TableName,
          AttributeDefinitions: [{ AttributeName: key, AttributeType: "S" }],
          KeySchema: [{ AttributeName: key, KeyType: "HASH" }],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
    } catch (error) {
      // Tables persist with --data-dir: finding them there is the point.
      if ((error as Error).name !== "ResourceInUseException") throw error;
    }
  }
}
