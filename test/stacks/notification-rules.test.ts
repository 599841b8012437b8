import { describe, expect, it } from "vitest";
import { DETAIL_TYPES, EVENT_SOURCE } from "../../workflows/checkout-contract";
import { NOTIFICATION_RULES } from "../../workflows/notification-rules";

describe("NOTIFICATION_RULES", () => {
  it("has one rule per DetailType, matching only the workflow's events of that type", () => {
    expect(NOTIFICATION_RULES.map((rule) => rule.detailType)).toEqual([...DETAIL_TYPES]);
    for (const rule of NOTIFICATION_RULES) {
      expect(rule.eventPattern).toEqual({ source: [EVENT_SOURCE], "detail-type": [rule.detailType], detail: { cart_id: [{ exists: true }] } });
    }
  });

  it("names each rule uniquely, in EventBridge's rule name alphabet", () => {
    const names = NOTIFICATION_RULES.map((rule) => rule.ruleName);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(["notify-payment-failed", "notify-shipping-failed", "notify-shipping-successful", "notify-checkout-failed"]);
    for (const name of names) expect(name).toMatch(/^[\w.-]{1,39}$/);
  });

  it("is plain JSON (what both EventBridge and local mode read)", () => {
    for (const rule of NOTIFICATION_RULES) expect(JSON.parse(JSON.stringify(rule.eventPattern))).toEqual(rule.eventPattern);
  });
});
