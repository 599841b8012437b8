/**
 * Validator speed: definitions validated per second over the shared corpus, ours against
 * asl-validator in the same run, and the time to validate the checkout definition once loaded.
 * Goals: at least 20x asl-validator's rate; under 1 ms for the checkout definition.
 *
 * Our ajv schema is compiled lazily on first use and cached (no standalone code); the one-off cost
 * is printed as "first call".
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const corpusDirectory = resolve(root, "../shared/asl-corpus");
const checkoutFile = join(root, "workflows/checkout.asl.json");

function ms(value: number): string {
  return `${value.toFixed(value < 1 ? 3 : 1)} ms`;
}

/** Runs `work` over the definitions repeatedly until `budgetMs` has passed; returns definitions per second. */
function rate(definitions: unknown[], work: (definition: unknown) => unknown, budgetMs: number, minimum = definitions.length): number {
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < budgetMs || count < minimum) {
    work(definitions[count % definitions.length]);
    count++;
  }
  return count / ((performance.now() - start) / 1000);
}

const importStart = performance.now();
const { validateDefinition } = await import("../asl/validator");
const importTime = performance.now() - importStart;
const firstStart = performance.now();
validateDefinition({ StartAt: "A", States: { A: { Type: "Succeed" } } });
const firstCall = performance.now() - firstStart;
console.log(`ours: import ${ms(importTime)}, first call (compiles the ajv schema) ${ms(firstCall)}`);

if (existsSync(join(corpusDirectory, "manifest.json"))) {
  const manifest = JSON.parse(readFileSync(join(corpusDirectory, "manifest.json"), "utf8")) as { file: string; parses: boolean }[];
  const definitions: unknown[] = manifest.filter((e) => e.parses).map((e) => JSON.parse(readFileSync(join(corpusDirectory, e.file), "utf8")) as unknown);
  console.log(`corpus: ${definitions.length} definitions (${readdirSync(corpusDirectory).length - 2} files) from ${corpusDirectory}`);

  const coldStart = performance.now();
  for (const definition of definitions) validateDefinition(definition);
  const coldPass = performance.now() - coldStart;
  console.log(`ours: first pass over the corpus ${ms(coldPass)} (${(definitions.length / (coldPass / 1000)).toFixed(0)} definitions/s, JSONata parse cache cold)`);

  const ours = rate(definitions, (d) => validateDefinition(d), 2000);
  console.log(`ours: ${ours.toFixed(0)} definitions/s (steady state)`);

  const required = createRequire(import.meta.url)("asl-validator") as ((d: unknown) => unknown) | { default: (d: unknown) => unknown };
  const aslValidator = typeof required === "function" ? required : required.default;
  aslValidator(definitions[0]);
  // asl-validator recompiles its schemas on every call (~0.3 s each on this machine), so it gets a
  // time budget rather than many passes.
  const theirs = rate(definitions, aslValidator, 5000, 10);
  console.log(`asl-validator: ${theirs.toFixed(1)} definitions/s`);
  const ratio = ours / theirs;
  console.log(`ratio: ours is ${ratio.toFixed(0)}x asl-validator (goal ≥ 20x): ${ratio >= 20 ? "MET" : "NOT MET"}`);
} else {
  console.log(`corpus: not found at ${corpusDirectory}, throughput comparison skipped`);
}

if (existsSync(checkoutFile)) {
  const checkout: unknown = JSON.parse(readFileSync(checkoutFile, "utf8"));
  for (let i = 0; i < 500; i++) validateDefinition(checkout);
  // The machine is shared: report the median of batches (wall clock) and the CPU time per run, both
  // less sensitive to other processes than one long wall-clock average.
  const batches = 25;
  const perBatch = 200;
  const wall: number[] = [];
  const cpuStart = process.cpuUsage();
  for (let b = 0; b < batches; b++) {
    const start = performance.now();
    for (let i = 0; i < perBatch; i++) validateDefinition(checkout);
    wall.push((performance.now() - start) / perBatch);
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuEach = (cpu.user + cpu.system) / 1000 / (batches * perBatch);
  wall.sort((a, b) => a - b);
  const median = wall[Math.floor(batches / 2)] as number;
  console.log(`checkout definition: ${ms(median)} per validation (median of ${batches} batches of ${perBatch}; fastest batch ${ms(wall[0] as number)}), CPU ${ms(cpuEach)} per validation (goal < 1 ms): ${median < 1 ? "MET" : "NOT MET"}`);
} else {
  console.log(`checkout definition: ${checkoutFile} not found (run npm run asl), timing skipped`);
}
