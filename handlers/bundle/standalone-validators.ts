/**
 * esbuild plugin: replaces each module of VALIDATOR_MODULES, which compiles schemas with Ajv at load time,
 * by Ajv's standalone code for the same schemas under the same export names. The bundles then carry a few
 * KB of generated checks instead of Ajv's compiler (over 100 KB), and compile nothing at start-up.
 */
import type { Plugin } from "esbuild";
import standaloneCode from "ajv/dist/standalone";
import { dirname, resolve } from "node:path";
import { createSchemaAjv } from "../shared/schemas";
import { VALIDATOR_MODULES } from "./validator-modules";

/** ES module source exporting one precompiled validator per entry of `exports` (name → schema $id). */
export function standaloneValidatorsSource(exports: Record<string, string>): string {
  const code = standaloneCode(createSchemaAjv(true), exports);
  return `// Generated at build time by ajv/dist/standalone from events/*.schema.json (handlers/bundle/).\n${code}\n`;
}

export function standaloneValidatorsPlugin(modules = VALIDATOR_MODULES): Plugin {
  return {
    name: "standalone-validators",
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const exports = modules[resolve(args.path)];
        if (!exports) return undefined;
        return { contents: standaloneValidatorsSource(exports), loader: "js", resolveDir: dirname(args.path) };
      });
    },
  };
}
