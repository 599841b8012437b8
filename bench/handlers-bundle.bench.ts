/**
 * Lambda bundles: build wall time, size of each bundle against the 50 KB goal (with what dominates it),
 * and cold-start import time of each bundle in a fresh Node process (median of several runs), which is
 * what the bundle size costs on a cold Lambda start.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { BUNDLE_SIZE_GOAL_BYTES, buildHandlers, describeBuild, PROJECT_ROOT } from "../handlers/build";

const IMPORT_RUNS = 7;
const workDir = mkdtempSync(join(tmpdir(), "handlers-bench-"));
try {
  // @aws-sdk/* is external (the Lambda runtime provides it): the project's node_modules stand in for it.
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(workDir, "node_modules"), "dir");

  const started = performance.now();
  const built = await buildHandlers(join(workDir, "handlers"));
  const buildMs = performance.now() - started;
  console.log(`build: ${buildMs.toFixed(0)} ms for ${built.length} bundles\n`);
  console.log(describeBuild(built));

  console.log(`\ncold import in a fresh node process, median of ${IMPORT_RUNS} (the SDK clients first, then the bundle's own code):`);
  const probe = `
    const sdk = ["@aws-sdk/client-sfn", "@aws-sdk/client-dynamodb", "@aws-sdk/client-ses", "@aws-sdk/util-dynamodb"];
    let t = performance.now();
    for (const name of sdk) await import(name);
    const sdkMs = performance.now() - t;
    t = performance.now();
    const m = await import(process.argv[1]);
    if (typeof m.handler !== "function") process.exit(2);
    console.log(JSON.stringify([sdkMs, performance.now() - t]));`;
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  for (const fn of built) {
    const runs = Array.from({ length: IMPORT_RUNS }, () =>
      JSON.parse(
        execFileSync(process.execPath, ["--input-type=module", "-e", probe, pathToFileURL(fn.file).href], {
          cwd: workDir,
          env: { PATH: process.env.PATH ?? "", AWS_REGION: "eu-west-1" },
        }).toString(),
      ) as [number, number],
    );
    const goal = fn.bytes <= BUNDLE_SIZE_GOAL_BYTES ? "under the goal" : "OVER the goal";
    console.log(
      `  ${fn.name.padEnd(9)} bundle ${median(runs.map((r) => r[1])).toFixed(1).padStart(6)} ms  (SDK clients ${median(runs.map((r) => r[0])).toFixed(1)} ms)   ${(fn.bytes / 1024).toFixed(1)} KB, ${goal}`,
    );
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
