/**
 * `npm run asl`: writes the checkout's review artefacts next to this file: the ASL JSON with
 * `${Placeholder}` resources and its Mermaid diagram. Both are committed; a test fails when stale.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkoutArtifacts } from "./artifacts";

for (const artifact of checkoutArtifacts()) {
  const file = fileURLToPath(new URL(artifact.fileName, import.meta.url));
  writeFileSync(file, artifact.content);
  console.log(`wrote ${file}`);
}
