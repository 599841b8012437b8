/**
 * The 18 intrinsic functions, with the worked examples of AWS's "Intrinsic functions for JSONPath states"
 * page (input, call, documented result), plus the argument errors AWS reports as States.Runtime.
 */
import { describe, expect, it } from "vitest";
import type { JsonValue } from "../../asl/definition";
import { INTRINSIC_FUNCTIONS } from "../../asl/definition";
import { passWith, run } from "./helpers";

async function evaluate(call: string, input: JsonValue = {}): Promise<JsonValue | undefined> {
  const r = await run(passWith({ "value.$": call }), input);
  if (r.status !== "SUCCEEDED") throw new Error(`${r.error}: ${r.cause}`);
  return (r.output as { value: JsonValue }).value;
}

const DOC_EXAMPLES: { fn: (typeof INTRINSIC_FUNCTIONS)[number]; input: JsonValue; call: string; expected: JsonValue }[] = [
  { fn: "States.Array", input: { Id: 123456 }, call: "States.Array($.Id)", expected: [123456] },
  { fn: "States.ArrayPartition", input: { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, call: "States.ArrayPartition($.inputArray,4)", expected: [[1, 2, 3, 4], [5, 6, 7, 8], [9]] },
  { fn: "States.ArrayContains", input: { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], lookingFor: 5 }, call: "States.ArrayContains($.inputArray, $.lookingFor)", expected: true },
  { fn: "States.ArrayRange", input: {}, call: "States.ArrayRange(1, 9, 2)", expected: [1, 3, 5, 7, 9] },
  { fn: "States.ArrayGetItem", input: { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], index: 5 }, call: "States.ArrayGetItem($.inputArray, $.index)", expected: 6 },
  { fn: "States.ArrayLength", input: { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, call: "States.ArrayLength($.inputArray)", expected: 9 },
  { fn: "States.ArrayUnique", input: { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] }, call: "States.ArrayUnique($.inputArray)", expected: [1, 2, 3, 4] },
  { fn: "States.Base64Encode", input: { input: "Data to encode" }, call: "States.Base64Encode($.input)", expected: "RGF0YSB0byBlbmNvZGU=" },
  { fn: "States.Base64Decode", input: { base64: "RGF0YSB0byBlbmNvZGU=" }, call: "States.Base64Decode($.base64)", expected: "Data to encode" },
  { fn: "States.Hash", input: { Data: "input data", Algorithm: "SHA-1" }, call: "States.Hash($.Data, $.Algorithm)", expected: "aaff4a450a104cd177d28d18d74485e8cae074b7" },
  {
    fn: "States.JsonMerge",
    input: { json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } },
    call: "States.JsonMerge($.json1, $.json2, false)",
    expected: { a: { a3: 1, a4: 2 }, b: 2, c: 3 },
  },
  { fn: "States.MathAdd", input: { value1: 111, step: -1 }, call: "States.MathAdd($.value1, $.step)", expected: 110 },
  { fn: "States.StringSplit", input: { inputString: "1,2,3,4,5", splitter: "," }, call: "States.StringSplit($.inputString, $.splitter)", expected: ["1", "2", "3", "4", "5"] },
  { fn: "States.StringSplit", input: { inputString: "This.is+a,test=string", splitter: ".+,=" }, call: "States.StringSplit($.inputString, $.splitter)", expected: ["This", "is", "a", "test", "string"] },
  { fn: "States.Format", input: { name: "Arnav" }, call: "States.Format('Hello, my name is {}.', $.name)", expected: "Hello, my name is Arnav." },
  { fn: "States.StringToJson", input: { escapedJsonString: "{\"foo\": \"bar\"}" }, call: "States.StringToJson($.escapedJsonString)", expected: { foo: "bar" } },
  { fn: "States.JsonToString", input: { foo: "bar", zebra: "stripe" }, call: "States.JsonToString($)", expected: "{\"foo\":\"bar\",\"zebra\":\"stripe\"}" },
];

describe("intrinsic functions: AWS worked examples", () => {
  it.each(DOC_EXAMPLES)("$call", async ({ call, input, expected }) => {
    expect(await evaluate(call, input)).toEqual(expected);
  });

  it("covers every intrinsic function (UUID and MathRandom are random, tested below)", () => {
    const covered = new Set<string>([...DOC_EXAMPLES.map((e) => e.fn), "States.UUID", "States.MathRandom"]);
    expect([...INTRINSIC_FUNCTIONS].filter((f) => !covered.has(f))).toEqual([]);
  });

  it("States.UUID returns a version 4 UUID from the interpreter's source", async () => {
    const r = await run(passWith({ "id.$": "States.UUID()" }), {}, { uuid: () => "ca4c1140-dcc1-40cd-ad05-7b4aa23df4a8" });
    expect(r.output).toEqual({ id: "ca4c1140-dcc1-40cd-ad05-7b4aa23df4a8" });
  });

  it("intrinsics in a ...Path field use the interpreter's uuid and random sources too", async () => {
    const definition = {
      StartAt: "Boom",
      States: { Boom: { Type: "Fail", ErrorPath: "States.UUID()", CausePath: "States.Format('{}', States.MathRandom(1, 999))" } },
    } as const;
    const r = await run(definition, {}, { uuid: () => "fixed-uuid", random: () => 0 });
    expect(r).toMatchObject({ status: "FAILED", error: "fixed-uuid", cause: "1" });
  });

  it("States.MathRandom returns an integer in [start, end) from the interpreter's random source", async () => {
    const low = await run(passWith({ "n.$": "States.MathRandom($.start, $.end)" }), { start: 1, end: 999 }, { random: () => 0 });
    const high = await run(passWith({ "n.$": "States.MathRandom($.start, $.end)" }), { start: 1, end: 999 }, { random: () => 0.9999999 });
    expect(low.output).toEqual({ n: 1 });
    expect(high.output).toEqual({ n: 998 });
  });

  it("nests calls, as in AWS's nine-deep myArn example", async () => {
    const call = "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 2))";
    expect(await evaluate(call, { ImageRecipe: { Arn: "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe/1.0.3" } })).toBe("1.0.3");
  });

  it("keeps escaped quotes and braces of string literals", async () => {
    expect(await evaluate("States.Format('It\\'s \\{literal\\} {}', 'x')")).toBe("It's {literal} x");
  });
});

describe("intrinsic functions: errors are States.Runtime naming the culprit", () => {
  it.each([
    ["States.ArrayPartition($.a, 0)", { a: [1] }, "chunk size"],
    ["States.ArrayGetItem($.a, 3)", { a: [1] }, "out of bounds"],
    ["States.MathAdd($.a, 1)", { a: "1" }, "integer"],
    ["States.Hash($.a, 'SHA-3')", { a: "x" }, "algorithm"],
    ["States.StringToJson($.a)", { a: "{nope" }, "not valid JSON"],
    ["States.Format('{} {}', 'one')", {}, "placeholders"],
    ["States.JsonMerge($.a, $.a, true)", { a: {} }, "shallow"],
    ["States.ArrayLength($.missing)", {}, "$.missing"],
  ])("%s", async (call, input, mention) => {
    const r = await run(passWith({ "v.$": call }), input);
    expect(r.status).toBe("FAILED");
    expect(r.error).toBe("States.Runtime");
    expect(r.cause).toContain(mention);
  });

  it("refuses an unknown function when the definition is loaded", () => {
    return expect(run(passWith({ "v.$": "States.Nope(1)" }))).rejects.toThrow(/unknown intrinsic function States.Nope/);
  });
});

describe("intrinsic functions: non-integer arguments are rounded", () => {
  // AWS, intrinsic functions for JSONPath states, on ArrayPartition, ArrayRange, MathRandom and MathAdd:
  // "If you specify a non-integer value ... Step Functions will round it off to the nearest integer."
  it.each<[string, JsonValue, JsonValue]>([
    ["States.MathAdd(1.5, 2)", {}, 4],
    ["States.MathAdd($.a, $.b)", { a: 1.4, b: -2.6 }, -2],
    ["States.ArrayRange(1, 3.7, 1)", {}, [1, 2, 3, 4]],
    ["States.ArrayRange(0.6, 5, 2.2)", {}, [1, 3, 5]],
    ["States.ArrayPartition($.arr, 1.6)", { arr: [1, 2, 3] }, [[1, 2], [3]]],
  ])("%s", async (call, input, expected) => {
    expect(await evaluate(call, input)).toEqual(expected);
  });

  it("States.MathRandom rounds its start and end", async () => {
    const low = await run(passWith({ "n.$": "States.MathRandom(1.2, 5)" }), {}, { random: () => 0 });
    const high = await run(passWith({ "n.$": "States.MathRandom(1.2, 4.6, 7.5)" }), {}, { random: () => 0.9999999 });
    expect(low.output).toEqual({ n: 1 });
    expect(high.output).toEqual({ n: 4 });
  });

  it("still refuses a value that is not a number", async () => {
    const r = await run(passWith({ "v.$": "States.ArrayRange(1, $.end, 1)" }), { end: "3" });
    expect([r.error, r.cause]).toEqual(["States.Runtime", expect.stringContaining(`Invalid arguments in States.ArrayRange: the end must be a number`)]);
  });
});

describe("intrinsic functions: documented input limits are States.Runtime naming the function and the limit", () => {
  const long = "x".repeat(10001);
  it.each<[string, JsonValue, string]>([
    // AWS: MathAdd "You must specify integer values in the range of -2147483648 and 2147483647".
    ["States.MathAdd(2147483648, 0)", {}, "States.MathAdd: the first argument must be in the range -2147483648 to 2147483647"],
    ["States.MathAdd(0, $.n)", { n: -2147483649 }, "States.MathAdd: the second argument must be in the range -2147483648 to 2147483647"],
    // AWS: States.Hash "The data argument ... can't exceed 10,000 characters".
    ["States.Hash($.s, 'MD5')", { s: long }, "States.Hash: the data has 10001 characters, more than the limit of 10000"],
    ["States.Base64Encode($.s)", { s: long }, "States.Base64Encode: the argument has 10001 characters, more than the limit of 10000"],
    ["States.Base64Decode($.s)", { s: long }, "States.Base64Decode: the argument has 10001 characters, more than the limit of 10000"],
    // AWS: ArrayRange "The newly generated array can't contain more than 1000 items."
    ["States.ArrayRange(1, 1001, 1)", {}, "States.ArrayRange: the range has 1001 items, more than the limit of 1000"],
    ["States.ArrayRange(0, 2147483647, 1)", {}, "the range has 2147483648 items, more than the limit of 1000"],
  ])("%s", async (call, input, mention) => {
    const r = await run(passWith({ "v.$": call }), input);
    expect([r.status, r.error]).toEqual(["FAILED", "States.Runtime"]);
    expect(r.cause).toContain(mention);
  });

  it.each<[string, JsonValue, (v: JsonValue | undefined) => boolean]>([
    ["States.MathAdd(2147483647, -2147483648)", {}, (v) => v === -1],
    ["States.Hash($.s, 'MD5')", { s: "x".repeat(10000) }, (v) => typeof v === "string" && v.length === 32],
    ["States.ArrayRange(1, 1000, 1)", {}, (v) => Array.isArray(v) && v.length === 1000 && v[999] === 1000],
    ["States.ArrayRange(10, 1, -3)", {}, (v) => JSON.stringify(v) === "[10,7,4,1]"],
  ])("%s is within the limits", async (call, input, ok) => {
    expect(ok(await evaluate(call, input))).toBe(true);
  });
});

describe("intrinsic functions: what the validator refuses, createStateMachine refuses", () => {
  it("refuses an open escape backslash, naming it (AWS: the interpreter returns an error)", () => {
    const definition = passWith({ "v.$": String.raw`States.Format('a\b {}', $.x)` });
    return expect(run(definition, { x: 5 })).rejects.toMatchObject({
      name: "InvalidDefinition",
      message: expect.stringMatching(/open escape backslash "\\b".*at \/States\/P\/Parameters/),
    });
  });

  it("refuses calls nested more than 10 deep (AWS: \"You can nest up to 10 intrinsic functions within a field\")", () => {
    const definition = passWith({ "v.$": `${"States.Array(".repeat(11)}$.a${")".repeat(11)}` });
    return expect(run(definition, { a: 1 })).rejects.toMatchObject({
      name: "InvalidDefinition",
      message: expect.stringMatching(/nested 11 deep, more than the 10 .* at \/States\/P\/Parameters/),
    });
  });

  it("runs ten nested calls", async () => {
    expect(await evaluate(`${"States.Array(".repeat(10)}$.a${")".repeat(10)}`, { a: 1 })).toEqual([[[[[[[[[[1]]]]]]]]]]);
  });
});
