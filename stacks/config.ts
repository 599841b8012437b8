/**
 * The deployment's settings, read from cdktf.json's `context` and overridden by CHECKOUT_* environment
 * variables (so a branch deploy or CI job changes one variable, not a committed file). Every problem is
 * reported at once, naming the setting and where its value came from.
 */
import { DEFAULT_BRAND } from "../handlers/notifier/config";
import { isOutcome } from "../handlers/services/outcome";

/** Retention periods CloudWatch Logs accepts (PutRetentionPolicy); anything else fails at apply time. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export interface S3StateBackend {
  bucket: string;
  key: string;
  region: string;
}

export interface CheckoutConfig {
  region: string;
  /** Prefix of every resource name and the stack's name: change it to deploy a second copy (a branch). */
  namePrefix: string;
  brand: string;
  senderEmail: string;
  /** The payment handler's OUTCOME: anything handlers/services/outcome.ts accepts. */
  paymentOutcome: string;
  shippingOutcome: string;
  /** Upper bound of the wait for the payment callback; the builder's default when unset. */
  paymentTimeoutSeconds?: number;
  shippingTimeoutSeconds?: number;
  logRetentionDays: number;
  deletionProtection: boolean;
  /** SNS topic the alarms notify; alarms only change state when unset. */
  alarmTopicArn?: string;
  /** Remote state; a local state file (terraform.<namePrefix>.tfstate) when unset. */
  s3Backend?: S3StateBackend;
}

/** One setting: its key in cdktf.json's context and its environment variable. */
interface Setting {
  key: string;
  env: string;
}

const SETTINGS = {
  region: { key: "region", env: "CHECKOUT_REGION" },
  namePrefix: { key: "namePrefix", env: "CHECKOUT_NAME_PREFIX" },
  brand: { key: "brand", env: "CHECKOUT_BRAND" },
  senderEmail: { key: "senderEmail", env: "CHECKOUT_SENDER_EMAIL" },
  paymentOutcome: { key: "paymentOutcome", env: "CHECKOUT_PAYMENT_OUTCOME" },
  shippingOutcome: { key: "shippingOutcome", env: "CHECKOUT_SHIPPING_OUTCOME" },
  paymentTimeoutSeconds: { key: "paymentTimeoutSeconds", env: "CHECKOUT_PAYMENT_TIMEOUT_SECONDS" },
  shippingTimeoutSeconds: { key: "shippingTimeoutSeconds", env: "CHECKOUT_SHIPPING_TIMEOUT_SECONDS" },
  logRetentionDays: { key: "logRetentionDays", env: "CHECKOUT_LOG_RETENTION_DAYS" },
  deletionProtection: { key: "deletionProtection", env: "CHECKOUT_DELETION_PROTECTION" },
  alarmTopicArn: { key: "alarmTopicArn", env: "CHECKOUT_ALARM_TOPIC_ARN" },
  stateBucket: { key: "stateBucket", env: "CHECKOUT_STATE_BUCKET" },
  stateKey: { key: "stateKey", env: "CHECKOUT_STATE_KEY" },
  stateRegion: { key: "stateRegion", env: "CHECKOUT_STATE_REGION" },
} as const satisfies Record<string, Setting>;

export const CONFIG_KEYS: readonly string[] = Object.values(SETTINGS).map((s) => s.key);

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid checkout configuration (cdktf.json "context" or CHECKOUT_* environment):\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

// The shape of a region code in any partition ("eu-west-1", "us-gov-west-1", "cn-north-1", "us-isob-east-1",
// "eusc-de-east-1"), so that a region of another partition is named as such rather than as a typo.
const REGION = /^([a-z]{2}|eusc-[a-z]{2})(-gov|-iso[a-z]?)?-(north|south|east|west|central|northeast|northwest|southeast|southwest)-\d{1,2}$/;
/**
 * Partitions other than `aws`, by the prefix of their regions. The stack supports the `aws` partition only:
 * the state machine's tasks are `arn:aws:states:::...` resources (asl/builder/integrations.ts) and its
 * policy matches that prefix, so in any other partition every task would fail with States.Runtime.
 */
const OTHER_PARTITIONS: ReadonlyArray<{ regionPrefix: string; partition: string }> = [
  { regionPrefix: "cn-", partition: "aws-cn" },
  { regionPrefix: "us-gov-", partition: "aws-us-gov" },
  { regionPrefix: "us-iso-", partition: "aws-iso" },
  { regionPrefix: "us-isob-", partition: "aws-iso-b" },
  { regionPrefix: "eu-isoe-", partition: "aws-iso-e" },
  { regionPrefix: "us-isof-", partition: "aws-iso-f" },
  { regionPrefix: "eusc-", partition: "aws-eusc" },
];

/** The partition of a region code when it is not `aws`; undefined for a region of the `aws` partition. */
export function otherPartitionOf(region: string): string | undefined {
  return OTHER_PARTITIONS.find(({ regionPrefix }) => region.startsWith(regionPrefix))?.partition;
}
// Lower-case so it is valid in every name it prefixes (S3-style, SQS, Lambda, IAM, log groups); at most 24
// characters so the longest derived name (`<prefix>-notify-shipping-successful`) stays within the
// 64-character limits of IAM roles and EventBridge rules.
const NAME_PREFIX = /^[a-z][a-z0-9-]{0,22}[a-z0-9]$/;
// The address forms SES accepts as a sender in practice: dot-atom local part, a domain with a dot.
const EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
// The aws partition only, as the region: an alarm cannot notify a topic in another partition.
const SNS_TOPIC_ARN = /^arn:aws:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
// The example domains of RFC 2606 can never be verified in SES: deployable, but no email would ever leave.
const PLACEHOLDER_DOMAIN = /@(example\.(com|org|net)|.*\.example)$/i;

export type ContextValues = Readonly<Record<string, unknown>>;

/**
 * Reads the configuration. `context` is cdktf.json's "context" object, `env` the process environment;
 * an environment variable wins over the context key of the same setting. Throws ConfigError listing
 * every missing or malformed value.
 */
export function loadConfig(context: ContextValues, env: NodeJS.ProcessEnv = process.env): CheckoutConfig {
  const problems: string[] = [];

  function raw(setting: Setting): { value: unknown; from: string } | undefined {
    const fromEnv = env[setting.env];
    if (fromEnv !== undefined && fromEnv !== "") return { value: fromEnv, from: `environment variable ${setting.env}` };
    const fromContext = context[setting.key];
    if (fromContext !== undefined && fromContext !== null && fromContext !== "") {
      return { value: fromContext, from: `cdktf.json context "${setting.key}"` };
    }
    return undefined;
  }

  function missing(setting: Setting, what: string): void {
    problems.push(`${setting.key} is missing: set "${setting.key}" in cdktf.json's "context" or ${setting.env} (${what})`);
  }

  /** `valid` is a pattern or a check of the trimmed value. */
  function text(setting: Setting, valid: RegExp | ((value: string) => boolean), what: string, fallback?: string): string {
    const found = raw(setting);
    if (!found) {
      if (fallback !== undefined) return fallback;
      missing(setting, what);
      return "";
    }
    const value = typeof found.value === "string" ? found.value.trim() : found.value;
    if (typeof value !== "string" || !(typeof valid === "function" ? valid(value) : valid.test(value))) {
      problems.push(`${setting.key} ${JSON.stringify(found.value)} (from ${found.from}) is not ${what}`);
      return "";
    }
    return value;
  }

  /** A region code of the `aws` partition; a region of another partition is refused by name. */
  function region(setting: Setting, fallback?: string): string {
    const value = text(setting, REGION, 'an AWS region code such as "eu-west-1"', fallback);
    const partition = value ? otherPartitionOf(value) : undefined;
    if (!partition) return value;
    const found = raw(setting);
    problems.push(
      `${setting.key} ${JSON.stringify(value)} (from ${found ? found.from : "region"}) is in the ${partition} partition, which is not supported yet: ` +
        `the state machine's tasks are arn:aws:states resources, so only regions of the aws partition (such as "eu-west-1") can be deployed`,
    );
    return "";
  }

  function optionalText(setting: Setting, pattern: RegExp, what: string): string | undefined {
    return raw(setting) ? text(setting, pattern, what) : undefined;
  }

  function integer(setting: Setting, min: number, max: number): number | undefined {
    const found = raw(setting);
    if (!found) return undefined;
    const value = typeof found.value === "string" && /^\d+$/.test(found.value.trim()) ? Number(found.value) : found.value;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`${setting.key} ${JSON.stringify(found.value)} (from ${found.from}) is not a whole number of seconds from ${min} to ${max}`);
      return undefined;
    }
    return value;
  }

  function boolean(setting: Setting, fallback: boolean): boolean {
    const found = raw(setting);
    if (!found) return fallback;
    if (found.value === true || found.value === "true") return true;
    if (found.value === false || found.value === "false") return false;
    problems.push(`${setting.key} ${JSON.stringify(found.value)} (from ${found.from}) is not true or false`);
    return fallback;
  }

  function retention(setting: Setting, fallback: number): number {
    const found = raw(setting);
    if (!found) return fallback;
    const value = Number(found.value);
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(value) || (typeof found.value !== "number" && typeof found.value !== "string")) {
      problems.push(`${setting.key} ${JSON.stringify(found.value)} (from ${found.from}) is not a retention CloudWatch Logs accepts: one of ${LOG_RETENTION_DAYS.join(", ")}`);
      return fallback;
    }
    return value;
  }

  const deployRegion = region(SETTINGS.region);
  const namePrefix = text(SETTINGS.namePrefix, NAME_PREFIX, "2 to 24 lower-case letters, digits or dashes, starting with a letter", "checkout");
  const brand = text(SETTINGS.brand, /^[^\r\n<>]{1,64}$/, "a brand name of 1 to 64 characters without line breaks or angle brackets", DEFAULT_BRAND);
  const senderEmail = text(SETTINGS.senderEmail, EMAIL, "an email address such as orders@yourdomain.com (the verified SES sender)");
  const outcomeWhat = 'an outcome: "success", "failure" or a failure rate from 0 to 1 such as "0.25"';
  // The handler's own check, so that the stack accepts exactly what the deployed function will.
  const paymentOutcome = text(SETTINGS.paymentOutcome, isOutcome, outcomeWhat, "success");
  const shippingOutcome = text(SETTINGS.shippingOutcome, isOutcome, outcomeWhat, "success");
  // Step Functions accepts task timeouts up to a year; a day is plenty for a simulated third party.
  const paymentTimeoutSeconds = integer(SETTINGS.paymentTimeoutSeconds, 1, 86_400);
  const shippingTimeoutSeconds = integer(SETTINGS.shippingTimeoutSeconds, 1, 86_400);
  const logRetentionDays = retention(SETTINGS.logRetentionDays, 30);
  const deletionProtection = boolean(SETTINGS.deletionProtection, true);
  const alarmTopicArn = optionalText(SETTINGS.alarmTopicArn, SNS_TOPIC_ARN, "an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)");

  const stateBucket = optionalText(SETTINGS.stateBucket, S3_BUCKET, "an S3 bucket name");
  const stateKey = text(SETTINGS.stateKey, /^[^\s]{1,1024}$/, "an S3 object key without spaces", `${namePrefix}/terraform.tfstate`);
  const stateRegion = region(SETTINGS.stateRegion, deployRegion);
  if (!stateBucket && raw(SETTINGS.stateKey)) {
    problems.push(`stateKey is set but stateBucket is not: set "stateBucket" (or CHECKOUT_STATE_BUCKET) to use the S3 backend`);
  }

  if (problems.length) throw new ConfigError(problems);
  return {
    region: deployRegion,
    namePrefix,
    brand,
    senderEmail,
    paymentOutcome,
    shippingOutcome,
    ...(paymentTimeoutSeconds !== undefined && { paymentTimeoutSeconds }),
    ...(shippingTimeoutSeconds !== undefined && { shippingTimeoutSeconds }),
    logRetentionDays,
    deletionProtection,
    ...(alarmTopicArn !== undefined && { alarmTopicArn }),
    ...(stateBucket !== undefined && { s3Backend: { bucket: stateBucket, key: stateKey, region: stateRegion } }),
  };
}

/** Warnings that do not stop a synth but would make the deployed stack useless. */
export function configWarnings(config: CheckoutConfig): string[] {
  return PLACEHOLDER_DOMAIN.test(config.senderEmail)
    ? [`senderEmail ${config.senderEmail} is a placeholder that SES can never verify: set CHECKOUT_SENDER_EMAIL (or "senderEmail" in cdktf.json) to your verified sender before deploying`]
    : [];
}
