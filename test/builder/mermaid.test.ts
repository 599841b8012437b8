import { existsSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cond, jsonPath, renderMermaid, stateMachine, type StateMachineDefinition } from "../../asl";

/** The shared corpus of real definitions, beside the repository (as the validator tests find it). */
const CORPUS = fileURLToPath(new URL("../../../shared/asl-corpus", import.meta.url));

describe("Mermaid renderer", () => {
  it("draws nodes by type, Next, Choice rules, defaults, catches and the end", () => {
    const done = jsonPath.succeed("Done");
    const failed = jsonPath.fail("Failed");
    const work = jsonPath.task("Work \"quoted\"", "arn:aws:lambda:eu-west-1:123456789012:function:f").catch(["States.Timeout", "Custom"], failed);
    const pause = jsonPath.wait("Pause", { Seconds: 1 });
    const decide = jsonPath.choice("Decide").when(cond.numericLessThan("$.n", 3), pause).when(cond.isPresent("$.stop"), done).otherwise(failed);
    work.next(decide);
    pause.next(jsonPath.pass("Tick"));
    const text = renderMermaid(stateMachine({ startAt: work }).toJSON());
    expect(text.split("\n")).toStrictEqual([
      "flowchart TD",
      "  start((Start)) --> s1",
      '  s1["Work #quot;quoted#quot;"]',
      '  s2{"Decide"}',
      '  s3[["Pause"]]',
      '  s4[/"Tick"/]',
      '  s5(["Done"])',
      '  s6(["Failed"])',
      "  s1 --> s2",
      '  s1 -. "catch States.Timeout, Custom" .-> s6',
      '  s2 -- "$.n #lt; 3" --> s3',
      '  s2 -- "$.stop is present" --> s5',
      '  s2 -- "otherwise" --> s6',
      "  s3 --> s4",
      "  done((End))",
      "  s4 --> done",
      "  classDef failure fill:#fde2e1,stroke:#c0392b,color:#7b241c",
      "  classDef success fill:#e3f6e8,stroke:#1e8449,color:#145a32",
      "  class s6 failure",
      "  class s5 success",
      "",
    ]);
  });

  it("draws Parallel branches and Map processors as subgraphs", () => {
    const map = jsonPath.map("Each").itemProcessor(jsonPath.pass("Item"));
    const parallel = jsonPath.parallel("Fan").branch(map).branch(jsonPath.pass("Other"));
    const text = renderMermaid(stateMachine({ startAt: parallel }).toJSON());
    expect(text).toContain('  subgraph s1 ["Fan (Parallel)"]\n    subgraph s1_b1 ["branch 1"]\n      subgraph s2 ["Each (Map)"]\n        s3[/"Item"/]\n      end\n    end\n    subgraph s1_b2 ["branch 2"]\n      s4[/"Other"/]\n    end\n  end\n');
    expect(text).toContain("  s1 --> done\n");
  });

  it.skipIf(!existsSync(CORPUS))("renders every definition of the shared corpus, with one node per state, deterministically", () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith(".json") && f !== "manifest.json");
    let rendered = 0;
    for (const file of files) {
      let definition: StateMachineDefinition;
      try {
        definition = JSON.parse(readFileSync(`${CORPUS}/${file}`, "utf8")) as StateMachineDefinition;
      } catch {
        continue; // the corpus keeps some deliberately unparsable files
      }
      if (typeof definition !== "object" || definition === null || typeof definition.States !== "object") continue;
      const text = renderMermaid(definition);
      expect(renderMermaid(definition), file).toBe(text);
      expect(text.startsWith("flowchart TD\n"), file).toBe(true);
      const names = new Set<string>();
      const collect = (states: StateMachineDefinition["States"]) => {
        for (const [name, state] of Object.entries(states ?? {})) {
          names.add(name);
          if (state.Type === "Parallel") state.Branches?.forEach((b) => collect(b.States));
          if (state.Type === "Map") collect((state.ItemProcessor ?? state.Iterator)?.States ?? {});
        }
      };
      collect(definition.States);
      const declared = text.split("\n").filter((line) => /^\s*s\d+(\[|\{|\(|\[\[|\[\/)/.test(line) || /^\s*subgraph s\d+ /.test(line)).length;
      expect(declared, file).toBe(names.size);
      rendered++;
    }
    expect(rendered).toBeGreaterThan(50);
  });
});
