/**
 * A literal `${` or `%{` in the definition (a Comment, a States.Format template, a JSONata string) must
 * reach AWS as written, so the stack escapes it for Terraform while the resource references stay live.
 * The checkout definition has none today, so this file gives it one: the builder's output plus a
 * Comment holding both.
 */
import { expect, it, vi } from "vitest";
import type { CheckoutResources } from "../../workflows/checkout";
import { synthCheckout } from "./synth-fixture";

const LITERAL = "total ${order.total} %{ if paid }";

vi.mock("../../workflows/checkout", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../workflows/checkout")>();
  return {
    ...original,
    checkoutStateMachine: (resources: CheckoutResources) => {
      const machine = original.checkoutStateMachine(resources);
      const definition = { ...machine.toJSON(), Comment: LITERAL };
      return { toJSON: () => definition, toString: () => JSON.stringify(definition, null, 2), permissions: () => machine.permissions() };
    },
  };
});

it("escapes literal interpolations and directives, and keeps references live", () => {
  const [[, machine]] = synthCheckout().resources("aws_sfn_state_machine") as [[string, { definition: string }]];
  expect(machine.definition).toContain('"Comment": "total $${order.total} %%{ if paid }"');
  expect(machine.definition).toContain('"TableName": "${aws_dynamodb_table.orders-table.name}"');
  expect(machine.definition).toContain('"EventBusName": "${aws_cloudwatch_event_bus.notification-bus.name}"');
});
