/**
 * One reading of `{% ... %}` for builder, validator and interpreter: a string is a JSONata expression
 * only when it starts with "{%" and ends with "%}" exactly; AWS passes anything else on as a literal.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { jsonata, stateMachine, validateDefinition, type JsonValue, type StateMachineDefinition } from "../../asl";
import { Interpreter } from "../../asl/interpreter";
import { isJsonataExpression, JSONATA_EXPRESSION_PATTERN, looksLikeJsonata, parseJsonata, STEP_FUNCTIONS_JSONATA_FUNCTIONS } from "../../asl/syntax";

const SAMPLES = ["{% 1 %}", "{%1%}", "{% 1 %} ", " {% 1 %}", "{%}", "{%%}", "{% 1", "1 %}", "plain", "{% 'a\nb' %}"];

function passOutput(output: JsonValue): StateMachineDefinition {
  return { QueryLanguage: "JSONata", StartAt: "P", States: { P: { Type: "Pass", Output: output, End: true } } };
}

async function interpret(definition: StateMachineDefinition, input: JsonValue = {}): Promise<JsonValue | undefined> {
  const interpreter = new Interpreter();
  return (await interpreter.run(interpreter.createStateMachine(definition), input)).output;
}

describe("what a JSONata expression is", () => {
  it("starts with {% and ends with %} exactly, as the schema pattern says", () => {
    const pattern = new RegExp(JSONATA_EXPRESSION_PATTERN);
    expect(SAMPLES.filter((s) => isJsonataExpression(s))).toEqual(["{% 1 %}", "{%1%}", "{%%}", "{% 'a\nb' %}"]);
    for (const sample of SAMPLES) expect(pattern.test(sample), sample).toBe(isJsonataExpression(sample));
  });

  it("a trailing space makes a literal string: the interpreter returns it, the validator and builder refuse it", async () => {
    expect(await interpret(passOutput("{% 1 %} "))).toBe("{% 1 %} ");
    expect(await interpret(passOutput("{% 1 %}"))).toBe(1);
    const diagnostics = validateDefinition(passOutput("{% 1 %} "));
    expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.location}`)).toEqual(["ERROR INVALID_JSONATA /States/P/Output"]);
    expect(diagnostics[0]?.message).toMatch(/literal string.*"%\}" exactly/);
    expect(() => stateMachine({ startAt: jsonata.pass("Trailing", { Output: "{% 1 %} " }) })).toThrow(/"Trailing".*end with "%\}"/);
  });

  it("builder and validator refuse the same strings; the interpreter evaluates exactly the expressions", async () => {
    for (const sample of SAMPLES) {
      const builds = (() => {
        try {
          stateMachine({ startAt: jsonata.pass("P", { Output: sample }) });
          return true;
        } catch {
          return false;
        }
      })();
      const valid = validateDefinition(passOutput(sample)).every((d) => d.severity !== "ERROR");
      expect(builds, sample).toBe(valid);
      if (valid && !isJsonataExpression(sample)) expect(await interpret(passOutput(sample)), sample).toBe(sample);
      expect(valid, sample).toBe(!looksLikeJsonata(sample) || (isJsonataExpression(sample) && sample.slice(2, -2).trim() !== ""));
    }
  });

  it("parses once per text and returns syntax errors instead of throwing", () => {
    const first = parseJsonata("$states.input.a + 1");
    expect(first.expression).toBeDefined();
    expect(parseJsonata("$states.input.a + 1")).toBe(first);
    expect(parseJsonata("$states.input.a +").error?.message).toMatch(/\S/);
  });

  it("the Step Functions functions are known to the validator and run in the interpreter", async () => {
    expect(STEP_FUNCTIONS_JSONATA_FUNCTIONS).toEqual(["partition", "range", "hash", "random", "uuid", "parse"]);
    const output = {
      partition: "{% $partition([1, 2, 3], 2) %}",
      range: "{% $range(1, 5, 2) %}",
      hash: "{% $hash('abc', 'SHA-256') %}",
      random: "{% $random() < 1 %}",
      uuid: "{% $length($uuid()) %}",
      parse: "{% $parse('{\"a\": 1}') %}",
    };
    expect(validateDefinition(passOutput(output))).toEqual([]);
    expect(await interpret(passOutput(output))).toEqual({
      partition: [[1, 2], [3]],
      range: [1, 3, 5],
      hash: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      random: true,
      uuid: 36,
      parse: { a: 1 },
    });
  });

  it("building and validating a JSONPath-only machine does not load the jsonata package", () => {
    const script = [
      'import { createRequire } from "node:module";',
      'import { jsonPath, path, stateMachine, validateDefinition } from "./asl";',
      'const machine = stateMachine({ startAt: jsonPath.pass("P", { Parameters: { "a": path("$.a") } }) }).toJSON();',
      "if (validateDefinition(machine).length > 0) throw new Error('invalid');",
      'const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes("/node_modules/jsonata/"));',
      "console.log(JSON.stringify(loaded));",
    ].join("\n");
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("[]");
  });
});
