import { join } from "node:path";
import { SCHEMA_IDS } from "../shared/schemas";

const HANDLERS = join(import.meta.dirname, "..");

/**
 * The modules that compile validators at run time, each with its exports and their schemas. The bundles
 * get Ajv's standalone code for exactly these exports instead (a test checks the lists match the modules).
 * One module per function keeps each bundle to the validators it uses.
 */
export const VALIDATOR_MODULES: Record<string, Record<string, string>> = {
  [join(HANDLERS, "services", "request-validator.ts")]: {
    validateServiceRequest: SCHEMA_IDS.serviceRequest,
  },
  [join(HANDLERS, "notifier", "event-validators.ts")]: {
    validatePaymentFailed: SCHEMA_IDS.PaymentFailed,
    validateShippingFailed: SCHEMA_IDS.ShippingFailed,
    validateShippingSuccessful: SCHEMA_IDS.ShippingSuccessful,
    validateCheckoutFailed: SCHEMA_IDS.CheckoutFailed,
  },
};
