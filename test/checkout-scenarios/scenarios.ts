/**
 * The checkout's behaviour, path by path (../shared/checkout-contract.md): for each scenario, how the
 * services and the table behave, and exactly what must come out: the one PutEvents entry, the final
 * table item and the execution status. Shared by the scenario tests and the branch-coverage test.
 */
import order from "../../events/ExecuteWorkflowEvent.json";
import type { CheckoutRunOptions } from "../../local/in-process-checkout";
import { IN_PROCESS_RESOURCES } from "../../local/in-process-checkout";
import { EVENT_SOURCE, type DetailType } from "../../workflows/checkout-contract";
import type { PutEventsEntry } from "../../asl/interpreter";

export const ORDER = order;
/** The virtual clock starts here; a callback timeout of 300 s moves it to T0 + 5 min. */
export const T0 = "2024-01-01T00:00:00.000Z";
const T_TIMEOUT = "2024-01-01T00:05:00.000Z";
/**
 * Two throttled puts are retried after 1 s and then 2 s, each scaled by full jitter; the scenarios run
 * with the random source pinned to 0.5, so the order is recorded at T0 + 0.5 s + 1 s.
 */
const T_AFTER_RETRIES = "2024-01-01T00:00:01.500Z";

export function event(detailType: DetailType, time: string, reason?: string): PutEventsEntry {
  return {
    Source: EVENT_SOURCE,
    DetailType: detailType,
    Detail: { cart_id: ORDER.CartId, Time: time, ...(reason !== undefined ? { reason } : {}) },
    EventBusName: IN_PROCESS_RESOURCES.eventBusName,
  };
}

type Status = "Pending" | "Successful" | "Unsuccessful";

export function item(order_status: "Pending" | "Confirmed" | "Cancelled", payment_status: Status, shipping_status: Status): Record<string, string> {
  return {
    cart_id: ORDER.CartId, email: ORDER.Email, address: ORDER.Address, orange: ORDER.Orange, banana: ORDER.Banana, lemon: ORDER.Lemon,
    total_cost: ORDER.total_cost, order_status, payment_status, shipping_status,
  };
}

export interface Scenario {
  name: string;
  options: CheckoutRunOptions;
  /** Runs the same cart once before (with both services successful): the duplicate-cart case. */
  cartExists?: boolean;
  expected: {
    status: "SUCCEEDED" | "FAILED";
    error?: string;
    /** The only events of the execution (empty only when even CheckoutFailed could not be sent). */
    events: PutEventsEntry[];
    tableItem: Record<string, string> | undefined;
  };
}

const paid = { payment: "PaymentSuccessful" } as const;
const dynamoDbError = { Error: "DynamoDB.AmazonDynamoDBException", Cause: "ValidationException (injected)" };
const checkoutError = (error: string) => `checkout stopped by error ${error}`;

export const SCENARIOS: Scenario[] = [
  {
    name: "payment fails",
    options: { payment: "PaymentFailed" },
    expected: { status: "SUCCEEDED", events: [event("PaymentFailed", T0, "payment service answered PaymentFailed")], tableItem: item("Cancelled", "Unsuccessful", "Pending") },
  },
  {
    name: "payment succeeds and shipping fails",
    options: { ...paid, shipping: "ShippingFailed" },
    expected: { status: "SUCCEEDED", events: [event("ShippingFailed", T0, "shipping service answered ShippingFailed")], tableItem: item("Confirmed", "Successful", "Unsuccessful") },
  },
  {
    name: "payment and shipping succeed",
    options: { ...paid, shipping: "ShippingSuccessful" },
    expected: { status: "SUCCEEDED", events: [event("ShippingSuccessful", T0)], tableItem: item("Confirmed", "Successful", "Successful") },
  },
  {
    name: "unknown payment status fails closed",
    options: { payment: "PaymentMaybe" },
    expected: {
      status: "SUCCEEDED",
      events: [event("PaymentFailed", T0, "payment service gave an answer that is neither PaymentSuccessful nor PaymentFailed: {\"Status\":\"PaymentMaybe\"}")],
      tableItem: item("Cancelled", "Unsuccessful", "Pending"),
    },
  },
  {
    name: "payment answer without a Status fails closed",
    options: { payment: { answer: { status: "PaymentSuccessful" } } },
    expected: {
      status: "SUCCEEDED",
      events: [event("PaymentFailed", T0, "payment service gave an answer that is neither PaymentSuccessful nor PaymentFailed: {\"status\":\"PaymentSuccessful\"}")],
      tableItem: item("Cancelled", "Unsuccessful", "Pending"),
    },
  },
  {
    name: "unknown shipping status fails closed",
    options: { ...paid, shipping: "Shipped" },
    expected: {
      status: "SUCCEEDED",
      events: [event("ShippingFailed", T0, "shipping service gave an answer that is neither ShippingSuccessful nor ShippingFailed: {\"Status\":\"Shipped\"}")],
      tableItem: item("Confirmed", "Successful", "Unsuccessful"),
    },
  },
  {
    name: "shipping answer without a Status fails closed",
    options: { ...paid, shipping: { answer: "ShippingSuccessful" } },
    expected: {
      status: "SUCCEEDED",
      events: [event("ShippingFailed", T0, "shipping service gave an answer that is neither ShippingSuccessful nor ShippingFailed: \"ShippingSuccessful\"")],
      tableItem: item("Confirmed", "Successful", "Unsuccessful"),
    },
  },
  {
    name: "payment callback times out",
    options: { payment: { timeout: true } },
    expected: { status: "SUCCEEDED", events: [event("PaymentFailed", T_TIMEOUT, "payment request failed with States.Timeout")], tableItem: item("Cancelled", "Unsuccessful", "Pending") },
  },
  {
    name: "shipping callback times out",
    options: { ...paid, shipping: { timeout: true } },
    expected: { status: "SUCCEEDED", events: [event("ShippingFailed", T_TIMEOUT, "shipping request failed with States.Timeout")], tableItem: item("Confirmed", "Successful", "Unsuccessful") },
  },
  {
    name: "payment service reports failure through SendTaskFailure",
    options: { payment: { taskFailure: { error: "Payment.CardDeclined", cause: "expired" } } },
    expected: { status: "SUCCEEDED", events: [event("PaymentFailed", T0, "payment request failed with Payment.CardDeclined")], tableItem: item("Cancelled", "Unsuccessful", "Pending") },
  },
  {
    name: "shipping API call fails with a non-retried 500",
    options: { ...paid, shipping: { requestError: "ApiGateway.500" } },
    expected: { status: "SUCCEEDED", events: [event("ShippingFailed", T0, "shipping request failed with ApiGateway.500")], tableItem: item("Confirmed", "Successful", "Unsuccessful") },
  },
  {
    name: "DynamoDB error recording the order",
    options: { ...paid, shipping: "ShippingSuccessful", dynamoDbFaults: [{ operation: "putItem", error: dynamoDbError.Error, cause: dynamoDbError.Cause }] },
    expected: { status: "FAILED", error: "CheckoutFailed", events: [event("CheckoutFailed", T0, checkoutError(dynamoDbError.Error))], tableItem: undefined },
  },
  {
    name: "transient DynamoDB throttling is retried",
    options: { ...paid, shipping: "ShippingSuccessful", dynamoDbFaults: [{ operation: "putItem", error: "DynamoDB.ProvisionedThroughputExceededException", times: 2 }] },
    expected: { status: "SUCCEEDED", events: [event("ShippingSuccessful", T_AFTER_RETRIES)], tableItem: item("Confirmed", "Successful", "Successful") },
  },
  {
    name: "duplicate cart leaves the existing order unchanged",
    cartExists: true,
    options: { payment: "PaymentFailed" },
    expected: {
      status: "FAILED", error: "CheckoutFailed",
      events: [event("CheckoutFailed", T0, `duplicate cart ${ORDER.CartId}: an order with this cart_id already exists and was left unchanged`)],
      tableItem: item("Confirmed", "Successful", "Successful"),
    },
  },
  {
    name: "DynamoDB error marking payment successful",
    options: { ...paid, shipping: "ShippingSuccessful", mocks: { "Mark Payment Successful": [{ Throw: dynamoDbError }] } },
    expected: { status: "FAILED", error: "CheckoutFailed", events: [event("CheckoutFailed", T0, checkoutError(dynamoDbError.Error))], tableItem: item("Pending", "Pending", "Pending") },
  },
  {
    name: "DynamoDB error marking payment unsuccessful",
    options: { payment: "PaymentFailed", mocks: { "Mark Payment Unsuccessful": [{ Throw: dynamoDbError }] } },
    expected: { status: "FAILED", error: "CheckoutFailed", events: [event("CheckoutFailed", T0, checkoutError(dynamoDbError.Error))], tableItem: item("Pending", "Pending", "Pending") },
  },
  {
    name: "DynamoDB error marking shipping successful",
    options: { ...paid, shipping: "ShippingSuccessful", mocks: { "Mark Shipping Successful": [{ Throw: dynamoDbError }] } },
    expected: { status: "FAILED", error: "CheckoutFailed", events: [event("CheckoutFailed", T0, checkoutError(dynamoDbError.Error))], tableItem: item("Confirmed", "Successful", "Pending") },
  },
  {
    name: "DynamoDB error marking shipping unsuccessful",
    options: { ...paid, shipping: "ShippingFailed", mocks: { "Mark Shipping Unsuccessful": [{ Throw: dynamoDbError }] } },
    expected: { status: "FAILED", error: "CheckoutFailed", events: [event("CheckoutFailed", T0, checkoutError(dynamoDbError.Error))], tableItem: item("Confirmed", "Successful", "Pending") },
  },
  ...(["PaymentFailed", "ShippingFailed", "ShippingSuccessful"] as const).map((detailType): Scenario => ({
    name: `EventBridge refuses the ${detailType} event`,
    options: {
      payment: detailType === "PaymentFailed" ? "PaymentFailed" : "PaymentSuccessful",
      shipping: detailType === "ShippingFailed" ? "ShippingFailed" : "ShippingSuccessful",
      eventBusFaults: [{ detailType, error: "EventBridge.AmazonEventBridgeException" }],
    },
    expected: {
      status: "FAILED", error: "CheckoutFailed",
      events: [event("CheckoutFailed", T0, checkoutError("EventBridge.AmazonEventBridgeException"))],
      tableItem: detailType === "PaymentFailed" ? item("Cancelled", "Unsuccessful", "Pending")
        : detailType === "ShippingFailed" ? item("Confirmed", "Successful", "Unsuccessful") : item("Confirmed", "Successful", "Successful"),
    },
  })),
  {
    name: "CheckoutFailed itself cannot be sent: the execution still fails, with no event",
    options: {
      ...paid, shipping: "ShippingSuccessful",
      dynamoDbFaults: [{ operation: "putItem", error: dynamoDbError.Error }],
      eventBusFaults: [{ detailType: "CheckoutFailed", error: "EventBridge.AmazonEventBridgeException" }],
    },
    expected: { status: "FAILED", error: "CheckoutFailed", events: [], tableItem: undefined },
  },
];
