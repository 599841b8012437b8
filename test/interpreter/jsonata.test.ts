/**
 * JSONata states: Arguments, Output, Assign, Condition, `$states`, variable scoping, the functions AWS
 * adds, and States.QueryEvaluationError, following AWS's "Transforming data with JSONata" and
 * "Passing data between states with variables" pages.
 */
import { describe, expect, it } from "vitest";
import type { JsonValue, StateMachineDefinition } from "../../asl/definition";
import { run } from "./helpers";

const FN = "arn:aws:lambda:us-east-1:123456789012:function:f";

function jsonata(states: StateMachineDefinition["States"], startAt = Object.keys(states)[0]!): StateMachineDefinition {
  return { QueryLanguage: "JSONata", StartAt: startAt, States: states };
}

describe("JSONata input and output", () => {
  it("Arguments builds the task input and Output shapes the state output from $states.result", async () => {
    const seen: JsonValue[] = [];
    const r = await run(jsonata({
      T: {
        Type: "Task", Resource: FN,
        Arguments: { product: "{% $states.input.product %}", total: "{% $sum($states.input.items.price) %}", fixed: "x" },
        Output: { receipt: "{% $states.result.id %}", original: "{% $states.input.product %}" },
        End: true,
      },
    }), { product: "shoes", items: [{ price: 10 }, { price: 5.5 }] }, { integrations: { [FN]: (req) => { seen.push(req.input); return { id: "r-1" }; } } });
    expect(seen).toEqual([{ product: "shoes", total: 15.5, fixed: "x" }]);
    expect(r.output).toEqual({ receipt: "r-1", original: "shoes" });
  });

  it("without Output a Task outputs its result and a Pass its input", async () => {
    const r = await run(jsonata({
      T: { Type: "Task", Resource: FN, Next: "P" },
      P: { Type: "Pass", End: true },
    }), { a: 1 }, { integrations: { [FN]: () => ({ b: 2 }) } });
    expect(r.output).toEqual({ b: 2 });
  });

  it("$states.context carries the context object", async () => {
    const r = await run(jsonata({ P: { Type: "Pass", Output: { state: "{% $states.context.State.Name %}", input: "{% $states.context.Execution.Input %}" }, End: true } }), { k: 1 });
    expect(r.output).toEqual({ state: "P", input: { k: 1 } });
  });

  it("Condition picks the Choice rule; a rule's Output and Assign apply", async () => {
    const definition = jsonata({
      C: {
        Type: "Choice",
        Choices: [
          { Condition: "{% $states.input.type = 'Private' %}", Next: "Private", Assign: { kind: "private" }, Output: { routed: "{% $states.input.type %}" } },
          { Condition: "{% $states.input.value > 20 %}", Next: "Big" },
        ],
        Default: "Other",
      },
      Private: { Type: "Pass", Output: { out: "{% $states.input %}", kind: "{% $kind %}" }, End: true },
      Big: { Type: "Succeed" },
      Other: { Type: "Fail", Error: "NoMatch" },
    });
    expect((await run(definition, { type: "Private" })).output).toEqual({ out: { routed: "Private" }, kind: "private" });
    expect((await run(definition, { type: "Public", value: 30 })).execution.statesVisited).toEqual(["C", "Big"]);
    const other = await run(definition, { type: "Public", value: 3 });
    expect([other.status, other.error]).toEqual(["FAILED", "NoMatch"]);
  });

  it("a Condition that is not boolean is States.QueryEvaluationError", async () => {
    const r = await run(jsonata({ C: { Type: "Choice", Choices: [{ Condition: "{% $states.input.type %}", Next: "S" }], Default: "S" }, S: { Type: "Succeed" } }), { type: "x" });
    expect(r.error).toBe("States.QueryEvaluationError");
  });

  it("AWS's functions: $partition, $range, $hash, $parse, $uuid, $random", async () => {
    const r = await run(jsonata({
      P: {
        Type: "Pass",
        Output: {
          partition: "{% $partition([1,2,3,4], 2) %}", range: "{% $range(0, 10, 2) %}", hash: "{% $hash('input data', 'SHA-1') %}",
          parse: "{% $parse('{\"a\": [1]}') %}", uuid: "{% $uuid() %}", random: "{% $random() %}",
        },
        End: true,
      },
    }), {}, { uuid: () => "u-1", random: () => 0.25 });
    expect(r.output).toEqual({
      partition: [[1, 2], [3, 4]], range: [0, 2, 4, 6, 8, 10], hash: "aaff4a450a104cd177d28d18d74485e8cae074b7", parse: { a: [1] }, uuid: "u-1", random: 0.25,
    });
  });

  it("$partition's documented example, $random with a seed repeats, $eval is refused", async () => {
    const r = await run(jsonata({
      P: { Type: "Pass", Output: { chunks: "{% $partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 3) %}", same: "{% $random($states.input.seed) = $random($states.input.seed) %}", inRange: "{% $random(7) >= 0 and $random(7) < 1 %}" }, End: true },
    }), { seed: 42 });
    expect(r.output).toEqual({ chunks: [[1, 2, 3], [4, 5, 6], [7, 8, 9]], same: true, inRange: true });
    const evil = await run(jsonata({ P: { Type: "Pass", Output: "{% $eval('1 + 1') %}", End: true } }));
    expect([evil.error, evil.cause?.includes("$parse")]).toEqual(["States.QueryEvaluationError", true]);
  });

  it("$now() reads the interpreter's clock", async () => {
    const r = await run(jsonata({ W: { Type: "Wait", Seconds: 90, Next: "P" }, P: { Type: "Pass", Output: "{% $now() %}", End: true } }));
    expect(r.output).toBe("2024-01-01T00:01:30.000Z");
  });
});

describe("variables (Assign)", () => {
  it("Assign sees the state's result and input; Output of the same state still sees the old values", async () => {
    const r = await run(jsonata({
      A: { Type: "Pass", Assign: { x: 1 }, Next: "T" },
      T: { Type: "Task", Resource: FN, Assign: { x: "{% $x + $states.result.n %}", before: "{% $x %}" }, Output: { outputSawX: "{% $x %}" }, Next: "R" },
      R: { Type: "Pass", Output: { x: "{% $x %}", before: "{% $before %}", prev: "{% $states.input %}" }, End: true },
    }), {}, { integrations: { [FN]: () => ({ n: 41 }) } });
    expect(r.output).toEqual({ x: 42, before: 1, prev: { outputSawX: 1 } });
  });

  it("Map iterations read outer variables; their own assignments do not leak out", async () => {
    const r = await run(jsonata({
      A: { Type: "Pass", Assign: { factor: 10, leaked: "no" }, Next: "M" },
      M: {
        Type: "Map", Items: "{% [1, 2, 3] %}",
        ItemProcessor: {
          StartAt: "Mul",
          States: {
            Mul: { Type: "Pass", Assign: { leaked: "yes" }, Output: "{% $states.input * $factor %}", Next: "Read" },
            Read: { Type: "Pass", Output: { v: "{% $states.input %}", inner: "{% $leaked %}" }, End: true },
          },
        },
        Next: "After",
      },
      After: { Type: "Pass", Output: { results: "{% $states.input %}", leaked: "{% $leaked %}" }, End: true },
    }));
    expect(r.output).toEqual({ results: [{ v: 10, inner: "yes" }, { v: 20, inner: "yes" }, { v: 30, inner: "yes" }], leaked: "no" });
  });

  it("Parallel branches read outer variables and return values through their output", async () => {
    const r = await run(jsonata({
      A: { Type: "Pass", Assign: { base: 5 }, Next: "Par" },
      Par: {
        Type: "Parallel",
        Branches: [
          { StartAt: "One", States: { One: { Type: "Pass", Output: "{% $base + 1 %}", End: true } } },
          { StartAt: "Two", States: { Two: { Type: "Pass", Output: "{% $base + 2 %}", End: true } } },
        ],
        Assign: { total: "{% $sum($states.result) %}" },
        Next: "Done",
      },
      Done: { Type: "Pass", Output: { total: "{% $total %}", branches: "{% $states.input %}" }, End: true },
    }));
    expect(r.output).toEqual({ total: 13, branches: [6, 7] });
  });
});

describe("States.QueryEvaluationError", () => {
  it("an expression that yields nothing fails the state, and Catch handles it with $states.errorOutput", async () => {
    const r = await run(jsonata({
      P: {
        Type: "Task", Resource: FN, Arguments: { x: "{% $states.input.missing.deeper %}" },
        Catch: [{ ErrorEquals: ["States.QueryEvaluationError"], Output: { caught: "{% $states.errorOutput.Error %}", input: "{% $states.input %}" }, Assign: { why: "{% $states.errorOutput.Cause %}" }, Next: "C" }],
        End: true,
      },
      C: { Type: "Pass", Output: { out: "{% $states.input %}", why: "{% $why %}" }, End: true },
    }), { a: 1 }, { integrations: { [FN]: () => ({}) } });
    const out = r.output as { out: JsonValue; why: string };
    expect(out.out).toEqual({ caught: "States.QueryEvaluationError", input: { a: 1 } });
    expect(out.why).toContain("{% $states.input.missing.deeper %}");
  });

  it("a runtime JSONata error names the expression", async () => {
    const r = await run(jsonata({ P: { Type: "Pass", Output: "{% $number('abc') + $undefinedFn() %}", End: true } }));
    expect(r.error).toBe("States.QueryEvaluationError");
    expect(r.cause).toContain("$undefinedFn");
  });

  it("a syntax error is refused when the definition is loaded, naming the state and field", () => {
    return expect(run(jsonata({ P: { Type: "Pass", Output: "{% $states.input. %}", End: true } }))).rejects.toThrow(/\/States\/P\/Output/);
  });
});
