/**
 * Bundles the Lambda functions with esbuild: one minified ES module per function for the nodejs22.x
 * runtime, at <outDir>/<function>/index.mjs with its source map (the layout is handlers/bundle/layout.ts,
 * which the stacks read without loading esbuild).
 * @aws-sdk/* stays external because the runtime provides it. Same input, same bytes, whatever outDir.
 *
 * `npm run build` writes build/handlers/ and prints the sizes; main.ts calls buildHandlers() (loaded only
 * when the bundles are missing or stale) before a synth.
 */
import { build, type Metafile } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { FUNCTION_NAMES, type FunctionName } from "../workflows/checkout-contract";
import { BUNDLE_FILE, bundlesDir } from "./bundle/layout";
import { rootRelativeSourceMap } from "./bundle/source-map";
import { standaloneValidatorsPlugin } from "./bundle/standalone-validators";

export const PROJECT_ROOT = resolve(import.meta.dirname, "..");
export const DEFAULT_OUT_DIR = bundlesDir(PROJECT_ROOT);
/** The goal for each bundle; a bigger one is reported with what dominates it. */
export const BUNDLE_SIZE_GOAL_BYTES = 50 * 1024;

export interface BuiltFunction {
  name: FunctionName;
  /** Absolute path of the folder holding index.mjs and index.mjs.map (what a Lambda package zips). */
  dir: string;
  file: string;
  bytes: number;
  mapBytes: number;
  /** SHA-256 (hex) of index.mjs and then index.mjs.map: changes exactly when the package does. */
  sha256: string;
  /** Bytes in the bundle per package or project file, biggest first. */
  contributors: Array<{ source: string; bytes: number }>;
}

export function entryPoint(name: FunctionName): string {
  return join(PROJECT_ROOT, "handlers", name, "index.ts");
}

/** Bundles every function of FUNCTION_NAMES into outDir (default build/handlers), replacing old bundles. */
export async function buildHandlers(outDir: string = DEFAULT_OUT_DIR): Promise<BuiltFunction[]> {
  const out = resolve(outDir);
  const result = await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: Object.fromEntries(FUNCTION_NAMES.map((name) => [`${name}/index`, entryPoint(name)])),
    outdir: out,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: false,
    format: "esm",
    platform: "node",
    target: "node22",
    mainFields: ["module", "main"],
    external: ["@aws-sdk/*"],
    minify: true,
    sourcemap: "linked",
    sourcesContent: true,
    legalComments: "none",
    charset: "utf8",
    metafile: true,
    write: false,
    logLevel: "silent",
    plugins: [standaloneValidatorsPlugin()],
  });

  const files = new Map(result.outputFiles.map((file) => [file.path, file]));
  return FUNCTION_NAMES.map((name) => {
    const dir = join(out, name);
    const file = join(dir, BUNDLE_FILE);
    const code = files.get(file);
    const map = files.get(`${file}.map`);
    if (!code || !map) throw new Error(`esbuild produced no ${relative(PROJECT_ROOT, file)} (or its map) for function ${name}`);
    const mapText = rootRelativeSourceMap(map.text, map.path, PROJECT_ROOT);
    mkdirSync(dir, { recursive: true });
    writeAtomically(file, code.contents);
    writeAtomically(`${file}.map`, mapText);
    return {
      name,
      dir,
      file,
      bytes: code.contents.byteLength,
      mapBytes: Buffer.byteLength(mapText),
      sha256: createHash("sha256").update(code.contents).update(mapText).digest("hex"),
      contributors: contributors(result.metafile, relative(PROJECT_ROOT, file)),
    };
  });
}

/** Readers (a synth, a local run) never see a half-written bundle, even with two builds at once. */
function writeAtomically(file: string, contents: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

/** Output bytes per package (node_modules/<pkg>, a nested one as "outer > inner") or per project file. */
function contributors(metafile: Metafile, outputPath: string): BuiltFunction["contributors"] {
  const output = metafile.outputs[outputPath.split("\\").join("/")];
  if (!output) return [];
  const bytes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const source = sourceOf(input);
    bytes.set(source, (bytes.get(source) ?? 0) + bytesInOutput);
  }
  return [...bytes].map(([source, n]) => ({ source, bytes: n })).filter((c) => c.bytes > 0).sort((a, b) => b.bytes - a.bytes);
}

function sourceOf(input: string): string {
  const packages = [...input.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].map((m) => m[1]);
  return packages.length ? packages.join(" > ") : input;
}

function displayPath(file: string): string {
  const fromCwd = relative(process.cwd(), file);
  return fromCwd.startsWith("..") ? file : fromCwd;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Human summary: one line per function, plus what dominates a bundle over the goal. */
export function describeBuild(built: readonly BuiltFunction[]): string {
  const lines: string[] = [];
  for (const fn of built) {
    const over = fn.bytes > BUNDLE_SIZE_GOAL_BYTES;
    lines.push(
      `${fn.name.padEnd(9)} ${displayPath(fn.file).padEnd(36)} ${kb(fn.bytes).padStart(9)}  (map ${kb(fn.mapBytes)})${over ? `  over the ${kb(BUNDLE_SIZE_GOAL_BYTES)} goal` : ""}`,
    );
    if (over) {
      for (const c of fn.contributors.slice(0, 5)) lines.push(`            ${kb(c.bytes).padStart(9)}  ${c.source}`);
    }
  }
  return lines.join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2];
  buildHandlers(outDir ? resolve(outDir) : undefined).then(
    (built) => console.log(describeBuild(built)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
