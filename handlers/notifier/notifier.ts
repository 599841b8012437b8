import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SendEmailCommand, type SESClient } from "@aws-sdk/client-ses";
import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { IDEMPOTENCY_TABLE, type CheckoutFailureCode } from "../../workflows/checkout-contract";
import { addLambdaContext, type Logger } from "../shared/logger";
import { loggableError } from "../shared/redact";
import { parseCheckoutEvent, UnprocessableMessage, type CheckoutEvent } from "./checkout-event";
import type { NotifierConfig } from "./config";
import { renderEmail } from "./emails";
import { lookUpOrderEmail, OrderNotFound } from "./order-email";

export interface NotifierDependencies {
  config: NotifierConfig;
  dynamodb: DynamoDBClient;
  ses: SESClient;
  logger: Logger;
}

export type NotifierHandler = (event: SQSEvent, context?: Partial<Context>) => Promise<SQSBatchResponse>;

/** Prefix of the idempotency keys: fixed, so that keys do not change with the function's deployed name. */
export const IDEMPOTENCY_KEY_PREFIX = "checkout-notifier";
/**
 * What an email is about, and so what makes two deliveries "the same email": the cart and the DetailType,
 * selected from the EventBridge event. Not the event `id`: when Step Functions retries a PutEvents whose
 * first attempt did succeed (a transient error on the way back), EventBridge holds two events with two ids
 * for one outcome, and keying on the id sent the customer two emails. Each cart's checkout emits exactly
 * one outcome, and a second checkout of the same cart is never emailed (DuplicateCart, below).
 */
export const IDEMPOTENCY_KEY_JMESPATH = '[detail.cart_id, "detail-type"]';
/**
 * How long a sent email's record blocks a re-send for the same cart and DetailType: EventBridge retries a
 * delivery for up to 24 hours, the queue redelivers within its retention, and a re-put by the state
 * machine's retry comes within minutes, so a day covers every duplicate we expect.
 */
export const IDEMPOTENCY_EXPIRY_SECONDS = 24 * 60 * 60;
/**
 * Used when the caller passes no Lambda context (a local poller): how long an in-progress record locks
 * its key. On Lambda the function's remaining time is used, as Powertools intends.
 */
const FALLBACK_REMAINING_MS = 60_000;

const DUPLICATE_CART: CheckoutFailureCode = "DuplicateCart";

/**
 * The order in the table belongs to the first checkout of this cart: its customer must not be told that
 * "their" order could not be processed.
 */
function isDuplicateCartFailure(event: CheckoutEvent): boolean {
  return event["detail-type"] === "CheckoutFailed" && event.detail.code === DUPLICATE_CART;
}

/**
 * A CheckoutFailed may come from a checkout whose Record Order step itself failed: then there is no order,
 * so no address anywhere (events carry none by design), and no retry can change that. Every other
 * DetailType follows a recorded order, so a missing order there is an anomaly that fails the record.
 */
function isExpectedMissingOrder(event: CheckoutEvent, error: unknown): boolean {
  return error instanceof OrderNotFound && event["detail-type"] === "CheckoutFailed";
}

interface SentEmail {
  messageId: string;
  /** Set when this delivery was a duplicate and Powertools returned the first delivery's result. */
  duplicate?: boolean;
}

/**
 * The notification service: for each SQS record (an EventBridge checkout event) it looks the customer's
 * email up by cart id and sends the contract's email through SES, once per cart and DetailType (Powertools
 * idempotency with its DynamoDB persistence layer). A CheckoutFailed of a duplicate cart, or one whose
 * order was never recorded, is logged and acknowledged without an email. Records are handled one after
 * another, so a batch never bursts past SES's send rate, and each failure is reported alone in
 * `batchItemFailures`.
 */
export function createNotifier({ config, dynamodb, ses, logger }: NotifierDependencies): NotifierHandler {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: config.idempotencyTable,
    keyAttr: IDEMPOTENCY_TABLE.key,
    expiryAttr: IDEMPOTENCY_TABLE.ttl,
    awsSdkV3Client: dynamodb,
  });
  const idempotency = new IdempotencyConfig({
    eventKeyJmesPath: IDEMPOTENCY_KEY_JMESPATH,
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: IDEMPOTENCY_EXPIRY_SECONDS,
    responseHook: (response) => ({ ...(response as object), duplicate: true }),
  });

  async function sendEmail(event: CheckoutEvent): Promise<SentEmail> {
    const recipient = await lookUpOrderEmail(dynamodb, config.ordersTable, event.detail.cart_id);
    const email = renderEmail(event["detail-type"], config.brand);
    const sent = await ses.send(
      new SendEmailCommand({
        Source: config.senderEmail,
        Destination: { ToAddresses: [recipient] },
        Message: {
          Subject: { Data: email.subject, Charset: "UTF-8" },
          Body: { Text: { Data: email.body, Charset: "UTF-8" } },
        },
      }),
    );
    return { messageId: sent.MessageId ?? "" };
  }

  const sendEmailOnce = makeIdempotent(sendEmail, {
    persistenceStore,
    config: idempotency,
    keyPrefix: IDEMPOTENCY_KEY_PREFIX,
  });

  async function processRecord(record: SQSRecord): Promise<SQSBatchItemFailure | undefined> {
    const keys: Record<string, unknown> = { message_id: record.messageId };
    let event: CheckoutEvent | undefined;
    try {
      event = parseCheckoutEvent(record.body);
      Object.assign(keys, { cart_id: event.detail.cart_id, event_id: event.id, detail_type: event["detail-type"] });
      if (event.detail.code !== undefined) keys.code = event.detail.code;
      if (isDuplicateCartFailure(event)) {
        logger.info("duplicate cart: not emailed, the order in the table belongs to the cart's first checkout", keys);
        return undefined;
      }
      const sent = await sendEmailOnce(event);
      if (sent.duplicate) logger.info("duplicate delivery: email already sent for this cart and detail type", keys);
      else logger.info("email sent", { ...keys, ses_message_id: sent.messageId });
      return undefined;
    } catch (error) {
      const details = { ...keys, receive_count: record.attributes?.ApproximateReceiveCount, error: loggableError(error) };
      if (event && isExpectedMissingOrder(event, error)) {
        logger.error("checkout failed before its order was recorded: no email address exists, acknowledged without email", details);
        return undefined;
      }
      if (error instanceof UnprocessableMessage) {
        logger.error("message cannot be processed: it fails until the queue moves it to the dead-letter queue", details);
      } else {
        logger.warn("message failed, it will be retried", details);
      }
      return { itemIdentifier: record.messageId };
    }
  }

  return async function handler(event, context) {
    addLambdaContext(logger, context);
    idempotency.registerLambdaContext(
      (typeof context?.getRemainingTimeInMillis === "function"
        ? context
        : { ...context, getRemainingTimeInMillis: () => FALLBACK_REMAINING_MS }) as Context,
    );
    const batchItemFailures: SQSBatchItemFailure[] = [];
    for (const record of event.Records) {
      const failure = await processRecord(record);
      if (failure) batchItemFailures.push(failure);
    }
    return { batchItemFailures };
  };
}
