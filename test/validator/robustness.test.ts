/**
 * The semantic rules run even on definitions that fail the schema, so they must cope with any JSON.
 * Mutates real definitions deterministically (seeded) into malformed ones and checks that validation
 * never throws and always returns well-formed diagnostics.
 */
import { describe, expect, it } from "vitest";
import { validateDefinition } from "../../asl/validator";
import { corpusAvailable, readCorpusFile, readManifest } from "./corpus";
import { branch, machine, pass, task } from "./helpers";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Park-Miller generator: the same mutations on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

const REPLACEMENTS: Json[] = [null, 0, -1, 1.5, "", "$", "$$", "{%", "{% %}", "States.Format(", "${X}", true, [], {}, [null], { Type: "Task" }, "Nowhere"];

function mutate(value: Json, next: () => number): Json {
  if (Array.isArray(value)) return value.map((item) => (next() < 0.1 ? (REPLACEMENTS[Math.floor(next() * REPLACEMENTS.length)] as Json) : mutate(item, next)));
  if (value !== null && typeof value === "object") {
    const result: { [key: string]: Json } = {};
    for (const [key, inner] of Object.entries(value)) {
      const roll = next();
      if (roll < 0.05) continue;
      result[key] = roll < 0.15 ? (REPLACEMENTS[Math.floor(next() * REPLACEMENTS.length)] as Json) : mutate(inner, next);
    }
    return result;
  }
  return value;
}

const seeds: Json[] = [
  machine({
    A: task({ Retry: [{ ErrorEquals: ["States.ALL"] }], Catch: [{ ErrorEquals: ["States.ALL"], Next: "C" }], Parameters: { "x.$": "States.Format('{}', $.a)" }, Next: "C", End: undefined }),
    C: { Type: "Choice", Choices: [{ And: [{ Variable: "$.a", IsPresent: true }], Next: "P" }], Default: "P" },
    P: { Type: "Parallel", Branches: [branch({ B: pass() })], Next: "M" },
    M: { Type: "Map", ItemProcessor: branch({ I: pass() }, { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" } }), ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "CSV" } }, Next: "W" },
    W: { Type: "Wait", Seconds: 1, Next: "F" },
    F: { Type: "Fail", Error: "E" },
  }) as Json,
  machine({ A: task({ Arguments: { a: "{% $x %}" }, Assign: { x: "{% 1 %}" }, Output: "{% $states.result %}" }) }, { QueryLanguage: "JSONata" }) as Json,
];

describe("malformed input", () => {
  it("never throws, whatever the shape", () => {
    const next = random(20261130);
    const sources = [...seeds, ...(corpusAvailable ? readManifest().filter((e) => e.parses).slice(0, 20).map((e) => JSON.parse(readCorpusFile(e.file)) as Json) : [])];
    let runs = 0;
    for (const source of sources) {
      for (let i = 0; i < 15; i++) {
        const definition = mutate(source, next);
        const diagnostics = validateDefinition(definition);
        for (const d of diagnostics) {
          expect(["ERROR", "WARNING"]).toContain(d.severity);
          expect(typeof d.message).toBe("string");
          expect(d.location === "" || d.location.startsWith("/")).toBe(true);
        }
        runs++;
      }
    }
    expect(runs).toBeGreaterThanOrEqual(30);
  });

  it.each([
    ["States is an array", { StartAt: "A", States: [pass()] }],
    ["a state is a string", { StartAt: "A", States: { A: "Pass" } }],
    ["Choices is an object", machine({ C: { Type: "Choice", Choices: { Next: "C" } } })],
    ["Branches holds strings", machine({ P: { Type: "Parallel", Branches: ["x"], End: true } })],
    ["Retry holds numbers", machine({ A: task({ Retry: [1, 2] }) })],
    ["ItemProcessor is a string", machine({ M: { Type: "Map", ItemProcessor: "x", End: true } })],
  ])("%s: reported, not thrown", (_name, definition) => {
    const errors = validateDefinition(definition).filter((d) => d.severity === "ERROR");
    expect(errors.length).toBeGreaterThan(0);
  });
});
