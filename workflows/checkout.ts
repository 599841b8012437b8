/**
 * The checkout state machine of ../shared/checkout-contract.md, built with the typed builder.
 *
 * Data flow (JSONPath): the state is always the original order, and each step keeps its result beside
 * it with ResultPath (`$.payment`, `$.shipping`, `$.error`, `$.failure.reason`, `$.failure.code`), so
 * nothing downstream loses the order. The services receive the untouched original order from
 * `$$.Execution.Input`.
 *
 * Every path that recorded the order ends after exactly one event: PaymentFailed, ShippingFailed,
 * ShippingSuccessful, or CheckoutFailed (sent best effort, then the execution fails in "Checkout Failed").
 * The one exception is refused input: an order of the wrong shape is stopped by "Check Order" before
 * anything is written and fails in "Refuse Invalid Order" with no event (it has no usable cart_id).
 */
import {
  apiGateway,
  cond,
  context,
  dynamodb,
  eventBridge,
  intrinsic,
  jsonPath,
  path,
  stateMachine,
  type PayloadObject,
  type PayloadValue,
  type StateMachine,
  type StateNode,
  type TaskNode,
} from "../asl/builder";
import {
  EVENT_SOURCE,
  ORDER_ITEM_ATTRIBUTES,
  ORDER_STATUS,
  PAYMENT_ROUTE,
  PAYMENT_STATUSES,
  SHIPPING_ROUTE,
  SHIPPING_STATUSES,
  STEP_STATUS,
  type CheckoutEventDetail,
  type CheckoutFailureCode,
  type DetailType,
  type Order,
  type PaymentStatus,
  type ServiceRequestBody,
  type ShippingStatus,
} from "./checkout-contract";
import { API_TRANSIENT, DYNAMODB_TRANSIENT, EVENTBRIDGE_TRANSIENT } from "./checkout-retries";

export interface CheckoutResources {
  ordersTableName: string;
  eventBusName: string;
  /** Host of the REST API, e.g. abc123.execute-api.eu-west-1.amazonaws.com. */
  apiEndpoint: string;
  apiStage: string;
  /** How long to wait for the payment service's callback. Default 300 s. */
  paymentTimeoutSeconds?: number;
  /** How long to wait for the shipping service's callback. Default 300 s. */
  shippingTimeoutSeconds?: number;
}

/**
 * Five minutes per callback: the simulated services answer in well under a second, a real provider in
 * seconds; beyond that the customer is better served by a "payment failed, try again" email than by
 * an order stuck in Pending (the sample could wait over a year).
 */
export const DEFAULT_CALLBACK_TIMEOUT_SECONDS = 300;

/** The placeholders the committed review JSON is rendered with. */
export const reviewResources: CheckoutResources = {
  ordersTableName: "${OrdersTableName}",
  eventBusName: "${EventBusName}",
  apiEndpoint: "${ApiEndpoint}",
  apiStage: "${ApiStage}",
};

/**
 * The fields "Check Order" requires: every required field of events/order.schema.json (a test holds the
 * two equal). The state reads each of them with a `$.Field` path, which raises the uncatchable
 * States.Runtime when the field is missing; so they are checked before the first state that reads them.
 */
export const ORDER_FIELDS = ["CartId", "Email", "Address", "Orange", "Banana", "Lemon", "total_cost"] as const satisfies readonly (keyof Order)[];

/** Error of the Fail state that refuses a malformed order. */
export const INVALID_ORDER_ERROR = "InvalidOrder";

const INVALID_ORDER_CAUSE =
  `The order was refused before anything was written: ${ORDER_FIELDS.join(", ")} must each be present and a non-empty string, ` +
  'and Email must contain "@". Start checkouts with `npm run checkout`, which checks the whole of events/order.schema.json and names the field.';

type OrderAttribute = (typeof ORDER_ITEM_ATTRIBUTES)[number];
type StatusAttribute = Extract<OrderAttribute, `${string}_status`>;

const CART_KEY = { cart_id: { S: path("$.CartId") } } satisfies Partial<Record<OrderAttribute, PayloadObject>>;

/** The item written for a new order: every attribute of the contract, all strings. */
const NEW_ORDER_ITEM = {
  cart_id: { S: path("$.CartId") },
  email: { S: path("$.Email") },
  address: { S: path("$.Address") },
  orange: { S: path("$.Orange") },
  banana: { S: path("$.Banana") },
  lemon: { S: path("$.Lemon") },
  total_cost: { S: path("$.total_cost") },
  order_status: { S: ORDER_STATUS.pending },
  payment_status: { S: STEP_STATUS.pending },
  shipping_status: { S: STEP_STATUS.pending },
  execution_id: { S: context.executionId },
} satisfies Record<OrderAttribute, PayloadObject>;

/**
 * The put succeeds for a new cart, or when the item is this execution's own: if DynamoDB wrote the item
 * but answered an error (a 500, a lost response), the retry must not mistake the execution's own order
 * for a duplicate. Any other execution's put for the same cart still fails and changes nothing.
 */
const NEW_ORDER_CONDITION = "attribute_not_exists(cart_id) OR execution_id = :execution_id";

/** Which Detail fields each event carries (CheckoutEventDetail), and where each is read from. */
const DETAIL_FIELDS: Record<DetailType, readonly (keyof CheckoutEventDetail)[]> = {
  PaymentFailed: ["cart_id", "Time", "reason"],
  ShippingFailed: ["cart_id", "Time", "reason"],
  ShippingSuccessful: ["cart_id", "Time"],
  CheckoutFailed: ["cart_id", "Time", "reason", "code"],
};
const DETAIL_SOURCES: Record<keyof CheckoutEventDetail, PayloadValue> = {
  cart_id: path("$.CartId"),
  Time: context.stateEnteredTime,
  reason: path("$.failure.reason"),
  code: path("$.failure.code"),
};

export function checkoutStateMachine(resources: CheckoutResources): StateMachine {
  const { ordersTableName, eventBusName } = resources;

  /** Sets status attributes of an existing order; never creates a half-empty item. */
  const markOrder = (name: string, statuses: Partial<Record<StatusAttribute, string>>) => {
    const entries = Object.entries(statuses);
    return jsonPath
      .task(
        name,
        dynamodb.updateItem({
          TableName: ordersTableName,
          Key: CART_KEY,
          UpdateExpression: `SET ${entries.map(([attribute]) => `${attribute} = :${attribute}`).join(", ")}`,
          ConditionExpression: "attribute_exists(cart_id)",
          ExpressionAttributeValues: Object.fromEntries(entries.map(([attribute, value]) => [`:${attribute}`, { S: value }])),
        }),
        { ResultPath: null },
      )
      .retry(DYNAMODB_TRANSIENT);
  };

  const emit = (detailType: DetailType) => {
    const detail = Object.fromEntries(DETAIL_FIELDS[detailType].map((field) => [field, DETAIL_SOURCES[field]]));
    return jsonPath
      .task(
        `Emit ${detailType}`,
        eventBridge.putEvents({ Entries: [{ Source: EVENT_SOURCE, DetailType: detailType, EventBusName: eventBusName, Detail: detail }] }),
        { ResultPath: null },
      )
      .retry(EVENTBRIDGE_TRANSIENT);
  };

  /**
   * Puts a human-readable reason at $.failure.reason for the failure event and, for CheckoutFailed, its
   * code at $.failure.code. The whole of $.failure is replaced, so no code of an earlier step lingers.
   */
  const explain = (name: string, reason: PayloadValue, code?: CheckoutFailureCode) =>
    jsonPath.pass(name, { Parameters: code === undefined ? { reason } : { reason, code }, ResultPath: "$.failure" });

  const requestService = (name: string, route: string, timeoutSeconds: number, resultPath: string) => {
    const body: Record<keyof ServiceRequestBody, PayloadValue> = { order: context.executionInput, taskToken: context.taskToken };
    return jsonPath
      .task(
        name,
        apiGateway.invoke(
          { ApiEndpoint: resources.apiEndpoint, Method: "POST", Stage: resources.apiStage, Path: route, AuthType: "IAM_ROLE", RequestBody: body },
          { waitForTaskToken: true },
        ),
        { ResultPath: resultPath, TimeoutSeconds: timeoutSeconds },
      )
      .retry(API_TRANSIENT);
  };

  // Anything unrecoverable: one CheckoutFailed event (best effort), then a failed execution.
  const checkoutFailed = jsonPath.fail("Checkout Failed", {
    Error: "CheckoutFailed",
    Cause: "The checkout could not be completed; the CheckoutFailed event and the execution history say why.",
  });
  const emitCheckoutFailed = emit("CheckoutFailed").catch(["States.ALL"], checkoutFailed, { ResultPath: "$.error" });
  emitCheckoutFailed.next(checkoutFailed);
  const explainCheckoutError = explain("Explain Checkout Error", intrinsic.format("checkout stopped by error {}", path("$.error.Error")), "CheckoutError");
  explainCheckoutError.next(emitCheckoutFailed);
  const onUnrecoverable = <T extends TaskNode>(task: T): T => task.catch(["States.ALL"], explainCheckoutError, { ResultPath: "$.error" });

  const explainDuplicate = explain(
    "Explain Duplicate Cart",
    intrinsic.format("duplicate cart {}: an order with this cart_id already exists and was left unchanged", path("$.CartId")),
    // The order in the table is the first checkout's: the notifier must not tell its customer it failed.
    "DuplicateCart",
  );
  explainDuplicate.next(emitCheckoutFailed);

  const recordOrder = jsonPath
    .task(
      "Record Order",
      dynamodb.putItem({
        TableName: ordersTableName,
        Item: NEW_ORDER_ITEM,
        ConditionExpression: NEW_ORDER_CONDITION,
        ExpressionAttributeValues: { ":execution_id": { S: context.executionId } },
      }),
      {
        Comment: "Conditional: another checkout of the same cart never overwrites its order; this execution's own retry may rewrite it.",
        ResultPath: null,
      },
    )
    .retry(DYNAMODB_TRANSIENT)
    .catch(["DynamoDB.ConditionalCheckFailedException"], explainDuplicate, { ResultPath: "$.error" });
  onUnrecoverable(recordOrder);

  // Refused input: the first state checks the order's shape, so a malformed order started directly on
  // AWS (bypassing the CLI's schema check) is refused with a clear error before anything is written,
  // instead of failing with States.Runtime in "Record Order". Rules run in order and the first match
  // wins, so each rule only reads fields the rules before it proved present and strings.
  const refuseInvalidOrder = jsonPath.fail("Refuse Invalid Order", { Error: INVALID_ORDER_ERROR, Cause: INVALID_ORDER_CAUSE });
  const fields = ORDER_FIELDS.map((field) => `$.${field}`);
  const checkOrder = jsonPath
    .choice("Check Order", { Comment: "Refuses an order of the wrong shape before anything is written (JSONPath cannot run the schema's patterns)." })
    .when(cond.or(...fields.map((field) => cond.isPresent(field, false))), refuseInvalidOrder, { Comment: "a required field is missing" })
    .when(cond.or(...fields.map((field) => cond.isString(field, false))), refuseInvalidOrder, { Comment: "a field is not a string" })
    .when(cond.or(...fields.map((field) => cond.stringEquals(field, ""))), refuseInvalidOrder, { Comment: "a field is empty" })
    .when(cond.not(cond.stringMatches("$.Email", "*@*")), refuseInvalidOrder, { Comment: "the Email has no @" })
    .otherwise(recordOrder);

  /** One third-party step: `statuses` are the contract's [successful, failed] answers of that service. */
  const outcome = <S extends string>(service: "payment" | "shipping", [successful, failed]: readonly [S, S], timeoutSeconds: number, route: string) => {
    const title = service === "payment" ? "Payment" : "Shipping";
    const answer = `$.${service}`;
    const request = requestService(`Request ${title}`, route, timeoutSeconds, answer);
    const markUnsuccessful = onUnrecoverable(
      markOrder(
        `Mark ${title} Unsuccessful`,
        service === "payment"
          ? { payment_status: STEP_STATUS.unsuccessful, order_status: ORDER_STATUS.cancelled }
          : { shipping_status: STEP_STATUS.unsuccessful },
      ),
    );
    const declined = explain(`Explain ${title} Declined`, `${service} service answered ${failed}`);
    const unknown = explain(
      `Explain Unknown ${title} Answer`,
      intrinsic.format(`${service} service gave an answer that is neither ${successful} nor ${failed}: {}`, intrinsic.jsonToString(path(answer))),
    );
    const requestFailed = explain(`Explain ${title} Request Failure`, intrinsic.format(`${service} request failed with {}`, path(`${answer}.Error`)));
    for (const explanation of [declined, unknown, requestFailed]) explanation.next(markUnsuccessful);
    // Timeouts, refused calls and SendTaskFailure all mean the check failed: the unsuccessful path.
    request.catch(["States.ALL"], requestFailed, { ResultPath: answer });
    return { answer, successful, failed, request, markUnsuccessful, declined, unknown };
  };

  const payment = outcome<PaymentStatus>("payment", PAYMENT_STATUSES, resources.paymentTimeoutSeconds ?? DEFAULT_CALLBACK_TIMEOUT_SECONDS, PAYMENT_ROUTE);
  const shipping = outcome<ShippingStatus>("shipping", SHIPPING_STATUSES, resources.shippingTimeoutSeconds ?? DEFAULT_CALLBACK_TIMEOUT_SECONDS, SHIPPING_ROUTE);

  const markPaymentSuccessful = onUnrecoverable(
    markOrder("Mark Payment Successful", { payment_status: STEP_STATUS.successful, order_status: ORDER_STATUS.confirmed }),
  );
  const markShippingSuccessful = onUnrecoverable(markOrder("Mark Shipping Successful", { shipping_status: STEP_STATUS.successful }));

  /** Fails closed: only the exact success status goes on; a missing Status is tested first so it cannot error. */
  const checkAnswer = (name: string, service: typeof payment | typeof shipping, onSuccess: StateNode) =>
    jsonPath
      .choice(name)
      .when(cond.isPresent(`${service.answer}.Status`, false), service.unknown)
      .when(cond.stringEquals(`${service.answer}.Status`, service.successful), onSuccess)
      .when(cond.stringEquals(`${service.answer}.Status`, service.failed), service.declined)
      .otherwise(service.unknown);

  recordOrder.next(payment.request);
  payment.request.next(checkAnswer("Check Payment Answer", payment, markPaymentSuccessful));
  payment.markUnsuccessful.next(onUnrecoverable(emit("PaymentFailed")));

  markPaymentSuccessful.next(shipping.request);
  shipping.request.next(checkAnswer("Check Shipping Answer", shipping, markShippingSuccessful));
  markShippingSuccessful.next(onUnrecoverable(emit("ShippingSuccessful")));
  shipping.markUnsuccessful.next(onUnrecoverable(emit("ShippingFailed")));

  return stateMachine({
    startAt: checkOrder,
    comment: "Checkout: check and record the order, take payment, request shipping, and announce the outcome with exactly one event",
    queryLanguage: "JSONPath",
  });
}
