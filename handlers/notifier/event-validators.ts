/**
 * Validators of the four checkout events (events/<DetailType>.schema.json). In the bundles this module is
 * replaced by Ajv's precompiled code with the same exports (handlers/bundle/validator-modules.ts).
 */
import { compiledValidator, SCHEMA_IDS } from "../shared/schemas";

export const validatePaymentFailed = compiledValidator(SCHEMA_IDS.PaymentFailed);
export const validateShippingFailed = compiledValidator(SCHEMA_IDS.ShippingFailed);
export const validateShippingSuccessful = compiledValidator(SCHEMA_IDS.ShippingSuccessful);
export const validateCheckoutFailed = compiledValidator(SCHEMA_IDS.CheckoutFailed);
