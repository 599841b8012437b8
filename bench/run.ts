/**
 * Runs every benchmark under bench/ (files named *.bench.ts), one after another in its own process
 * so that one benchmark's warm caches and heap do not colour the next one's figures.
 */
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const benchDir = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (files.length === 0) {
  console.error(only.length ? `no benchmark under bench/ matches ${only.join(", ")}` : "no benchmarks under bench/");
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const run = spawnSync(process.execPath, ["--import", "tsx", join(benchDir, file)], { stdio: "inherit", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  if (run.status !== 0) {
    failed++;
    console.error(`${file} exited with ${run.status ?? run.signal}`);
  }
}
process.exit(failed ? 1 : 0);
