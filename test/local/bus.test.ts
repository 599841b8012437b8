/** The local bus routes with the stacks' notification rules (workflows/notification-rules.ts). */
import { describe, expect, it } from "vitest";
import { DETAIL_TYPES, EVENT_SOURCE } from "../../workflows/checkout-contract";
import { NOTIFICATION_RULES } from "../../workflows/notification-rules";
import { LocalEventBus, type BusEvent } from "../../local/eventbridge/bus";

function checkoutBus() {
  const bus = new LocalEventBus({ name: "notifications" });
  const delivered: Array<{ rule: string; event: BusEvent }> = [];
  for (const rule of NOTIFICATION_RULES) {
    bus.addRule({ name: rule.ruleName, eventPattern: rule.eventPattern, targets: [(event) => void delivered.push({ rule: rule.ruleName, event })] });
  }
  return { bus, delivered };
}

describe("LocalEventBus with the notification rules", () => {
  it.each(DETAIL_TYPES)("routes %s to exactly one rule, in EventBridge's envelope", async (detailType) => {
    const { bus, delivered } = checkoutBus();
    const result = await bus.putEvents([{ Source: EVENT_SOURCE, DetailType: detailType, EventBusName: "notifications", Detail: JSON.stringify({ cart_id: "c1", Time: "2026-01-01T00:00:00Z" }) }]);
    expect(result.FailedEntryCount).toBe(0);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.event).toMatchObject({ version: "0", source: EVENT_SOURCE, "detail-type": detailType, account: "000000000000", region: "us-east-1", detail: { cart_id: "c1" } });
    expect(delivered[0]?.event.id).toBe(result.Entries[0]?.EventId);
    expect(delivered[0]?.event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("routes nothing from another source, of another type, or without a cart id", async () => {
    const { bus, delivered } = checkoutBus();
    await bus.putEvents([
      { Source: "Other", DetailType: "PaymentFailed", Detail: { cart_id: "c1" } },
      { Source: EVENT_SOURCE, DetailType: "OrderShipped", Detail: { cart_id: "c1" } },
      { Source: EVENT_SOURCE, DetailType: "PaymentFailed", Detail: { Time: "x" } },
    ]);
    expect(delivered).toHaveLength(0);
    expect(bus.received).toHaveLength(3);
  });

  it("reports malformed entries one by one, as PutEvents does", async () => {
    const { bus, delivered } = checkoutBus();
    const result = await bus.putEvents([
      { Source: EVENT_SOURCE, DetailType: "PaymentFailed", Detail: "{not json" },
      { Source: EVENT_SOURCE, DetailType: "PaymentFailed", EventBusName: "elsewhere", Detail: "{}" },
      { Source: EVENT_SOURCE, DetailType: "PaymentFailed", Detail: { cart_id: "ok" } },
    ]);
    expect(result.FailedEntryCount).toBe(2);
    expect(result.Entries[0]?.ErrorMessage).toMatch(/not valid JSON/);
    expect(result.Entries[1]?.ErrorMessage).toMatch(/elsewhere/);
    expect(delivered).toHaveLength(1);
  });

  it("refuses a rule whose pattern EventBridge would refuse, naming the rule", () => {
    const bus = new LocalEventBus({ name: "b" });
    expect(() => bus.addRule({ name: "broken", eventPattern: { source: "not-an-array" }, targets: [] })).toThrow(/rule broken.*source/);
  });
});
