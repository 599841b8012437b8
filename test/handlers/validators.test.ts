import { describe, expect, it } from "vitest";
import { VALIDATOR_MODULES } from "../../handlers/bundle/validator-modules";
import { standaloneValidatorsSource } from "../../handlers/bundle/standalone-validators";
import { compiledValidator, SCHEMA_IDS } from "../../handlers/shared/schemas";
import { describeValidationErrors } from "../../handlers/shared/validation-errors";
import { validateServiceRequest } from "../../handlers/services/request-validator";
import { CHECKOUT_FAILURE_CODES } from "../../workflows/checkout-contract";
import { checkoutEvent, ORDER, serviceRequest, withDetail } from "./samples";

describe("validator modules", () => {
  it.each(Object.entries(VALIDATOR_MODULES))("%s exports exactly the validators its bundled replacement exports", async (path, exports) => {
    const module = (await import(path)) as Record<string, unknown>;
    expect(Object.keys(module).sort()).toEqual(Object.keys(exports).sort());
    for (const name of Object.keys(exports)) expect(typeof module[name]).toBe("function");
    const standalone = standaloneValidatorsSource(exports);
    for (const name of Object.keys(exports)) expect(standalone).toContain(`export const ${name} = `);
    expect(standalone).not.toMatch(/new Function|require\("ajv"\)/);
  });

  it("the standalone code is the same for the same schemas (reproducible bundles)", () => {
    const exports = Object.values(VALIDATOR_MODULES)[1]!;
    expect(standaloneValidatorsSource(exports)).toBe(standaloneValidatorsSource(exports));
  });

  it("the request schema accepts the sample order of the contract exactly as it is", () => {
    expect(validateServiceRequest(serviceRequest())).toBe(true);
  });

  it("each event schema accepts its own DetailType and refuses another's", () => {
    for (const type of ["PaymentFailed", "ShippingFailed", "ShippingSuccessful", "CheckoutFailed"] as const) {
      const validate = compiledValidator(SCHEMA_IDS[type]);
      expect(validate(checkoutEvent(type))).toBe(true);
      expect(validate({ ...checkoutEvent(type), "detail-type": "Other" })).toBe(false);
    }
  });

  it("CheckoutFailed accepts the optional code of CHECKOUT_FAILURE_CODES and nothing else; other events refuse it", () => {
    const validate = compiledValidator(SCHEMA_IDS.CheckoutFailed);
    for (const code of CHECKOUT_FAILURE_CODES) expect(validate(withDetail(checkoutEvent("CheckoutFailed"), { code }))).toBe(true);
    expect(validate(withDetail(checkoutEvent("CheckoutFailed"), { code: "Refunded" }))).toBe(false);
    expect(describeValidationErrors(validate.errors, "event")).toBe("event.detail.code must be equal to one of the allowed values");
    expect(compiledValidator(SCHEMA_IDS.PaymentFailed)(withDetail(checkoutEvent("PaymentFailed"), { code: "CheckoutError" }))).toBe(false);
  });
});

describe("validation messages", () => {
  it("names each culprit by its path, unknown properties and constants included", () => {
    const validate = compiledValidator(SCHEMA_IDS.PaymentFailed);
    validate({ ...checkoutEvent("PaymentFailed"), source: "x", detail: { cart_id: "1", Time: "yesterday", reason: "r", "a/b~c": 1 } });
    expect(describeValidationErrors(validate.errors, "event")).toBe(
      "event.source must be \"CheckoutWorkflow\"; event.detail has unknown property 'a/b~c'; event.detail.Time must match format \"date-time\"",
    );
  });

  it("unescapes JSON pointer segments and never quotes values", () => {
    const message = describeValidationErrors(
      [{ instancePath: "/order/a~1b~0c", schemaPath: "#", keyword: "type", params: { type: "string" }, message: "must be string" }],
      "body",
    );
    expect(message).toBe("body.order.a/b~c must be string");
    validateServiceRequest(serviceRequest({ ...ORDER, Email: "secret-value" }));
    expect(describeValidationErrors(validateServiceRequest.errors, "body")).not.toContain("secret-value");
  });

  it("says the document is invalid when Ajv gave no details", () => {
    expect(describeValidationErrors(null, "body")).toBe("body is invalid");
  });
});
