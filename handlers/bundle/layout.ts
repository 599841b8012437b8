/**
 * Where each Lambda bundle is written and what Lambda loads from it. Shared by the build (handlers/build.ts)
 * and the stacks, which must know the layout without loading esbuild: keep this module free of it.
 */
import { join } from "node:path";

/** The module each function folder holds: Lambda's handler setting names it. */
const BUNDLE_MODULE = "index";
/** File name of each bundle inside its function folder. */
export const BUNDLE_FILE = `${BUNDLE_MODULE}.mjs`;
/** The Lambda handler setting: the `handler` export of BUNDLE_FILE. */
export const LAMBDA_HANDLER = `${BUNDLE_MODULE}.handler`;

/** The folder holding one folder per function's bundle, under the project at `root`. */
export function bundlesDir(root: string): string {
  return join(root, "build", "handlers");
}

/** The folder of function `name`'s bundle (BUNDLE_FILE and its source map), under the project at `root`. */
export function bundleDir(root: string, name: string): string {
  return join(bundlesDir(root), name);
}
