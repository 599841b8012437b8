/**
 * The validator and the interpreter read intrinsic calls with one parser, so a call the validator
 * passes compiles and runs, and a call it rejects for its syntax does not compile.
 */
import { describe, expect, it } from "vitest";
import type { JsonValue } from "../../asl/definition";
import { compileIntrinsic } from "../../asl/interpreter/intrinsics";
import { MISSING, type PathScope } from "../../asl/interpreter/jsonpath";
import { checkIntrinsic } from "../../asl/validator/intrinsics";

const ENV = { random: () => 0, uuid: () => "00000000-0000-4000-8000-000000000000" };

function run(call: string, input: JsonValue, variables: Record<string, JsonValue> = {}): JsonValue {
  const scope: PathScope = {
    input,
    context: () => ({ Execution: { Id: "exec-1" } }),
    variable: (name) => variables[name] ?? MISSING,
  };
  return compileIntrinsic(call)(scope, ENV);
}

describe("validator and interpreter agree on intrinsic calls", () => {
  it.each<[string, JsonValue, JsonValue]>([
    [String.raw`States.Format('a backslash \\{}', $.x)`, { x: "then x" }, String.raw`a backslash \then x`],
    [String.raw`States.Format('literal \{\} and {}', $$.Execution.Id)`, {}, "literal {} and exec-1"],
    ["States.Format( '{}-{}' , $.a , States.MathAdd($.b, -1) )", { a: "n", b: 3 }, "n-2"],
    [String.raw`States.Format('It\'s \{\} \\ {}', $.x)`, { x: 1 }, String.raw`It's {} \ 1`],
    ["States.ArrayGetItem($.a[?(@.k == 'x, y')], 0)", { a: [{ k: "x, y" }] }, { k: "x, y" }],
    ["States.MathAdd(01, 1)", {}, 2],
    ["States.Array($order.id)", {}, ["o-1"]],
  ])("%s passes the validator and runs", (call, input, expected) => {
    expect(checkIntrinsic(call).problems).toEqual([]);
    expect(run(call, input, { order: { id: "o-1" } })).toEqual(expected);
  });

  it.each([
    "States.Format('x)",
    "States.Format('x'",
    "States.Array($.a b)",
    "States.Array($.a])",
    "States.Array(1) trailing",
    "States.Array(yes)",
    "States.Not_A_Function(1)",
    // AWS "Reserved characters": only \', \{, \} and \\ are escapes; "If an open escape backslash \ is
    // found in the intrinsic invocation string, the interpreter will return a runtime error."
    String.raw`States.Format('a\b {}', $.x)`,
    String.raw`States.Hash($.x, 'SHA\-256')`,
    String.raw`States.Format('tab\t')`,
    // AWS: "You can nest up to 10 intrinsic functions within a field".
    `${"States.Array(".repeat(11)}1${")".repeat(11)}`,
  ])("%s is refused by both", (call) => {
    expect(checkIntrinsic(call).problems).not.toEqual([]);
    expect(() => compileIntrinsic(call)).toThrow(/Invalid intrinsic function/);
  });

  it("accepts ten nested calls, the most AWS allows", () => {
    const call = `${"States.Array(".repeat(10)}1${")".repeat(10)}`;
    expect(checkIntrinsic(call).problems).toEqual([]);
    expect(run(call, {})).toEqual([[[[[[[[[[1]]]]]]]]]]);
  });

  it("names the open escape and its position in both", () => {
    const call = String.raw`States.Format('a\b {}', $.x)`;
    expect(checkIntrinsic(call).problems).toEqual([expect.stringMatching(/open escape backslash "\\b".*at position 16 of/)]);
    expect(() => compileIntrinsic(call)).toThrow(/open escape backslash "\\b".*\(at character 16\)/);
  });

  it("reports the same position for a syntax error", () => {
    const call = "States.Array(1, ?)";
    expect(checkIntrinsic(call).problems).toEqual([expect.stringContaining("at position 16 of")]);
    expect(() => compileIntrinsic(call)).toThrow("(at character 16)");
  });

  it("lists the variables a call reads", () => {
    expect(checkIntrinsic("States.Format('{} {}', $first, States.JsonToString($second.x))").variables).toEqual(["first", "second"]);
  });
});
