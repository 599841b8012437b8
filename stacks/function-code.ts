/**
 * Turns a function's esbuild output folder (build/handlers/<function>/) into the zip Lambda deploys.
 *
 * The zip is made here rather than by TerraformAsset's ARCHIVE type for two reasons: cdktf's archiver
 * stamps each entry with the file's mtime (so a rebuild of unchanged code gives a different zip) and
 * spawns one node process per asset (a few hundred milliseconds of every synth). Here entries are
 * sorted, stamped with a fixed date and fixed permissions, so the same bundle always gives the same bytes,
 * and the hash Terraform compares (`source_code_hash`) only changes when the code does.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { zipSync, type Zippable } from "fflate";
import { BUNDLE_FILE } from "../handlers/bundle/layout";

/** The DOS epoch in local time: fflate encodes local date fields, so this gives the same bytes in any time zone. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
/** Unix regular file, rw-r--r--: Lambda must be able to read the files it extracts. */
const FILE_ATTRS = (0o100644 << 16) >>> 0;
const UNIX = 3;

export interface FunctionPackage {
  /** The zip to deploy. */
  zipPath: string;
  /** Base64 SHA-256 of the zip, what Lambda's `source_code_hash` expects (filebase64sha256). */
  sourceCodeHash: string;
  /** Hex SHA-256 prefix of the zip: names the asset folder in cdktf.out so a new version gets a new path. */
  assetHash: string;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => statSync(join(dir, name)).isFile())
    .map((name) => name.split(sep).join("/"))
    .sort();
}

/** SHA-256 over the bundle's file names and contents, plus the packaging format's version. */
function inputsHash(bundleDir: string): string {
  const hash = createHash("sha256").update("zip-v1 mtime=1980-01-01 mode=100644\n");
  for (const name of filesUnder(bundleDir)) hash.update(`${name}\n`).update(readFileSync(join(bundleDir, name))).update("\n");
  return hash.digest("hex");
}

/** The deterministic zip of every file under `bundleDir`, paths relative to it. */
export function zipBundle(bundleDir: string): Uint8Array {
  const entries: Zippable = {};
  for (const name of filesUnder(bundleDir)) {
    entries[name] = [readFileSync(join(bundleDir, name)), { mtime: FIXED_MTIME, os: UNIX, attrs: FILE_ATTRS }];
  }
  return zipSync(entries, { level: 9 });
}

/**
 * Zips `bundleDir` into `zipPath` (rewritten only when its bytes change) and returns its hashes.
 * Throws naming the folder when it holds no BUNDLE_FILE (the module Lambda loads).
 */
export function packageFunction(bundleDir: string, zipPath: string): FunctionPackage {
  if (!existsSync(join(bundleDir, BUNDLE_FILE))) {
    throw new Error(`no bundle at ${relative(process.cwd(), join(bundleDir, BUNDLE_FILE)) || bundleDir}: run \`npm run build\` first`);
  }
  // Compressing takes most of a synth's packaging time; hashing the inputs takes a millisecond. The
  // sidecar records which inputs the zip was made from, so an unchanged bundle is not compressed again.
  const inputs = inputsHash(bundleDir);
  const sidecar = `${zipPath}.inputs`;
  let zip: Uint8Array;
  if (existsSync(zipPath) && existsSync(sidecar) && readFileSync(sidecar, "utf8") === inputs) {
    zip = readFileSync(zipPath);
  } else {
    zip = zipBundle(bundleDir);
    mkdirSync(dirname(zipPath), { recursive: true });
    // Write-then-rename: a synth running at the same time never reads half a zip.
    const partial = `${zipPath}.${process.pid}.tmp`;
    writeFileSync(partial, zip);
    renameSync(partial, zipPath);
    writeFileSync(sidecar, inputs);
  }
  const digest = createHash("sha256").update(zip).digest();
  return {
    zipPath,
    sourceCodeHash: digest.toString("base64"),
    assetHash: digest.toString("hex").slice(0, 32).toUpperCase(),
  };
}
