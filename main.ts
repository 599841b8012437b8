/**
 * `npm run synth` (and cdktf.json's app, so `npx cdktf deploy` runs it too): synthesizes the checkout
 * stack into cdktf.out/. Builds the Lambda bundles first when they are missing, so a fresh clone deploys
 * without a separate step; a present bundle is used as it is (`npm run build` refreshes it).
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { cdktfJsonContext, checkoutApp, missingBundles, packageFunctions } from "./stacks/app";
import { ConfigError, configWarnings } from "./stacks/config";

const projectDir = dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const missing = missingBundles(projectDir);
  if (missing.length) {
    console.error(`building the Lambda bundles (${missing.join(", ")} missing): npm run build`);
    const { buildHandlers } = await import("./handlers/build");
    await buildHandlers();
    const stillMissing = missingBundles(projectDir);
    if (stillMissing.length) throw new Error(`npm run build did not produce build/handlers/{${stillMissing.join(",")}}/index.mjs`);
  }
  const { app, config } = checkoutApp({ context: cdktfJsonContext(projectDir), code: packageFunctions(projectDir) });
  for (const warning of configWarnings(config)) console.error(`warning: ${warning}`);
  app.synth();
  console.error(`synthesized stack "${config.namePrefix}" (${config.region}) into ${app.outdir}/stacks/${config.namePrefix}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `synth failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
