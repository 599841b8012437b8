/**
 * Every definition of the shared corpus that parses validates with zero errors, except the ones
 * genuinely broken upstream, which get exactly the expected diagnostics.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { validateDefinition } from "../../asl/validator";
import { loadDefinitionFile } from "../../asl/validator/load";
import { BROKEN_UPSTREAM, corpusAvailable, corpusDirectory, readCorpusFile, readManifest } from "./corpus";
import { found } from "./helpers";

if (!corpusAvailable) {
  describe("ASL corpus", () => {
    it.skip(`skipped: no corpus at ${corpusDirectory} (place a copy of shared/ beside the repository to run it)`, () => {});
  });
} else {
  const manifest = readManifest();

  describe("ASL corpus", () => {
    it("lists at least one definition and every broken one it knows of", () => {
      expect(manifest.length).toBeGreaterThan(0);
      for (const file of Object.keys(BROKEN_UPSTREAM)) expect(manifest.map((entry) => entry.file)).toContain(file);
    });

    it.each(manifest.filter((entry) => entry.parses).map((entry) => entry.file))("%s", (file) => {
      const definition: unknown = JSON.parse(readCorpusFile(file));
      expect(found(validateDefinition(definition))).toEqual(BROKEN_UPSTREAM[file] ?? []);
    });

    it("catches a variable read before assignment in a real JSONata definition once its Assign is removed", () => {
      const file = "bedrock-evaluations-sam__statemachine__statemachine.asl.json";
      const definition = JSON.parse(readCorpusFile(file)) as { States: Record<string, { Branches: { States: Record<string, { Assign?: unknown }> }[] }> };
      const branch = definition.States["Create Evaluation Pipelines"]?.Branches[0]?.States;
      expect(branch?.CreateKnowledgeBase?.Assign).toBeDefined();
      delete branch?.CreateKnowledgeBase?.Assign;
      const undefinedReads = validateDefinition(definition).filter((d) => d.code === "UNDEFINED_VARIABLE");
      expect(undefinedReads.map((d) => d.location)).toContain("/States/Create Evaluation Pipelines/Branches/0/States/Create Data Source/Arguments/KnowledgeBaseId");
      expect(undefinedReads.every((d) => d.message.includes("$KnowledgeBaseId"))).toBe(true);
    });

    it.each(manifest.filter((entry) => !entry.parses).map((entry) => entry.file))("%s is reported as unparseable", (file) => {
      const loaded = loadDefinitionFile(join(corpusDirectory, file), file);
      expect(loaded.ok).toBe(false);
      if (!loaded.ok) expect(loaded.diagnostic.code).toBe("INVALID_JSON_DESCRIPTION");
    });
  });
}
