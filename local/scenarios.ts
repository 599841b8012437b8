/**
 * The three outcomes `npm start` demonstrates, and what one run of an order through the local checkout
 * produced: path, event, table item and email. Shared by start.ts, the end-to-end tests and the bench.
 */
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { ORDERS_TABLE_KEY, type Order } from "../workflows/checkout-contract";
import type { LocalCheckout } from "./checkout-stack";
import type { BusEvent } from "./eventbridge/bus";
import { LOCAL_NAMES } from "./resources";
import { runCheckout, type CheckoutRun } from "./run-checkout";
import type { StoredEmail } from "./ses/server";
import type { Outcomes } from "./stand-ins";

export interface Scenario {
  /** Short id, also the suffix of the cart id so each run has its own order. */
  id: string;
  title: string;
  outcomes: Outcomes;
}

export const SCENARIOS: readonly Scenario[] = [
  { id: "payment-fails", title: "Payment fails", outcomes: { payment: "failure", shipping: "success" } },
  { id: "shipping-fails", title: "Payment succeeds, shipping fails", outcomes: { payment: "success", shipping: "failure" } },
  { id: "all-succeed", title: "Payment and shipping succeed", outcomes: { payment: "success", shipping: "success" } },
];

export interface ScenarioResult {
  run: CheckoutRun;
  events: BusEvent[];
  item: Record<string, string> | undefined;
  emails: StoredEmail[];
}

/**
 * Runs `order` with the scenario's outcomes and waits until its notification is delivered (or
 * dead-lettered). Runs must not overlap: the outcomes are the services' settings for the moment.
 */
export async function runScenario(local: LocalCheckout, order: Order, outcomes: Outcomes): Promise<ScenarioResult> {
  Object.assign(local.outcomes, outcomes);
  const emailsBefore = (await local.ses.emails()).length;
  const run = await runCheckout(local.sfn, local.stateMachineArn, order);
  await local.poller.drained();
  const events = local.bus.received.filter((e) => e.detail.cart_id === order.CartId);
  const item = await readOrderItem(local, order.CartId);
  const emails = (await local.ses.emails()).slice(emailsBefore);
  return { run, events, item, emails };
}

export async function readOrderItem(local: Pick<LocalCheckout, "dynamoDbClient">, cartId: string): Promise<Record<string, string> | undefined> {
  const { Item } = await local.dynamoDbClient.send(new GetItemCommand({ TableName: LOCAL_NAMES.ordersTable, Key: { [ORDERS_TABLE_KEY]: { S: cartId } }, ConsistentRead: true }));
  if (!Item) return undefined;
  // Every attribute of an order is a string (checkout-contract.ts); anything else is shown as JSON.
  return Object.fromEntries(Object.entries(Item).map(([name, value]) => [name, value.S ?? JSON.stringify(value)]));
}

/** The order with a cart id of its own for a scenario (`835235` → `835235-payment-fails`). */
export function orderFor(order: Order, scenario: Scenario): Order {
  return { ...order, CartId: `${order.CartId}-${scenario.id}` };
}
