/**
 * `npm run synth` end to end, as a user runs it: main.ts in its own process, into a fresh output folder,
 * from the real handler bundles (built first if missing). Twice, to prove the output is reproducible.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { FUNCTION_NAMES } from "../../workflows/checkout-contract";

const projectDir = resolve(import.meta.dirname, "../..");
const outRoot = mkdtempSync(join(tmpdir(), "checkout-main-"));
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

function synth(outdir: string, env: Record<string, string> = {}) {
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("CHECKOUT_")));
  return spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
    cwd: projectDir,
    env: { ...cleanEnv, CHECKPOINT_DISABLE: "1", CDKTF_OUTDIR: outdir, CHECKOUT_SENDER_EMAIL: "orders@shop.test.io", ...env },
    encoding: "utf8",
  });
}

interface LambdaJson {
  filename: string;
  source_code_hash: string;
}

describe("main.ts", () => {
  const first = join(outRoot, "first");
  const second = join(outRoot, "second");
  const runs = [synth(first), synth(second)];

  it("synthesizes the checkout stack into the output folder", () => {
    for (const run of runs) {
      expect(run.stderr).toContain('synthesized stack "checkout" (eu-west-1)');
      expect(run.status).toBe(0);
    }
  });

  it("deploys each function's current bundle, hashed as Lambda expects", () => {
    const stackDir = join(first, "stacks", "checkout");
    const tf = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as { resource: { aws_lambda_function: Record<string, LambdaJson> } };
    for (const name of FUNCTION_NAMES) {
      const fn = tf.resource.aws_lambda_function[`${name}-function`]!;
      const zip = readFileSync(join(stackDir, fn.filename));
      const files = unzipSync(zip);
      expect(Buffer.from(files["index.mjs"]!).equals(readFileSync(join(projectDir, "build", "handlers", name, "index.mjs")))).toBe(true);
      expect(fn.source_code_hash).toBe(createHash("sha256").update(zip).digest("base64"));
    }
  });

  it("writes the same bytes on every run", () => {
    const read = (dir: string) => readFileSync(join(dir, "stacks", "checkout", "cdk.tf.json"), "utf8");
    expect(read(second)).toBe(read(first));
  });

  it("stops with the configuration problem named, not a stack trace", () => {
    const run = synth(join(outRoot, "bad"), { CHECKOUT_SENDER_EMAIL: "not-an-email", CHECKOUT_LOG_RETENTION_DAYS: "10" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('senderEmail "not-an-email" (from environment variable CHECKOUT_SENDER_EMAIL) is not an email address');
    expect(run.stderr).toContain('logRetentionDays "10" (from environment variable CHECKOUT_LOG_RETENTION_DAYS)');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
