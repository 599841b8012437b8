/** Sample inputs of the handlers, shaped as API Gateway, SQS and EventBridge deliver them. */
import type { APIGatewayProxyEvent, SQSEvent, SQSRecord } from "aws-lambda";
import sampleOrder from "../../events/ExecuteWorkflowEvent.json";
import { EVENT_SOURCE, type DetailType, type Order } from "../../workflows/checkout-contract";

export const ORDER: Order = sampleOrder;
export const TASK_TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAXampleTaskToken+/=secret";

export function apiEvent(body: unknown, options: { raw?: boolean; base64?: boolean } = {}): APIGatewayProxyEvent {
  const text = body === undefined ? null : options.raw ? String(body) : JSON.stringify(body);
  return {
    httpMethod: "POST",
    path: "/checkout/payment",
    resource: "/checkout/payment",
    headers: { "content-type": "application/json" },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {} as APIGatewayProxyEvent["requestContext"],
    isBase64Encoded: options.base64 ?? false,
    body: text !== null && options.base64 ? Buffer.from(text).toString("base64") : text,
  };
}

export function serviceRequest(order: Partial<Order> | Record<string, unknown> = ORDER, taskToken: unknown = TASK_TOKEN) {
  return { order, taskToken };
}

/** An EventBridge event as the rule's SQS target writes it into the message body. */
export function checkoutEvent(detailType: DetailType | string, cartId = ORDER.CartId, id = `evt-${detailType}-${cartId}`) {
  return {
    version: "0",
    id,
    "detail-type": detailType,
    source: EVENT_SOURCE,
    account: "123456789012",
    time: "2026-11-30T12:00:00Z",
    region: "eu-west-1",
    resources: [],
    detail: {
      cart_id: cartId,
      Time: "2026-11-30T12:00:00.000Z",
      ...(detailType === "ShippingSuccessful" ? {} : { reason: "simulated" }),
    },
  };
}

/** `event` with fields added to (or replacing those of) its detail, e.g. a CheckoutFailed `code`. */
export function withDetail<T extends { detail: object }>(event: T, fields: Record<string, unknown>): T {
  return { ...event, detail: { ...event.detail, ...fields } };
}

export function sqsRecord(body: unknown, messageId: string, receiveCount = 1): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: typeof body === "string" ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: "1764504000000",
      SenderId: "AIDAEXAMPLE",
      ApproximateFirstReceiveTimestamp: "1764504000000",
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:eu-west-1:123456789012:notifications",
    awsRegion: "eu-west-1",
  };
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

export const LAMBDA_CONTEXT = { getRemainingTimeInMillis: () => 30_000, functionName: "notifier", awsRequestId: "req-1" };
