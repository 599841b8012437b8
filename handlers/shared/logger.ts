import { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";

/**
 * Structured JSON logs through Powertools Logger. The level comes from POWERTOOLS_LOG_LEVEL (or the
 * Lambda's log-level setting). Callers pass the cart id with each line and never the order, the email
 * address or the task token: events are not logged (no logEventIfEnabled).
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}

/** Adds the invocation's request id, function name and cold-start flag to the lines that follow. */
export function addLambdaContext(logger: Logger, context: Partial<Context> | undefined): void {
  if (context?.awsRequestId) logger.addContext(context as Context);
}

export type { Logger };
