import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkoutArtifacts } from "../../workflows/artifacts";

describe("committed review artefacts", () => {
  for (const artifact of checkoutArtifacts()) {
    it(`workflows/${artifact.fileName} is up to date (run \`npm run asl\` after changing the workflow)`, () => {
      const committed = readFileSync(new URL(`../../workflows/${artifact.fileName}`, import.meta.url), "utf8");
      expect(committed).toBe(artifact.content);
    });
  }

  it("the diagram shows every state of the JSON", () => {
    const [json, diagram] = checkoutArtifacts();
    const names = Object.keys(JSON.parse(json!.content).States as object);
    for (const name of names) expect(diagram!.content).toContain(`"${name}"`);
  });
});
