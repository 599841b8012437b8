/**
 * Which errors the checkout retries: transient ones only. A retry must never repeat something that
 * may already have happened for good (a conditional put that failed because the cart exists, a payment
 * request the service may already be processing).
 */
import type { RetryRule } from "../asl/builder";

/** Backoff with full jitter, capped, and few attempts: a call is retried for at most ~15 s. */
const BACKOFF = { IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, MaxDelaySeconds: 8, JitterStrategy: "FULL" } as const;

/**
 * Throttling and server-side errors of the DynamoDB integration. Never
 * `DynamoDB.ConditionalCheckFailedException`: it means the cart exists, and retrying cannot change that.
 *
 * Error names are `DynamoDB.<exception>` as Step Functions reports them. Verified: the throughput and
 * throttling names, and `DynamoDB.AmazonDynamoDBException`, the generic name Step Functions gives a
 * DynamoDB error it has no specific mapping for (AWS's own sample workflows retry it; LocalStack's Step
 * Functions reports unmapped DynamoDB errors under it). That name also covers permanent errors such as
 * ValidationException: retrying those costs at most ~15 s before the Catch, and every call retried here
 * is a put conditional on the cart being new (or written by this same execution) or a SET of fixed values, so a repeat cannot change an
 * order twice. Defensive (may never occur, harmless if so): `DynamoDB.InternalServerError` (the
 * service's error code) and `DynamoDB.InternalServerErrorException` (the SDK's exception class), since
 * which of the two Step Functions reports for a 500 is not documented; likewise `DynamoDB.SdkClientException`.
 */
export const DYNAMODB_TRANSIENT: RetryRule = {
  ErrorEquals: [
    "DynamoDB.ProvisionedThroughputExceededException",
    "DynamoDB.RequestLimitExceeded",
    "DynamoDB.ThrottlingException",
    "DynamoDB.InternalServerError",
    "DynamoDB.InternalServerErrorException",
    "DynamoDB.AmazonDynamoDBException",
    "DynamoDB.SdkClientException",
  ],
  ...BACKOFF,
};

/**
 * EventBridge: a failed entry was not put (the integration raises EventBridge.FailedEntry when
 * FailedEntryCount > 0), so sending it again cannot duplicate the event. Verified: `EventBridge.FailedEntry`
 * (AWS's EventBridge integration page). Defensive: `EventBridge.AmazonEventBridgeException`, the generic
 * name by analogy with DynamoDB's (the SDK's base exception class), and the throttling/internal/client names.
 */
export const EVENTBRIDGE_TRANSIENT: RetryRule = {
  ErrorEquals: [
    "EventBridge.FailedEntry",
    "EventBridge.ThrottlingException",
    "EventBridge.InternalException",
    "EventBridge.AmazonEventBridgeException",
    "EventBridge.SdkClientException",
  ],
  ...BACKOFF,
};

/**
 * API Gateway answers 429 (throttled) and 503 (unavailable) before the service sees the request, and
 * 500 when Lambda rejects the invocation (throttled, or unable to run the function): the AWS Lambda
 * guide, "Handling Lambda errors with an API Gateway API", says a function that ran and failed gives a
 * 502 instead. Our handlers never answer 500 themselves (they use 400, 410 and 502), so after a 500 the
 * payment or shipping function did not run and no charge or shipment can have happened: a retry is safe.
 * Other 5xx (502, 504) may come after the service acted: not retried, they go to the unsuccessful path
 * instead. Timeouts are never retried for the same reason.
 */
export const API_TRANSIENT: RetryRule = {
  ErrorEquals: ["ApiGateway.429", "ApiGateway.500", "ApiGateway.503"],
  ...BACKOFF,
};
