/**
 * A Lambda context object for handlers invoked in-process. Powertools reads the request id and the
 * remaining time from it (idempotency records expire in-progress locks by the remaining time).
 */
import { randomUUID } from "node:crypto";
import type { Context } from "aws-lambda";

export function lambdaContext(functionName: string, timeoutMs = 30_000, region = "us-east-1"): Context {
  const deadline = Date.now() + timeoutMs;
  const unsupported = () => {
    throw new Error("callback-style completion is not supported by local mode");
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: "128",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
