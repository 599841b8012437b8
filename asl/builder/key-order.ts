/**
 * The order keys are written in, so the JSON reads like AWS's documentation and diffs stay small.
 * Keys not listed (none today) would follow in insertion order.
 */
export const MACHINE_KEYS = ["Comment", "StartAt", "QueryLanguage", "TimeoutSeconds", "Version", "States"] as const;

export const STATE_KEYS = [
  "Type", "Comment", "QueryLanguage",
  // Task
  "Resource", "Credentials",
  // input side, in the order data flows through a JSONPath state
  "InputPath", "Items", "ItemsPath", "ItemReader", "ItemSelector", "ItemBatcher", "ItemProcessor", "Iterator",
  "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath",
  "ToleratedFailureCount", "ToleratedFailureCountPath", "Label", "ResultWriter", "Branches",
  "Parameters", "Arguments", "Result",
  // Wait
  "Seconds", "SecondsPath", "Timestamp", "TimestampPath",
  // Choice
  "Choices", "Default",
  // Fail
  "Error", "ErrorPath", "Cause", "CausePath",
  // Task timeouts
  "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath",
  // output side
  "ResultSelector", "ResultPath", "OutputPath", "Output", "Assign",
  "Retry", "Catch",
  "Next", "End",
] as const;

export const SUB_MACHINE_KEYS = ["Comment", "ProcessorConfig", "StartAt", "QueryLanguage", "States"] as const;

export const RETRIER_KEYS = ["ErrorEquals", "Comment", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy"] as const;

export const CATCHER_KEYS = ["ErrorEquals", "Comment", "ResultPath", "Output", "Assign", "Next"] as const;

/** Returns a copy of `object` with `order`'s keys first, in that order; undefined values are dropped. */
export function ordered<T extends object>(object: T, order: readonly string[]): T {
  const source = object as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of order) if (source[key] !== undefined) out[key] = source[key];
  for (const key of Object.keys(source)) if (!(key in out) && source[key] !== undefined) out[key] = source[key];
  return out as T;
}
