/**
 * The checkout's behaviour, path by path (../shared/checkout-contract.md): for each scenario, how the
 * services and the table behave, and exactly what must come out: the one PutEvents entry, the final
 * table item and the execution status. Shared by the scenario tests and the branch-coverage test.
 */
import order from "../../events/ExecuteWorkflowEvent.json";
import type { CheckoutRunOptions } from "../../local/in-process-checkout";
import { IN_PROCESS_RESOURCES, inProcessExecutionArn } from "../../local/in-process-checkout";
import { EVENT_SOURCE, type CheckoutFailureCode, type DetailType } from "../../workflows/checkout-contract";
import type { PutEventsEntry } from "../../asl/interpreter";
import type { JsonValue } from "../../asl/definition";
import { DYNAMODB_TRANSIENT } from "../../workflows/checkout-retries";

export const ORDER = order;
/** The virtual clock starts here; a callback timeout of 300 s moves it to T0 + 5 min. */
export const T0 = "2024-01-01T00:00:00.000Z";
const T_TIMEOUT = "2024-01-01T00:05:00.000Z";
/**
 * Two throttled puts are retried after 1 s and then 2 s, each scaled by full jitter; the scenarios run
 * with the random source pinned to 0.5, so the order is recorded at T0 + 0.5 s + 1 s.
 */
const T_AFTER_RETRIES = "2024-01-01T00:00:01.500Z";
/** One retried call: 1 s scaled by the pinned jitter. */
const T_AFTER_ONE_RETRY = "2024-01-01T00:00:00.500Z";
/** A fault that lasts this many calls fails the first attempt and every retry (the same for all services). */
const ALL_ATTEMPTS = 1 + (DYNAMODB_TRANSIENT.MaxAttempts ?? 3);
/** A call that fails on all its attempts (3 retries: 0.5 s + 1 s + 2 s) before its Catch. */
const T_RETRIES_EXHAUSTED = "2024-01-01T00:00:03.500Z";

export function event(detailType: Exclude<DetailType, "CheckoutFailed">, time: string, reason?: string): PutEventsEntry {
  return {
    Source: EVENT_SOURCE,
    DetailType: detailType,
    Detail: { cart_id: ORDER.CartId, Time: time, ...(reason !== undefined ? { reason } : {}) },
    EventBusName: IN_PROCESS_RESOURCES.eventBusName,
  };
}

/** The CheckoutFailed event: its reason and code (CheckoutError unless the cart was a duplicate). */
export function checkoutFailedEvent(time: string, reason: string, code: CheckoutFailureCode = "CheckoutError"): PutEventsEntry {
  return {
    Source: EVENT_SOURCE,
    DetailType: "CheckoutFailed",
    Detail: { cart_id: ORDER.CartId, Time: time, reason, code },
    EventBusName: IN_PROCESS_RESOURCES.eventBusName,
  };
}

type Status = "Pending" | "Successful" | "Unsuccessful";

/** Execution names the scenario runner starts with: the scenario itself, and the earlier checkout of `cartExists`. */
export const SCENARIO_EXECUTION = "scenario";
export const FIRST_EXECUTION = "first-checkout";

/** The order's item; `recordedBy` names the execution whose order it is (its execution_id). */
export function item(
  order_status: "Pending" | "Confirmed" | "Cancelled",
  payment_status: Status,
  shipping_status: Status,
  recordedBy: string = SCENARIO_EXECUTION,
): Record<string, string> {
  return {
    cart_id: ORDER.CartId, email: ORDER.Email, address: ORDER.Address, orange: ORDER.Orange, banana: ORDER.Banana, lemon: ORDER.Lemon,
    total_cost: ORDER.total_cost, order_status, payment_status, shipping_status, execution_id: inProcessExecutionArn(recordedBy),
  };
}

export interface Scenario {
  name: string;
  /** The input, when not the sample order (the malformed orders the first state refuses). */
  order?: JsonValue;
  options: CheckoutRunOptions;
  /** Runs the same cart once before, as FIRST_EXECUTION (with both services successful): the duplicate-cart case. */
  cartExists?: boolean;
  expected: {
    status: "SUCCEEDED" | "FAILED";
    error?: string;
    /**
     * The only events of the execution: empty only when even CheckoutFailed could not be sent, or for
     * refused input (a malformed order, refused before anything is written).
     */
    events: PutEventsEntry[];
    tableItem: Record<string, string> | undefined;
  };
}

const paid = { payment: "PaymentSuccessful" } as const;
const dynamoDbError = { Error: "DynamoDB.AmazonDynamoDBException", Cause: "ValidationException (injected)" };
/** Step Functions Local style mock answers: the generic DynamoDB error on the first attempt and every retry. */
const throwOnEveryAttempt = Array.from({ length: ALL_ATTEMPTS }, () => ({ Throw: dynamoDbError }));
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
    name: "shipping API call fails with a non-retried 502 (the function ran and may have acted)",
    options: { ...paid, shipping: { requestError: "ApiGateway.502" } },
    expected: { status: "SUCCEEDED", events: [event("ShippingFailed", T0, "shipping request failed with ApiGateway.502")], tableItem: item("Confirmed", "Successful", "Unsuccessful") },
  },
  {
    name: "payment API call answered 500 (Lambda did not run the function) is retried",
    options: { payment: { requestError: "ApiGateway.500", times: 1, afterwards: "PaymentSuccessful" }, shipping: "ShippingSuccessful" },
    expected: { status: "SUCCEEDED", events: [event("ShippingSuccessful", T_AFTER_ONE_RETRY)], tableItem: item("Confirmed", "Successful", "Successful") },
  },
  {
    name: "payment API call answered 500 on every attempt fails the payment check",
    options: { payment: { requestError: "ApiGateway.500" } },
    expected: { status: "SUCCEEDED", events: [event("PaymentFailed", T_RETRIES_EXHAUSTED, "payment request failed with ApiGateway.500")], tableItem: item("Cancelled", "Unsuccessful", "Pending") },
  },
  {
    name: "DynamoDB error recording the order, on every attempt",
    options: { ...paid, shipping: "ShippingSuccessful", dynamoDbFaults: [{ operation: "putItem", error: dynamoDbError.Error, cause: dynamoDbError.Cause, times: ALL_ATTEMPTS }] },
    expected: { status: "FAILED", error: "CheckoutFailed", events: [checkoutFailedEvent(T_RETRIES_EXHAUSTED, checkoutError(dynamoDbError.Error))], tableItem: undefined },
  },
  {
    name: "generic DynamoDB error recording the order is retried",
    options: { ...paid, shipping: "ShippingSuccessful", dynamoDbFaults: [{ operation: "putItem", error: dynamoDbError.Error, cause: "InternalServerError (injected)", times: 1 }] },
    expected: { status: "SUCCEEDED", events: [event("ShippingSuccessful", T_AFTER_ONE_RETRY)], tableItem: item("Confirmed", "Successful", "Successful") },
  },
  {
    // The write landed but DynamoDB answered a 500 (or the answer was lost): the retry finds the
    // execution's own order, which the condition accepts, instead of reporting a duplicate cart.
    name: "DynamoDB records the order but answers an error: the retry rewrites the execution's own order",
    options: { ...paid, shipping: "ShippingSuccessful", dynamoDbFaults: [{ operation: "putItem", error: "DynamoDB.InternalServerError", when: "after", times: 1 }] },
    expected: { status: "SUCCEEDED", events: [event("ShippingSuccessful", T_AFTER_ONE_RETRY)], tableItem: item("Confirmed", "Successful", "Successful") },
  },
  {
    name: "non-transient DynamoDB error recording the order is not retried",
    options: { ...paid, shipping: "ShippingSuccessful", dynamoDbFaults: [{ operation: "putItem", error: "DynamoDB.ResourceNotFoundException", cause: "no such table (injected)" }] },
    expected: { status: "FAILED", error: "CheckoutFailed", events: [checkoutFailedEvent(T0, checkoutError("DynamoDB.ResourceNotFoundException"))], tableItem: undefined },
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
      events: [checkoutFailedEvent(T0, `duplicate cart ${ORDER.CartId}: an order with this cart_id already exists and was left unchanged`, "DuplicateCart")],
      tableItem: item("Confirmed", "Successful", "Successful", FIRST_EXECUTION),
    },
  },
  {
    name: "DynamoDB error marking payment successful",
    options: { ...paid, shipping: "ShippingSuccessful", mocks: { "Mark Payment Successful": throwOnEveryAttempt } },
    expected: { status: "FAILED", error: "CheckoutFailed", events: [checkoutFailedEvent(T_RETRIES_EXHAUSTED, checkoutError(dynamoDbError.Error))], tableItem: item("Pending", "Pending", "Pending") },
  },
  {
    name: "DynamoDB error marking payment unsuccessful",
    options: { payment: "PaymentFailed", mocks: { "Mark Payment Unsuccessful": throwOnEveryAttempt } },
    expected: { status: "FAILED", error: "CheckoutFailed", events: [checkoutFailedEvent(T_RETRIES_EXHAUSTED, checkoutError(dynamoDbError.Error))], tableItem: item("Pending", "Pending", "Pending") },
  },
  {
    name: "DynamoDB error marking shipping successful",
    options: { ...paid, shipping: "ShippingSuccessful", mocks: { "Mark Shipping Successful": throwOnEveryAttempt } },
    expected: { status: "FAILED", error: "CheckoutFailed", events: [checkoutFailedEvent(T_RETRIES_EXHAUSTED, checkoutError(dynamoDbError.Error))], tableItem: item("Confirmed", "Successful", "Pending") },
  },
  {
    name: "DynamoDB error marking shipping unsuccessful",
    options: { ...paid, shipping: "ShippingFailed", mocks: { "Mark Shipping Unsuccessful": throwOnEveryAttempt } },
    expected: { status: "FAILED", error: "CheckoutFailed", events: [checkoutFailedEvent(T_RETRIES_EXHAUSTED, checkoutError(dynamoDbError.Error))], tableItem: item("Confirmed", "Successful", "Pending") },
  },
  ...(["PaymentFailed", "ShippingFailed", "ShippingSuccessful"] as const).map((detailType): Scenario => ({
    name: `EventBridge refuses the ${detailType} event`,
    options: {
      payment: detailType === "PaymentFailed" ? "PaymentFailed" : "PaymentSuccessful",
      shipping: detailType === "ShippingFailed" ? "ShippingFailed" : "ShippingSuccessful",
      eventBusFaults: [{ detailType, error: "EventBridge.AmazonEventBridgeException", times: ALL_ATTEMPTS }],
    },
    expected: {
      status: "FAILED", error: "CheckoutFailed",
      events: [checkoutFailedEvent(T_RETRIES_EXHAUSTED, checkoutError("EventBridge.AmazonEventBridgeException"))],
      tableItem: detailType === "PaymentFailed" ? item("Cancelled", "Unsuccessful", "Pending")
        : detailType === "ShippingFailed" ? item("Confirmed", "Successful", "Unsuccessful") : item("Confirmed", "Successful", "Successful"),
    },
  })),
  {
    name: "CheckoutFailed itself cannot be sent: the execution still fails, with no event",
    options: {
      ...paid, shipping: "ShippingSuccessful",
      dynamoDbFaults: [{ operation: "putItem", error: dynamoDbError.Error, times: ALL_ATTEMPTS }],
      eventBusFaults: [{ detailType: "CheckoutFailed", error: "EventBridge.AmazonEventBridgeException", times: ALL_ATTEMPTS }],
    },
    expected: { status: "FAILED", error: "CheckoutFailed", events: [], tableItem: undefined },
  },
  ...refusedOrders(),
];

/**
 * Malformed orders started directly (bypassing the CLI's schema check): "Check Order" refuses each
 * before anything is written, with no event. One per rule of that state.
 */
function refusedOrders(): Scenario[] {
  const { Address: _address, ...withoutAddress } = ORDER;
  const refused = (name: string, malformed: JsonValue): Scenario => ({
    name: `refuses an order ${name}`,
    order: malformed,
    options: { ...paid, shipping: "ShippingSuccessful" },
    expected: { status: "FAILED", error: "InvalidOrder", events: [], tableItem: undefined },
  });
  return [
    refused("without a required field", withoutAddress),
    refused("that is not an object", "835235"),
    refused("with a non-string field", { ...ORDER, Orange: 1 }),
    refused("with an empty field", { ...ORDER, total_cost: "" }),
    refused("whose Email has no @", { ...ORDER, Email: "add_your_email.email.com" }),
  ];
}
