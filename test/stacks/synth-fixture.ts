/**
 * Synthesizes the checkout stack for the tests: from fake but fixed function bundles (so the asset hashes
 * in the output are fixed too, whatever the handlers' code is today), with a fixed configuration and no
 * CHECKOUT_* variables from the developer's shell. Each test file synthesizes once at load time.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUNDLE_FILE } from "../../handlers/bundle/layout";
import { FUNCTION_NAMES, type FunctionName } from "../../workflows/checkout-contract";
import { checkoutApp } from "../../stacks/app";
import type { CheckoutStack } from "../../stacks/checkout-stack";
import type { CheckoutConfig, ContextValues } from "../../stacks/config";
import { packageFunction, type FunctionPackage } from "../../stacks/function-code";
import { Testing } from "../../stacks/cdktf-modules";

export const TEST_CONTEXT = {
  region: "eu-west-1",
  namePrefix: "checkout",
  brand: "Octank",
  senderEmail: "orders@shop.test.io",
  paymentOutcome: "success",
  shippingOutcome: "0.25",
  logRetentionDays: 30,
  deletionProtection: true,
} as const satisfies ContextValues;

export type TerraformResource = Record<string, unknown>;
export interface TerraformJson {
  terraform: { backend?: Record<string, Record<string, unknown>>; required_version?: string; required_providers?: unknown };
  provider: Record<string, TerraformResource[]>;
  resource: Record<string, Record<string, TerraformResource>>;
  data?: Record<string, Record<string, TerraformResource>>;
  output: Record<string, { value: string; description?: string }>;
}

export interface Synthesized {
  stack: CheckoutStack;
  config: CheckoutConfig;
  /** Testing.synth's JSON text (sorted keys, no metadata), what Testing's matchers read. */
  text: string;
  json: TerraformJson;
  /** Every resource of one type, by name; [] when there is none. */
  resources(type: string): [string, TerraformResource][];
}

let fakeCode: Record<FunctionName, FunctionPackage> | undefined;

/** Zips of tiny fixed bundles, one per function (made once per test process). */
export function fakeFunctionCode(): Record<FunctionName, FunctionPackage> {
  if (fakeCode) return fakeCode;
  const root = mkdtempSync(join(tmpdir(), "checkout-stack-code-"));
  const entries = FUNCTION_NAMES.map((name) => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, BUNDLE_FILE), `export const handler = async () => ${JSON.stringify(name)};\n`);
    return [name, packageFunction(dir, join(root, `${name}.zip`))] as const;
  });
  fakeCode = Object.fromEntries(entries) as Record<FunctionName, FunctionPackage>;
  return fakeCode;
}

export function synthCheckout(context: ContextValues = TEST_CONTEXT, env: NodeJS.ProcessEnv = {}): Synthesized {
  const { stack, config } = checkoutApp({ context, env, code: fakeFunctionCode(), outdir: mkdtempSync(join(tmpdir(), "checkout-cdktf-out-")) });
  const text = Testing.synth(stack);
  const json = JSON.parse(text) as TerraformJson;
  return {
    stack,
    config,
    text,
    json,
    resources: (type) => Object.entries(json.resource[type] ?? {}),
  };
}

/** The IAM policy document in a resource's `policy` attribute. */
export interface PolicyStatementJson {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export function statementsOf(policy: unknown): PolicyStatementJson[] {
  if (typeof policy !== "string") throw new Error(`policy is not a JSON string: ${JSON.stringify(policy)}`);
  return (JSON.parse(policy) as { Statement: PolicyStatementJson[] }).Statement;
}

export const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
