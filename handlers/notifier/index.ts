/** Notification service: SQS-triggered, emails the customer the outcome of their checkout. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SESClient } from "@aws-sdk/client-ses";
import { createLogger, type Logger } from "../shared/logger";
import { readNotifierConfig, type NotifierConfig } from "./config";
import { createNotifier, type NotifierHandler } from "./notifier";

export interface NotifierHandlerOptions extends Partial<NotifierConfig> {
  /** Default: a DynamoDBClient from the environment (region, AWS_ENDPOINT_URL_DYNAMODB). */
  dynamodb?: DynamoDBClient;
  /** Default: a SESClient from the environment (region, AWS_ENDPOINT_URL_SES). */
  ses?: SESClient;
  logger?: Logger;
}

/**
 * A notifier whose settings are read on each invocation (explicit options first, then ORDERS_TABLE_NAME,
 * IDEMPOTENCY_TABLE_NAME, SENDER_EMAIL, BRAND), so importing it never depends on the environment being
 * ready yet; a missing or malformed setting fails the invocation with a message naming the variable.
 */
export function createNotifierHandler(options: NotifierHandlerOptions = {}): NotifierHandler {
  const { dynamodb: givenDynamodb, ses: givenSes, logger: givenLogger, ...overrides } = options;
  let built: { key: string; notify: NotifierHandler } | undefined;
  let clients: { dynamodb: DynamoDBClient; ses: SESClient; logger: Logger } | undefined;

  return async function handler(event, context) {
    const config = readNotifierConfig(process.env, overrides);
    const key = JSON.stringify(config);
    if (built?.key !== key) {
      clients ??= {
        dynamodb: givenDynamodb ?? new DynamoDBClient({}),
        ses: givenSes ?? new SESClient({}),
        logger: givenLogger ?? createLogger("notifier"),
      };
      built = { key, notify: createNotifier({ config, ...clients }) };
    }
    return built.notify(event, context);
  };
}

export const handler = createNotifierHandler();
