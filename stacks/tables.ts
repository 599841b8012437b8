/**
 * The orders table (key `cart_id`) and the notifier's idempotency table (Powertools: key `id`, TTL
 * attribute `expiration`). Both on demand (checkout traffic is spiky and small), encrypted at rest,
 * with point-in-time recovery, and deletion protection unless the configuration turns it off (a branch
 * deployment that must be destroyable).
 */
import type { Construct } from "constructs";
import { IDEMPOTENCY_TABLE, ORDERS_TABLE_KEY } from "../workflows/checkout-contract";
import { DynamodbTable } from "./cdktf-modules";

export interface Tables {
  orders: DynamodbTable;
  idempotency: DynamodbTable;
}

export function addTables(scope: Construct, props: { namePrefix: string; deletionProtection: boolean }): Tables {
  const common = {
    billingMode: "PAY_PER_REQUEST",
    pointInTimeRecovery: { enabled: true },
    serverSideEncryption: { enabled: true },
    deletionProtectionEnabled: props.deletionProtection,
  } as const;
  const orders = new DynamodbTable(scope, "orders-table", {
    ...common,
    name: `${props.namePrefix}-orders`,
    hashKey: ORDERS_TABLE_KEY,
    attribute: [{ name: ORDERS_TABLE_KEY, type: "S" }],
  });
  const idempotency = new DynamodbTable(scope, "idempotency-table", {
    ...common,
    name: `${props.namePrefix}-notifier-idempotency`,
    hashKey: IDEMPOTENCY_TABLE.key,
    attribute: [{ name: IDEMPOTENCY_TABLE.key, type: "S" }],
    ttl: { attributeName: IDEMPOTENCY_TABLE.ttl, enabled: true },
  });
  return { orders, idempotency };
}
