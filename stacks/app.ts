/**
 * Everything main.ts does, as functions the tests and the benchmark can call: read the configuration,
 * (re)build the function bundles when they are missing or stale, zip them, build the stack.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { BUNDLE_FILE, bundleDir } from "../handlers/bundle/layout";
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

/** What the bundles are made from: a change to any of these makes them stale. */
const BUNDLE_SOURCES = ["handlers", "events", "workflows/checkout-contract.ts", "package-lock.json"];

function newestSource(projectDir: string): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else if (!newest || stat.mtimeMs > newest.mtimeMs) {
      newest = { file: relative(projectDir, path), mtimeMs: stat.mtimeMs };
    }
  };
  for (const source of BUNDLE_SOURCES) visit(join(projectDir, source));
  return newest;
}

/**
 * Why the bundles must be (re)built before a synth, or undefined when they are up to date: some are
 * missing, or a handler source is newer than the oldest bundle (edited since the last `npm run build`,
 * so deploying the bundle would ship old code).
 */
export function bundlesToBuild(projectDir: string): string | undefined {
  const bundles = FUNCTION_NAMES.map((name) => join(bundleDir(projectDir, name), BUNDLE_FILE));
  const missing = FUNCTION_NAMES.filter((_, i) => !existsSync(bundles[i]!));
  if (missing.length) return `${missing.join(", ")} not built yet`;
  const oldest = Math.min(...bundles.map((bundle) => statSync(bundle).mtimeMs));
  const newest = newestSource(projectDir);
  return newest && newest.mtimeMs > oldest ? `${newest.file} changed since the last build` : undefined;
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
