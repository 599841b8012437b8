import type { ValidateFunction } from "ajv";
import { DETAIL_TYPES, type CheckoutEventDetail, type DetailType } from "../../workflows/checkout-contract";
import {
  validateCheckoutFailed,
  validatePaymentFailed,
  validateShippingFailed,
  validateShippingSuccessful,
} from "./event-validators";
import { describeValidationErrors } from "../shared/validation-errors";

/** The EventBridge event that the rule put in the queue, as far as the notifier reads it. */
export interface CheckoutEvent {
  /** EventBridge's id of this put: logged, not used to detect duplicates (a re-put gets a new one). */
  id?: string;
  source: string;
  "detail-type": DetailType;
  detail: CheckoutEventDetail;
}

/**
 * A message that no retry can make deliverable: not JSON, an unknown DetailType, an event that breaks its
 * schema, an order that is not in the table. It still fails only its own record; the queue's redrive moves
 * it to the dead-letter queue after the configured number of receives.
 */
export class UnprocessableMessage extends Error {
  override readonly name: string = "UnprocessableMessage";
}

const VALIDATOR_BY_DETAIL_TYPE: Record<DetailType, ValidateFunction> = {
  PaymentFailed: validatePaymentFailed,
  ShippingFailed: validateShippingFailed,
  ShippingSuccessful: validateShippingSuccessful,
  CheckoutFailed: validateCheckoutFailed,
};

function isDetailType(value: unknown): value is DetailType {
  return (DETAIL_TYPES as readonly unknown[]).includes(value);
}

/** The SQS message body as a checkout event, validated with the schema of its DetailType in events/. */
export function parseCheckoutEvent(body: string): CheckoutEvent {
  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch (error) {
    throw new UnprocessableMessage(`message body is not JSON (${(error as Error).message})`);
  }
  if (typeof event !== "object" || event === null || Array.isArray(event)) {
    throw new UnprocessableMessage("message body is not an EventBridge event (not a JSON object)");
  }
  const fields = event as Record<string, unknown>;
  const detailType = fields["detail-type"];
  if (!isDetailType(detailType)) {
    throw new UnprocessableMessage(
      `event detail-type ${JSON.stringify(detailType)} is not one of ${DETAIL_TYPES.join(", ")}: no email for it`,
    );
  }
  const validate = VALIDATOR_BY_DETAIL_TYPE[detailType];
  if (!validate(event)) {
    throw new UnprocessableMessage(describeValidationErrors(validate.errors, "event"));
  }
  return event as unknown as CheckoutEvent;
}
