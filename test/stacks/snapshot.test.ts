/**
 * Change detector: the whole synthesized stack (fixed configuration, fixed fake bundles, so fixed asset
 * hashes) against the committed __snapshots__/checkout.tf.json. An intended change is accepted with
 * `npx vitest run test/stacks/snapshot.test.ts -u` and reviewed as a diff.
 *
 * The state machine's definition is replaced by a marker: the workflow has its own committed review JSON
 * (workflows/checkout.asl.json), and state-machine.test.ts proves the synthesized definition equals the
 * builder's output, so a workflow edit does not churn this infrastructure snapshot.
 */
import { expect, it } from "vitest";
import { synthCheckout } from "./synth-fixture";

it("synthesizes the stack as committed", async () => {
  const synth = synthCheckout();
  const machines = synth.json.resource.aws_sfn_state_machine ?? {};
  for (const machine of Object.values(machines)) machine.definition = "<the builder's checkout definition: see state-machine.test.ts>";
  await expect(`${JSON.stringify(synth.json, null, 2)}\n`).toMatchFileSnapshot("__snapshots__/checkout.tf.json");
});
