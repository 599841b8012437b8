/** What the configuration changes in the synthesized stack, one synth per variant. */
import { describe, expect, it } from "vitest";
import { synthCheckout, TEST_CONTEXT } from "./synth-fixture";

describe("state backend", () => {
  it("uses S3 with native locking and encryption when a bucket is configured, and no local state", () => {
    const synth = synthCheckout({ ...TEST_CONTEXT, stateBucket: "acme-terraform-state", stateRegion: "us-east-1" });
    expect(synth.json.terraform.backend).toEqual({
      s3: { bucket: "acme-terraform-state", key: "checkout/terraform.tfstate", region: "us-east-1", encrypt: true, use_lockfile: true },
    });
  });
});

describe("a branch deployment (another name prefix)", () => {
  const synth = synthCheckout(TEST_CONTEXT, { CHECKOUT_NAME_PREFIX: "checkout-pr-7", CHECKOUT_DELETION_PROTECTION: "false" });

  it("is its own stack with its own state file", () => {
    expect(synth.stack.node.id).toBe("checkout-pr-7");
    expect(synth.json.terraform.backend).toEqual({ local: { path: "../../../terraform.checkout-pr-7.tfstate" } });
  });

  it("prefixes every named resource, so nothing collides with the main deployment", () => {
    const nameFields = ["name", "function_name", "alarm_name", "configuration_set_name"];
    for (const [type, resources] of Object.entries(synth.json.resource)) {
      for (const [id, resource] of Object.entries(resources)) {
        for (const field of nameFields) {
          const value = resource[field];
          if (typeof value !== "string" || value.startsWith("${")) continue;
          expect(value, `${type}.${id}.${field}`).toMatch(/(^|\/)checkout-pr-7[-/]|^API-Gateway-Execution-Logs_/);
        }
      }
    }
  });

  it("can be destroyed: deletion protection off on both tables", () => {
    for (const [, table] of synth.resources("aws_dynamodb_table")) expect(table.deletion_protection_enabled).toBe(false);
  });
});

describe("alarm notifications", () => {
  it("notify the configured SNS topic on alarm and on recovery", () => {
    const topic = "arn:aws:sns:eu-west-1:111122223333:ops";
    const alarms = synthCheckout({ ...TEST_CONTEXT, alarmTopicArn: topic }).resources("aws_cloudwatch_metric_alarm");
    expect(alarms).toHaveLength(3);
    for (const [name, alarm] of alarms) expect(alarm, name).toMatchObject({ alarm_actions: [topic], ok_actions: [topic] });
  });

  it("only change state when no topic is configured", () => {
    for (const [name, alarm] of synthCheckout().resources("aws_cloudwatch_metric_alarm")) expect(alarm, name).not.toHaveProperty("alarm_actions");
  });
});

describe("bad configuration", () => {
  it("stops the synth with every problem named", () => {
    expect(() => synthCheckout({ ...TEST_CONTEXT, region: "europe" }, { CHECKOUT_SENDER_EMAIL: "nobody" })).toThrow(
      /region "europe" \(from cdktf.json context "region"\)[\s\S]*senderEmail "nobody" \(from environment variable CHECKOUT_SENDER_EMAIL\)/,
    );
  });
});
