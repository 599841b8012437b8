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
 */
export const DYNAMODB_TRANSIENT: RetryRule = {
  ErrorEquals: [
    "DynamoDB.ProvisionedThroughputExceededException",
    "DynamoDB.RequestLimitExceeded",
    "DynamoDB.ThrottlingException",
    "DynamoDB.InternalServerErrorException",
    "DynamoDB.SdkClientException",
  ],
  ...BACKOFF,
};

/**
 * EventBridge: a failed entry was not put (the integration raises EventBridge.FailedEntry when
 * FailedEntryCount > 0), so sending it again cannot duplicate the event.
 */
export const EVENTBRIDGE_TRANSIENT: RetryRule = {
  ErrorEquals: ["EventBridge.FailedEntry", "EventBridge.ThrottlingException", "EventBridge.InternalException", "EventBridge.SdkClientException"],
  ...BACKOFF,
};

/**
 * API Gateway answers 429 (throttled) and 503 (unavailable) before the service sees the request, so a
 * retry cannot charge or ship twice. Other 5xx may come after the service acted: not retried, they go
 * to the unsuccessful path instead. Timeouts are never retried for the same reason.
 */
export const API_TRANSIENT: RetryRule = {
  ErrorEquals: ["ApiGateway.429", "ApiGateway.503"],
  ...BACKOFF,
};
