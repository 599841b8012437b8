/**
 * Everything main.ts does, as functions the tests and the benchmark can call: read the configuration,
 * make sure each function's bundle exists, zip it, build the stack.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FUNCTION_NAMES, type FunctionName } from "../workflows/checkout-contract";
import { CheckoutStack } from "./checkout-stack";
import { CONFIG_KEYS, loadConfig, type CheckoutConfig, type ContextValues } from "./config";
import { packageFunction, type FunctionPackage } from "./function-code";
import { App } from "./cdktf-modules";

/** cdktf.json's "context", which `cdktf synth` passes through CDKTF_CONTEXT_JSON but a plain run does not. */
export function cdktfJsonContext(projectDir: string): ContextValues {
  const file = join(projectDir, "cdktf.json");
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  const context = (parsed as { context?: unknown }).context ?? {};
  if (typeof context !== "object" || context === null || Array.isArray(context)) throw new Error(`${file}: "context" must be an object`);
  return context as ContextValues;
}

/** The checkout settings among an app's context values (cdktf.json's and the CLI's). */
export function configOf(app: App, env: NodeJS.ProcessEnv = process.env): CheckoutConfig {
  const context: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) context[key] = app.node.tryGetContext(key);
  return loadConfig(context, env);
}

export function bundleDir(projectDir: string, name: FunctionName): string {
  return join(projectDir, "build", "handlers", name);
}

export function missingBundles(projectDir: string): FunctionName[] {
  return FUNCTION_NAMES.filter((name) => !existsSync(join(bundleDir(projectDir, name), "index.mjs")));
}

/** Zips each function's bundle into build/lambda-packages/<function>.zip. */
export function packageFunctions(projectDir: string): Record<FunctionName, FunctionPackage> {
  const entries = FUNCTION_NAMES.map((name) => [name, packageFunction(bundleDir(projectDir, name), join(projectDir, "build", "lambda-packages", `${name}.zip`))] as const);
  return Object.fromEntries(entries) as Record<FunctionName, FunctionPackage>;
}

/** The app with the checkout stack, ready for app.synth(). */
export function checkoutApp(options: { context: ContextValues; code: Record<FunctionName, FunctionPackage>; outdir?: string; env?: NodeJS.ProcessEnv }): {
  app: App;
  stack: CheckoutStack;
  config: CheckoutConfig;
} {
  // No stack traces in the output's metadata: they hold absolute paths, and the output must be reproducible.
  const app = new App({ context: { ...options.context }, stackTraces: false, ...(options.outdir !== undefined && { outdir: options.outdir }) });
  const config = configOf(app, options.env);
  const stack = new CheckoutStack(app, { config, code: options.code });
  return { app, stack, config };
}
