/**
 * Validator of the POSTed `{ order, taskToken }` (events/service-request.schema.json). In the bundles this
 * module is replaced by Ajv's precompiled code with the same exports (handlers/bundle/validator-modules.ts).
 */
import { compiledValidator, SCHEMA_IDS } from "../shared/schemas";

export const validateServiceRequest = compiledValidator(SCHEMA_IDS.serviceRequest);
