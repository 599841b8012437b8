/**
 * The names the checkout's services agree on (../shared/checkout-contract.md). Every part of the
 * project that speaks to another part (state machine, handlers, stacks, local mode) takes them from here,
 * so a rename is one edit and a typo is a type error.
 */

/** EventBridge `Source` of every event the workflow emits. */
export const EVENT_SOURCE = "CheckoutWorkflow";

/** The four `DetailType`s: exactly one is emitted by every execution. */
export const DETAIL_TYPES = ["PaymentFailed", "ShippingFailed", "ShippingSuccessful", "CheckoutFailed"] as const;
export type DetailType = (typeof DETAIL_TYPES)[number];

/** What the payment service answers through SendTaskSuccess, as `{ "Status": ... }`. */
export const PAYMENT_STATUSES = ["PaymentSuccessful", "PaymentFailed"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** What the shipping service answers through SendTaskSuccess, as `{ "Status": ... }`. */
export const SHIPPING_STATUSES = ["ShippingSuccessful", "ShippingFailed"] as const;
export type ShippingStatus = (typeof SHIPPING_STATUSES)[number];

/** REST API routes of the simulated third parties (POST), relative to the stage. */
export const PAYMENT_ROUTE = "/checkout/payment";
export const SHIPPING_ROUTE = "/checkout/shipping";

/** The three Lambda functions; also their folder names under build/handlers/. */
export const FUNCTION_NAMES = ["payment", "shipping", "notifier"] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** The order as the state machine is started with it (events/order.schema.json is its schema). */
export interface Order {
  CartId: string;
  Email: string;
  Address: string;
  Orange: string;
  Banana: string;
  Lemon: string;
  total_cost: string;
}

/** Body the state machine POSTs to the payment and shipping routes. */
export interface ServiceRequestBody {
  order: Order;
  taskToken: string;
}

/** `Detail` of every emitted event. No personal data: the notifier looks the email up by cart_id. */
export interface CheckoutEventDetail {
  cart_id: string;
  /** When the emitting state was entered ($$.State.EnteredTime). */
  Time: string;
  /** Present on PaymentFailed, ShippingFailed and CheckoutFailed. */
  reason?: string;
  /** CheckoutFailed only: what kind of failure (see CHECKOUT_FAILURE_CODES). */
  code?: CheckoutFailureCode;
}

/**
 * Attribute names of an item in the orders table (all strings, key `cart_id`). `execution_id` is the
 * Step Functions execution that recorded the order: it lets that execution's retried put rewrite its own
 * order while any other execution's put for the same cart is refused as a duplicate.
 */
export const ORDER_ITEM_ATTRIBUTES = [
  "cart_id", "email", "address", "orange", "banana", "lemon", "total_cost",
  "order_status", "payment_status", "shipping_status", "execution_id",
] as const;

/** Hash key of the orders table: the cart, so that one cart is one order. */
export const ORDERS_TABLE_KEY = "cart_id" satisfies (typeof ORDER_ITEM_ATTRIBUTES)[number];

/** The notifier's idempotency table: its hash key and TTL attribute (the names Powertools' DynamoDB persistence writes). */
export const IDEMPOTENCY_TABLE = { key: "id", ttl: "expiration" } as const;

/** Values of `order_status` in the orders table. */
export const ORDER_STATUS = { pending: "Pending", confirmed: "Confirmed", cancelled: "Cancelled" } as const;
/** Values of `payment_status` and `shipping_status` in the orders table. */
export const STEP_STATUS = { pending: "Pending", successful: "Successful", unsuccessful: "Unsuccessful" } as const;

/** Environment variables of the handlers, shared by the stacks and local mode that set them. */
export const HANDLER_ENV = {
  /** payment/shipping: "success", "failure", or a failure rate between 0 and 1 such as "0.25". */
  outcome: "OUTCOME",
  /** notifier: orders table to look the email up in. */
  ordersTable: "ORDERS_TABLE_NAME",
  /** notifier: DynamoDB table of Powertools idempotency records (key `id`, TTL attribute `expiration`). */
  idempotencyTable: "IDEMPOTENCY_TABLE_NAME",
  /** notifier: verified SES sender address. */
  senderEmail: "SENDER_EMAIL",
  /** notifier: brand in subjects and bodies; defaults to Octank. */
  brand: "BRAND",
} as const;

/**
 * `Detail.code` of CheckoutFailed. DuplicateCart means a second checkout of a cart that already has an
 * order: the order in the table belongs to the first checkout, so the notifier must not email its
 * customer that "their" order failed. CheckoutError is any other unrecoverable error.
 */
export const CHECKOUT_FAILURE_CODES = ["DuplicateCart", "CheckoutError"] as const;
export type CheckoutFailureCode = (typeof CHECKOUT_FAILURE_CODES)[number];
