import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { ORDERS_TABLE_KEY } from "../../workflows/checkout-contract";
import { UnprocessableMessage } from "./checkout-event";

/**
 * The orders table has no row for the event's cart. After a CheckoutFailed that is expected (the Record
 * Order step itself may have failed); after any other DetailType it is an anomaly (see notifier.ts).
 */
export class OrderNotFound extends UnprocessableMessage {
  override readonly name = "OrderNotFound";
  constructor(readonly cartId: string, table: string) {
    super(`no order with ${ORDERS_TABLE_KEY} ${cartId} in table ${table}`);
  }
}

/**
 * The customer's email address from the orders table (attribute `email`, key `cart_id`). Events carry no
 * personal data, so this is the only place the notifier learns where to write. Consistent read: the
 * order is written a moment before the event that announces it.
 */
export async function lookUpOrderEmail(dynamodb: DynamoDBClient, table: string, cartId: string): Promise<string> {
  const { Item } = await dynamodb.send(
    new GetItemCommand({
      TableName: table,
      Key: { [ORDERS_TABLE_KEY]: { S: cartId } },
      ProjectionExpression: "email",
      ConsistentRead: true,
    }),
  );
  if (!Item) throw new OrderNotFound(cartId, table);
  const email = Item.email?.S;
  if (!email) throw new UnprocessableMessage(`order ${cartId} in table ${table} has no email attribute`);
  return email;
}
