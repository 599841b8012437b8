/** The shared intrinsic-call parser: the tree it builds, its positions and its syntax errors. */
import { describe, expect, it } from "vitest";
import { IntrinsicSyntaxError, looksLikeIntrinsicCall, parseIntrinsic, type IntrinsicArgument } from "../../asl/syntax";

function syntaxError(text: string): IntrinsicSyntaxError {
  try {
    parseIntrinsic(text);
  } catch (error) {
    if (error instanceof IntrinsicSyntaxError) return error;
    throw error;
  }
  throw new Error(`"${text}" parsed`);
}

describe("parseIntrinsic", () => {
  it("builds a typed tree with positions and nesting depth", () => {
    const text = "States.Format('{}/', States.ArrayGetItem($.parts, 0))";
    const call = parseIntrinsic(text);
    expect(call).toMatchObject({ kind: "call", name: "States.Format", depth: 1, start: 0, end: text.length });
    const [template, inner] = call.args;
    expect(template).toEqual({ kind: "string", value: "{}/", raw: "{}/", start: 14, end: 19 });
    expect(inner).toMatchObject({ kind: "call", name: "States.ArrayGetItem", depth: 2, start: 21, end: text.length - 1 });
    expect(text.slice(inner!.start, inner!.end)).toBe("States.ArrayGetItem($.parts, 0)");
    const innerArgs = (inner as Extract<IntrinsicArgument, { kind: "call" }>).args;
    expect(innerArgs).toEqual([
      { kind: "path", text: "$.parts", start: 41, end: 48 },
      { kind: "number", value: 0, start: 50, end: 51 },
    ]);
  });

  it("reads every literal kind", () => {
    const { args } = parseIntrinsic("States.Array(-1.5e2, 7, true, false, null, 'x')");
    expect(args.map((a) => (a.kind === "null" || a.kind === "path" || a.kind === "call" ? a.kind : a.value))).toEqual([-150, 7, true, false, "null", "x"]);
  });

  it("resolves escapes in a string's value and keeps them in its raw text", () => {
    const [arg] = parseIntrinsic(String.raw`States.Format('It\'s \{x\} \\ {}')`).args;
    expect(arg).toMatchObject({ kind: "string", value: String.raw`It's {x} \ {}`, raw: String.raw`It\'s \{x\} \\ {}` });
  });

  it("ends a path at a comma, parenthesis or space outside brackets, quotes and filters", () => {
    const { args } = parseIntrinsic("States.Array( $.a[?(@.b == 'x, y)')].c , $$.Execution.Id,$v['k'] )");
    expect(args.map((a) => (a.kind === "path" ? a.text : a.kind))).toEqual(["$.a[?(@.b == 'x, y)')].c", "$$.Execution.Id", "$v['k']"]);
  });

  it("allows whitespace around the call, its name and its arguments", () => {
    expect(parseIntrinsic("  States.UUID ( )  ")).toMatchObject({ name: "States.UUID", args: [], start: 2, end: 17 });
  });

  it("does not judge names or arity: that is its users' job", () => {
    expect(parseIntrinsic("States.Nope(1, 2, 3)")).toMatchObject({ name: "States.Nope" });
  });

  it.each([
    ["States.Format('x)", "unterminated string literal", 17],
    ["States.Format('x'", `expected "," or ")"`, 17],
    ["States.Format('x') extra", "after the call", 19],
    ["States.Array(nope)", "expected a 'string'", 13],
    ["States.Array(truest)", "expected a 'string'", 13],
    ["States.UUID", `expected "(" after States.UUID`, 11],
    ["Format('x')", "expected an intrinsic function name", 0],
    ["States.Array($.a b)", `expected "," or ")"`, 17],
    // AWS "Reserved characters": "If an open escape backslash \ is found in the intrinsic invocation
    // string, the interpreter will return a runtime error"; the escapes are \', \{, \} and \\ only.
    [String.raw`States.Format('a\b {}', $.x)`, String.raw`open escape backslash "\b"`, 16],
    [String.raw`States.Hash($.x, 'SHA\-256')`, String.raw`open escape backslash "\-"`, 21],
    [String.raw`States.Format('\\\n')`, String.raw`open escape backslash "\n"`, 17],
    [String.raw`States.Format('\ ')`, String.raw`open escape backslash "\ "`, 15],
  ])("rejects %s", (text, reason, position) => {
    const error = syntaxError(text);
    expect(error.reason).toContain(reason);
    expect(error.position).toBe(position);
    expect(error.message).toContain(`at position ${position} of "${text}"`);
  });
});

describe("looksLikeIntrinsicCall", () => {
  it.each([
    ["States.Format('x')", true],
    ["  States.Array ()", true],
    ["States.Not_Known(1)", true],
    ["$.States.Format", false],
    ["States.Format", false],
    ["Hello States.Array()", false],
  ])("%s: %s", (text, expected) => {
    expect(looksLikeIntrinsicCall(text)).toBe(expected);
  });
});
