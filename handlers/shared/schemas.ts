/**
 * The JSON Schemas of events/ that the handlers validate with, and the one Ajv set-up used both to compile
 * them at run time (tests, local mode) and to precompile them into the bundles (handlers/bundle/), so the
 * shipped validators come from the same schemas and options as the tested ones, without Ajv's compiler.
 */
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import orderSchema from "../../events/order.schema.json";
import serviceRequestSchema from "../../events/service-request.schema.json";
import paymentFailedSchema from "../../events/PaymentFailed.schema.json";
import shippingFailedSchema from "../../events/ShippingFailed.schema.json";
import shippingSuccessfulSchema from "../../events/ShippingSuccessful.schema.json";
import checkoutFailedSchema from "../../events/CheckoutFailed.schema.json";

const SCHEMAS = [
  orderSchema,
  serviceRequestSchema,
  paymentFailedSchema,
  shippingFailedSchema,
  shippingSuccessfulSchema,
  checkoutFailedSchema,
];

/** `$id`s of the schemas the handlers and the local commands validate against. */
export const SCHEMA_IDS = {
  order: orderSchema.$id,
  serviceRequest: serviceRequestSchema.$id,
  PaymentFailed: paymentFailedSchema.$id,
  ShippingFailed: shippingFailedSchema.$id,
  ShippingSuccessful: shippingSuccessfulSchema.$id,
  CheckoutFailed: checkoutFailedSchema.$id,
} as const;

/**
 * Ajv with every schema of the handlers registered. `forStandalone` keeps the generated source so that
 * ajv/dist/standalone can print it as an ES module.
 */
export function createSchemaAjv(forStandalone = false): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    ...(forStandalone ? { code: { source: true, esm: true } } : {}),
  });
  addFormats(ajv);
  for (const schema of SCHEMAS) ajv.addSchema(schema);
  return ajv;
}

let runtimeAjv: Ajv | undefined;

/** The validator of a schema, compiled at run time (the bundles get precompiled ones instead). */
export function compiledValidator(schemaId: string): ValidateFunction {
  runtimeAjv ??= createSchemaAjv();
  const validate = runtimeAjv.getSchema(schemaId);
  if (!validate) throw new Error(`no schema registered with $id ${schemaId}`);
  return validate;
}
