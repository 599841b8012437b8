/** States.Format's template pieces and the head of a path, shared by the validator and the interpreter. */
import { describe, expect, it } from "vitest";
import { parsePathHead, splitFormatTemplate } from "../../asl/syntax";

describe("splitFormatTemplate", () => {
  it.each([
    ["no placeholders", ["no placeholders"]],
    ["{} and {}", ["", " and ", ""]],
    [String.raw`literal \{\} and {}`, ["literal {} and ", ""]],
    ["a backslash \\\\{}", ["a backslash \\", ""]],
    [String.raw`It\'s {}`, ["It's ", ""]],
    ["{ } {x}", ["{ } {x}"]],
  ])("%s", (raw, pieces) => {
    expect(splitFormatTemplate(raw)).toEqual(pieces);
  });

  // AWS "Reserved characters": only \', \{, \} and \\ are escapes; any other backslash is an error.
  it.each([String.raw`a\b {}`, String.raw`SHA\-256`, "trailing \\"])("refuses the open escape in %s, as the parser does", (raw) => {
    expect(() => splitFormatTemplate(raw)).toThrow(/open escape backslash/);
  });
});

describe("parsePathHead", () => {
  it.each([
    ["$", { root: "input", length: 1 }],
    ["$.a.b", { root: "input", length: 1 }],
    ["$[0]", { root: "input", length: 1 }],
    ["$$.Execution.Id", { root: "context", length: 2 }],
    ["$order.id", { root: "variable", variable: "order", length: 6 }],
    ["$_x1['y']", { root: "variable", variable: "_x1", length: 4 }],
    ["$1", { root: "input", length: 1 }],
  ])("%s", (text, head) => {
    expect(parsePathHead(text)).toEqual(head);
  });

  it("is undefined for text that is not a path", () => {
    expect(parsePathHead("a.b")).toBeUndefined();
    expect(parsePathHead("")).toBeUndefined();
  });
});
