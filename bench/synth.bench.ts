/**
 * Synth benchmark: wall time, CPU time and peak memory of synthesizing the whole checkout app, each run
 * in a fresh process as `npm run synth` does (main.ts under tsx, into a scratch output folder).
 * Goal: under 1.5 s and under 250 MiB.
 *
 * Two figures for time: `node --import tsx main.ts` (one process: what cdktf.json's app costs once node
 * runs) and `tsx main.ts` (npm run synth's command: tsx's CLI starts a second node process). The machine
 * is shared, so CPU time (user + system, all threads) is printed beside wall time: it is what the synth
 * costs, wall time is what it costs today on this machine.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

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

const tsxBin = join(projectDir, "node_modules", ".bin", "tsx");
const direct = measure("node --import tsx main.ts (cdktf.json's app, one process)", [process.execPath, "--import", "tsx", "--import", REPORTER, "main.ts"]);
const viaCli = measure("tsx main.ts (npm run synth without npm's own start-up)", [tsxBin, "main.ts"]);

const wall = median(direct.map((r) => r.wallSeconds));
const cpu = median(direct.flatMap((r) => (r.cpuSeconds === undefined ? [] : [r.cpuSeconds])));
const peak = Math.max(...direct.flatMap((r) => (r.peakMiB === undefined ? [] : [r.peakMiB])));
console.log(
  `\ngoal < ${GOAL_SECONDS} s: wall ${wall.toFixed(2)} s ${wall < GOAL_SECONDS ? "met" : "MISSED"}, cpu ${cpu.toFixed(2)} s ${cpu < GOAL_SECONDS ? "met" : "MISSED"}` +
    ` (tsx CLI adds ${(median(viaCli.map((r) => r.wallSeconds)) - wall).toFixed(2)} s)`,
);
console.log(`goal < ${GOAL_MIB} MiB: peak ${peak.toFixed(0)} MiB ${peak < GOAL_MIB ? "met" : "MISSED"}`);
