/**
 * `npm run synth` (and cdktf.json's app, so `npx cdktf deploy` runs it too): synthesizes the checkout
 * stack into cdktf.out/.
 *
 * The Lambda bundles are built first when they are missing or older than a handler source, rather than
 * failing with "run npm run build": a fresh clone deploys in one command, and an edited handler can
 * never be deployed as its old bundle by someone who forgot to rebuild. Up-to-date bundles are used as
 * they are (a stat of the sources, no esbuild), so the common synth stays fast.
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { bundlesToBuild, cdktfJsonContext, checkoutApp, packageFunctions } from "./stacks/app";
import { ConfigError, configWarnings } from "./stacks/config";

const projectDir = dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const why = bundlesToBuild(projectDir);
  if (why) {
    console.error(`building the Lambda bundles (${why}), as npm run build does`);
    // Loaded only when needed: esbuild is not part of an up-to-date synth's time.
    const { buildHandlers } = await import("./handlers/build");
    await buildHandlers();
  }
  const code = packageFunctions(projectDir);
  // cdktf records a full stack trace for every token it creates, and with source maps on (tsx turns them
  // on) Node maps each one back to TypeScript: a third of the construct and synth time. What can go wrong
  // from here on is reported by its message, so the mapping buys nothing.
  process.setSourceMapsEnabled(false);
  const { app, config } = checkoutApp({ context: cdktfJsonContext(projectDir), code });
  for (const warning of configWarnings(config)) console.error(`warning: ${warning}`);
  app.synth();
  console.error(`synthesized stack "${config.namePrefix}" (${config.region}) into ${app.outdir}/stacks/${config.namePrefix}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `synth failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
