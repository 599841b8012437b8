import { describe, expect, it } from "vitest";
import { INTRINSIC_FUNCTIONS, context, intrinsic, path } from "../../asl";

describe("intrinsic functions", () => {
  it("cover all 18 intrinsic functions", () => {
    const a = path("$.a");
    const calls = [
      intrinsic.format("{} and {}", a, 1),
      intrinsic.stringToJson(a),
      intrinsic.jsonToString(a),
      intrinsic.array(1, "two", a, null, true),
      intrinsic.arrayPartition(a, 2),
      intrinsic.arrayContains(a, "x"),
      intrinsic.arrayRange(1, 9, 2),
      intrinsic.arrayGetItem(a, 0),
      intrinsic.arrayLength(a),
      intrinsic.arrayUnique(a),
      intrinsic.base64Encode(a),
      intrinsic.base64Decode(a),
      intrinsic.hash(a, "SHA-256"),
      intrinsic.jsonMerge(a, path("$.b")),
      intrinsic.mathRandom(1, 10),
      intrinsic.mathAdd(a, -1),
      intrinsic.stringSplit(a, ","),
      intrinsic.uuid(),
    ];
    expect(new Set(calls.map((c) => c.fn))).toStrictEqual(new Set(INTRINSIC_FUNCTIONS));
    expect(calls.map(String)).toStrictEqual([
      "States.Format('{} and {}', $.a, 1)",
      "States.StringToJson($.a)",
      "States.JsonToString($.a)",
      "States.Array(1, 'two', $.a, null, true)",
      "States.ArrayPartition($.a, 2)",
      "States.ArrayContains($.a, 'x')",
      "States.ArrayRange(1, 9, 2)",
      "States.ArrayGetItem($.a, 0)",
      "States.ArrayLength($.a)",
      "States.ArrayUnique($.a)",
      "States.Base64Encode($.a)",
      "States.Base64Decode($.a)",
      "States.Hash($.a, 'SHA-256')",
      "States.JsonMerge($.a, $.b, false)",
      "States.MathRandom(1, 10)",
      "States.MathAdd($.a, -1)",
      "States.StringSplit($.a, ',')",
      "States.UUID()",
    ]);
  });

  it("escapes the reserved characters of string literals", () => {
    expect(String(intrinsic.stringSplit("it's {a}\\b", " "))).toBe("States.StringSplit('it\\'s \\{a\\}\\\\b', ' ')");
    // In a Format template the braces are placeholders and stay as written.
    expect(String(intrinsic.format("{}'s order", context.executionId))).toBe("States.Format('{}\\'s order', $$.Execution.Id)");
  });

  it("nests calls and takes an optional seed", () => {
    expect(String(intrinsic.format("id {}", intrinsic.uuid()))).toBe("States.Format('id {}', States.UUID())");
    expect(String(intrinsic.mathRandom(1, 100, path("$.seed")))).toBe("States.MathRandom(1, 100, $.seed)");
  });

  it("refuses references that are not paths and numbers that are not finite", () => {
    expect(() => path("order.CartId")).toThrow(/starts with "\$"/);
    expect(() => intrinsic.mathAdd(Number.NaN, 1)).toThrow(/finite/);
  });
});
