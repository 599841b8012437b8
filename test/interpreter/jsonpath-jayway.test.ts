/**
 * Paths the validator accepts because Step Functions evaluates them with Jayway JsonPath, run by the
 * interpreter with Jayway's meaning: a dot before a bracket, a leaf union of names (merged into one
 * object per match, PropertyPathToken.multiPropertyMergeCase), and the functions that close a path
 * (`.length()`, used in AWS samples). What the validator refuses (`$.x.a b`) does not load.
 */
import { describe, expect, it } from "vitest";
import type { JsonValue, StateMachineDefinition } from "../../asl/definition";
import { validateDefinition } from "../../asl/validator";
import { passWith, run } from "./helpers";

function definitionReading(path: string) {
  return passWith({ "v.$": path });
}

async function read(path: string, input: JsonValue): Promise<JsonValue | undefined> {
  const r = await run(definitionReading(path), input);
  if (r.status !== "SUCCEEDED") throw new Error(`${r.error}: ${r.cause}`);
  return (r.output as { v?: JsonValue }).v;
}

function validatorErrors(path: string): string[] {
  return validateDefinition(definitionReading(path)).filter((d) => d.severity === "ERROR").map((d) => d.code);
}

describe("Jayway paths the validator accepts run with Jayway's meaning", () => {
  it.each<[string, JsonValue, JsonValue]>([
    // Jayway merges a leaf union of names into one object per node holding the names it has.
    ["$.[*].['a','b']", [{ a: 1, b: 2, c: 3 }], [{ a: 1, b: 2 }]],
    ["$.[*].['a', 'b']", [{ a: 1, b: 2, c: 3 }, { a: 4, c: 6 }, 7], [{ a: 1, b: 2 }, { a: 4 }]],
    ["$.x['a','b']", { x: { a: 1, b: 2, c: 3 } }, { a: 1, b: 2 }],
    // Inside a path a union iterates its names.
    ["$[*]['a','b'].v", [{ a: { v: 1 }, b: { v: 2 } }], [1, 2]],
    // A dot before a bracket is the bracket.
    ["$.[0]", [5, 6], 5],
    ["$.Snapshots.[0].State", { Snapshots: [{ State: "available" }] }, "available"],
    // Jayway's length(): the size of an array or the number of keys of an object.
    ["$.Snapshots.length()", { Snapshots: [{ id: 1 }, { id: 2 }, { id: 3 }] }, 3],
    ["$.o.length()", { o: { a: 1, b: 2 } }, 2],
    ["$.Snapshots.length()", { Snapshots: [] }, 0],
    ["$.o.keys()", { o: { a: 1, b: 2 } }, ["a", "b"]],
    // Jayway's numeric aggregations read the numbers of an array.
    ["$.n.sum()", { n: [1, 2, 3.5, "x"] }, 6.5],
    ["$.n.min()", { n: [4, -2, 9] }, -2],
    ["$.n.max()", { n: [4, -2, 9] }, 9],
    ["$.n.avg()", { n: [1, 2, 3, 6] }, 3],
    ["$.n.stddev()", { n: [2, 4, 4, 4, 5, 5, 7, 9] }, 2],
    // After a deep scan a function applies to the list of matches, as Jayway inverts `$..price.max()`;
    // after a wildcard it applies to each match.
    ["$..price.max()", { a: { price: 3 }, b: [{ price: 9 }, { price: 1 }] }, 9],
    ["$.items[*].length()", { items: [[1, 2], [3], { k: 1 }] }, [2, 1, 1]],
  ])("%s", async (path, input, expected) => {
    expect(validatorErrors(path)).toEqual([]);
    expect(await read(path, input)).toEqual(expected);
  });

  it("length() of a missing node fails as any missing path does", async () => {
    const r = await run(definitionReading("$.Snapshots.length()"), {});
    expect([r.status, r.error]).toEqual(["FAILED", "States.Runtime"]);
    expect(r.cause).toContain("$.Snapshots.length()");
  });
});

describe("paths the validator refuses do not load", () => {
  it.each<[string, RegExp]>([
    ["$.x.a b", /Invalid JSONPath '\$\.x\.a b': unexpected whitespace at position 5 at \/States\/P\/Parameters/],
    ["$.x.nope()", /Invalid JSONPath '\$\.x\.nope\(\)': nope\(\) is not a path function \(length\(\), keys\(\)/],
  ])("%s", async (path, message) => {
    expect(validatorErrors(path)).toEqual(["INVALID_JSONPATH"]);
    await expect(run(definitionReading(path), { x: { "a b": 1 } })).rejects.toMatchObject({ name: "InvalidDefinition", message: expect.stringMatching(message) });
  });

  it("refuses whitespace in an InputPath and a ResultPath too", async () => {
    for (const field of ["InputPath", "ResultPath"] as const) {
      const definition: StateMachineDefinition = { StartAt: "P", States: { P: { Type: "Pass", [field]: "$.a b", End: true } } };
      expect(validateDefinition(definition).some((d) => d.severity === "ERROR")).toBe(true);
      await expect(run(definition, {})).rejects.toMatchObject({ name: "InvalidDefinition", message: expect.stringContaining(`at /States/P/${field}`) });
    }
  });

  it("keeps whitespace inside brackets and filters", async () => {
    expect(await read("$.a[?(@.b == 'x y')].c", { a: [{ b: "x y", c: 1 }, { b: "z", c: 2 }] })).toEqual([1]);
    expect(await read("$['a b']", { "a b": 7 })).toBe(7);
  });
});
