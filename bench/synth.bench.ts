/**
 * Synth benchmark: wall time, CPU time and peak memory of synthesizing the whole checkout app, each run
 * in a fresh process as `npm run synth` does (main.ts under tsx, into a scratch output folder).
 * Goal: under 1.5 s and under 250 MiB.
 *
 * Two figures for time: `node --import tsx main.ts` (cdktf.json's app: one process) and `tsx main.ts`
 * (npm run synth's command: tsx's CLI starts a second node process for the same work). The machine
 * is shared, so CPU time (user + system, all threads, so it can exceed wall time: tsx's loader runs in
 * a worker thread) and the load average are printed beside wall time, which is what the goal is about.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const projectDir = resolve(import.meta.dirname, "..");
const RUNS = 5;
const GOAL_SECONDS = 1.5;
const GOAL_MIB = 250;

// Reports the child's own peak RSS and CPU time on exit, without touching main.ts.
const REPORTER = `data:text/javascript,process.on("exit",()=>{const c=process.cpuUsage();process.stderr.write("\\nbench-usage "+process.resourceUsage().maxRSS+" "+(c.user+c.system)+"\\n")})`;

interface Run {
  wallSeconds: number;
  cpuSeconds?: number;
  peakMiB?: number;
}

function synthOnce(command: string[], outdir: string): Run {
  const started = performance.now();
  const run = spawnSync(command[0]!, command.slice(1), {
    cwd: projectDir,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", CDKTF_OUTDIR: outdir },
    encoding: "utf8",
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${command.join(" ")} exited with ${run.status ?? run.signal}:\n${run.stderr}`);
  const usage = /bench-usage (\d+) (\d+)/.exec(run.stderr);
  return usage ? { wallSeconds, peakMiB: Number(usage[1]) / 1024, cpuSeconds: Number(usage[2]) / 1e6 } : { wallSeconds };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function measure(label: string, command: string[]): Run[] {
  const outRoot = mkdtempSync(join(tmpdir(), "synth-bench-"));
  try {
    synthOnce(command, join(outRoot, "warm-up")); // builds missing bundles, fills tsx's and the zip cache
    const runs = Array.from({ length: RUNS }, (_, i) => synthOnce(command, join(outRoot, `run-${i}`)));
    const walls = runs.map((r) => r.wallSeconds);
    console.log(`${label}`);
    console.log(`  wall   median ${median(walls).toFixed(2)} s  (min ${Math.min(...walls).toFixed(2)}, max ${Math.max(...walls).toFixed(2)}, ${RUNS} runs)`);
    const cpus = runs.flatMap((r) => (r.cpuSeconds === undefined ? [] : [r.cpuSeconds]));
    const peaks = runs.flatMap((r) => (r.peakMiB === undefined ? [] : [r.peakMiB]));
    if (cpus.length) console.log(`  cpu    median ${median(cpus).toFixed(2)} s  (user + system, all threads)`);
    if (peaks.length) console.log(`  memory peak RSS median ${median(peaks).toFixed(0)} MiB  (max ${Math.max(...peaks).toFixed(0)})`);
    return runs;
  } finally {
    rmSync(outRoot, { recursive: true, force: true });
  }
}

if (process.argv.includes("--phases")) {
  await phases();
} else {
  const tsxBin = join(projectDir, "node_modules", ".bin", "tsx");
  const direct = measure("node --import tsx main.ts (cdktf.json's app: one process)", [process.execPath, "--import", "tsx", "--import", REPORTER, "main.ts"]);
  const viaCli = measure("tsx main.ts (npm run synth's command, without npm's own start-up)", [tsxBin, "main.ts"]);

  const wall = median(direct.map((r) => r.wallSeconds));
  const cliWall = median(viaCli.map((r) => r.wallSeconds));
  const peak = Math.max(...direct.flatMap((r) => (r.peakMiB === undefined ? [] : [r.peakMiB])));
  const verdict = (met: boolean) => (met ? "met" : "MISSED");
  console.log(
    `\ngoal < ${GOAL_SECONDS} s wall (median): node --import tsx main.ts ${wall.toFixed(2)} s ${verdict(wall < GOAL_SECONDS)};` +
      ` tsx main.ts ${cliWall.toFixed(2)} s ${verdict(cliWall < GOAL_SECONDS)} (load average now ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
  );
  console.log(`goal < ${GOAL_MIB} MiB: peak ${peak.toFixed(0)} MiB ${peak < GOAL_MIB ? "met" : "MISSED"}`);
  // The phase breakdown runs in a fresh process too, so its module loading is cold as in a real synth.
  const breakdown = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--phases"], { cwd: projectDir, stdio: "inherit" });
  if (breakdown.status !== 0) process.exit(1);
}

/** Where one synth's CPU time goes: what to optimise next. */
async function phases(): Promise<void> {
  const cpuMs = (): number => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const marks: [string, number][] = [["node and tsx start-up, to the first line of this script", cpuMs()]];
  const phase = async <T>(label: string, work: () => T | Promise<T>): Promise<T> => {
    const before = cpuMs();
    const result = await work();
    marks.push([label, cpuMs() - before]);
    return result;
  };
  await phase("cdktf + provider modules (stacks/cdktf-modules.ts)", () => import("../stacks/cdktf-modules"));
  await phase("checkout workflow builder (workflows/checkout.ts, asl/)", () => import("../workflows/checkout"));
  const { cdktfJsonContext, checkoutApp, packageFunctions } = await phase("stack modules (stacks/)", () => import("../stacks/app"));
  const code = await phase("function zips (cached)", () => packageFunctions(projectDir));
  const scratch = mkdtempSync(join(tmpdir(), "synth-bench-phases-"));
  process.setSourceMapsEnabled(false); // as main.ts does before constructing the stack
  try {
    const { app } = await phase("construct the stack", () => checkoutApp({ context: cdktfJsonContext(projectDir), code, outdir: scratch }));
    await phase("app.synth() (resolve tokens, write JSON and assets)", () => app.synth());
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log("\nCPU time by phase, one synth in a fresh process (node --import tsx):");
  for (const [label, ms] of marks) console.log(`  ${ms.toFixed(0).padStart(5)} ms  ${label}`);
}
