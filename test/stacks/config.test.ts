import { describe, expect, it } from "vitest";
import { parseOutcome } from "../../handlers/services/outcome";
import { ConfigError, configWarnings, loadConfig } from "../../stacks/config";

const valid = { region: "eu-west-1", senderEmail: "orders@shop.test.io" };

function problemsOf(context: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): readonly string[] {
  try {
    loadConfig(context, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("applies the production defaults to a minimal context", () => {
    expect(loadConfig(valid, {})).toEqual({
      region: "eu-west-1",
      namePrefix: "checkout",
      brand: "Octank",
      senderEmail: "orders@shop.test.io",
      paymentOutcome: "success",
      shippingOutcome: "success",
      logRetentionDays: 30,
      deletionProtection: true,
    });
  });

  it("lets CHECKOUT_* environment variables override cdktf.json context", () => {
    const config = loadConfig(
      { ...valid, namePrefix: "checkout", deletionProtection: true },
      {
        CHECKOUT_NAME_PREFIX: "checkout-feat-42",
        CHECKOUT_DELETION_PROTECTION: "false",
        CHECKOUT_PAYMENT_OUTCOME: "0.25",
        CHECKOUT_SHIPPING_OUTCOME: "failure",
        CHECKOUT_PAYMENT_TIMEOUT_SECONDS: "120",
        CHECKOUT_LOG_RETENTION_DAYS: "7",
        CHECKOUT_BRAND: "Fruit Co",
      },
    );
    expect(config).toMatchObject({
      namePrefix: "checkout-feat-42",
      deletionProtection: false,
      paymentOutcome: "0.25",
      shippingOutcome: "failure",
      paymentTimeoutSeconds: 120,
      logRetentionDays: 7,
      brand: "Fruit Co",
    });
    expect(config).not.toHaveProperty("shippingTimeoutSeconds");
  });

  it.each([".5", "FAILURE", " Success ", "1.0"])("accepts the outcome %j, as the handler that receives it does", (outcome) => {
    const config = loadConfig({ ...valid, paymentOutcome: outcome }, {});
    expect(() => parseOutcome(config.paymentOutcome)).not.toThrow();
    expect(parseOutcome(config.paymentOutcome)).toEqual(parseOutcome(outcome));
  });

  it("reports every missing required value at once, naming the context key and the variable", () => {
    const problems = problemsOf({});
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^region is missing: set "region" in cdktf.json's "context" or CHECKOUT_REGION/);
    expect(problems[1]).toMatch(/^senderEmail is missing: .*CHECKOUT_SENDER_EMAIL/);
  });

  it.each(["not-an-email", "a@b", "two@@example.com", "spaces in@example.com", "x@-bad-.com"])("refuses the sender %j", (email) => {
    const problems = problemsOf(valid, { CHECKOUT_SENDER_EMAIL: email });
    expect(problems).toEqual([`senderEmail ${JSON.stringify(email)} (from environment variable CHECKOUT_SENDER_EMAIL) is not an email address such as orders@yourdomain.com (the verified SES sender)`]);
  });

  it.each(["us-east", "EU-WEST-1", "eu-west-1a", "mars-north-1", "eu_west_1"])("refuses the region %j", (region) => {
    expect(problemsOf({ ...valid, region })).toEqual([`region ${JSON.stringify(region)} (from cdktf.json context "region") is not an AWS region code such as "eu-west-1"`]);
  });

  it.each(["us-east-1", "ap-southeast-4", "il-central-1", "mx-central-1", "ca-west-1"])("accepts the region %j of the aws partition", (region) => {
    expect(loadConfig({ ...valid, region }, {}).region).toBe(region);
  });

  it.each([
    ["cn-north-1", "aws-cn"],
    ["cn-northwest-1", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
    ["us-gov-east-1", "aws-us-gov"],
    ["us-iso-east-1", "aws-iso"],
    ["us-isob-east-1", "aws-iso-b"],
    ["eu-isoe-west-1", "aws-iso-e"],
    ["us-isof-south-1", "aws-iso-f"],
    ["eusc-de-east-1", "aws-eusc"],
  ])("refuses the region %j, naming its partition (%s) as not supported yet", (region, partition) => {
    const message = `region ${JSON.stringify(region)} (from environment variable CHECKOUT_REGION) is in the ${partition} partition, which is not supported yet: the state machine's tasks are arn:aws:states resources, so only regions of the aws partition (such as "eu-west-1") can be deployed`;
    expect(problemsOf(valid, { CHECKOUT_REGION: region })).toEqual([message]);
  });

  it("refuses a state bucket region or an alarm topic in another partition", () => {
    expect(problemsOf({ ...valid, stateBucket: "acme-tf-state", stateRegion: "cn-north-1" })).toEqual([
      `stateRegion "cn-north-1" (from cdktf.json context "stateRegion") is in the aws-cn partition, which is not supported yet: the state machine's tasks are arn:aws:states resources, so only regions of the aws partition (such as "eu-west-1") can be deployed`,
    ]);
    expect(problemsOf({ ...valid, alarmTopicArn: "arn:aws-us-gov:sns:us-gov-west-1:111122223333:ops" })).toEqual([
      'alarmTopicArn "arn:aws-us-gov:sns:us-gov-west-1:111122223333:ops" (from cdktf.json context "alarmTopicArn") is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)',
    ]);
    expect(loadConfig({ ...valid, alarmTopicArn: "arn:aws:sns:eu-west-1:111122223333:ops" }, {}).alarmTopicArn).toBe("arn:aws:sns:eu-west-1:111122223333:ops");
  });

  it("reports a region of another partition once, not again for the state region that defaults to it", () => {
    expect(problemsOf({ ...valid, region: "cn-north-1", stateBucket: "acme-tf-state" })).toEqual([expect.stringMatching(/^region "cn-north-1" .* aws-cn partition/)]);
  });

  it("refuses malformed values of every other kind, each with its source", () => {
    const problems = problemsOf(
      { ...valid, logRetentionDays: 10, deletionProtection: "yes", paymentOutcome: "maybe", alarmTopicArn: "my-topic" },
      { CHECKOUT_NAME_PREFIX: "Checkout_Prod", CHECKOUT_SHIPPING_TIMEOUT_SECONDS: "0", CHECKOUT_PAYMENT_TIMEOUT_SECONDS: "5m" },
    );
    expect(problems).toEqual([
      'namePrefix "Checkout_Prod" (from environment variable CHECKOUT_NAME_PREFIX) is not 2 to 24 lower-case letters, digits or dashes, starting with a letter',
      'paymentOutcome "maybe" (from cdktf.json context "paymentOutcome") is not an outcome: "success", "failure" or a failure rate from 0 to 1 such as "0.25"',
      'paymentTimeoutSeconds "5m" (from environment variable CHECKOUT_PAYMENT_TIMEOUT_SECONDS) is not a whole number of seconds from 1 to 86400',
      'shippingTimeoutSeconds "0" (from environment variable CHECKOUT_SHIPPING_TIMEOUT_SECONDS) is not a whole number of seconds from 1 to 86400',
      expect.stringMatching(/^logRetentionDays 10 \(from cdktf.json context "logRetentionDays"\) is not a retention CloudWatch Logs accepts: one of 1, 3, 5, 7, 14, 30/),
      'deletionProtection "yes" (from cdktf.json context "deletionProtection") is not true or false',
      'alarmTopicArn "my-topic" (from cdktf.json context "alarmTopicArn") is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)',
    ]);
  });

  it("uses the S3 backend only when a bucket is given, keyed by the name prefix by default", () => {
    expect(loadConfig(valid, {})).not.toHaveProperty("s3Backend");
    expect(loadConfig({ ...valid, stateBucket: "acme-tf-state" }, { CHECKOUT_NAME_PREFIX: "checkout-pr-7" }).s3Backend).toEqual({
      bucket: "acme-tf-state",
      key: "checkout-pr-7/terraform.tfstate",
      region: "eu-west-1",
    });
    expect(problemsOf({ ...valid, stateKey: "x/terraform.tfstate" })).toEqual([
      'stateKey is set but stateBucket is not: set "stateBucket" (or CHECKOUT_STATE_BUCKET) to use the S3 backend',
    ]);
    expect(problemsOf({ ...valid, stateBucket: "Bad_Bucket" })[0]).toMatch(/^stateBucket "Bad_Bucket" .* is not an S3 bucket name/);
  });

  it("warns about a placeholder sender that SES can never verify", () => {
    expect(configWarnings(loadConfig({ ...valid, senderEmail: "orders@example.com" }, {}))).toEqual([
      expect.stringContaining("senderEmail orders@example.com is a placeholder"),
    ]);
    expect(configWarnings(loadConfig(valid, {}))).toEqual([]);
  });
});
