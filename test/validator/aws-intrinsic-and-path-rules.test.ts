/**
 * Rules from AWS's documentation the validator applies with the interpreter's shared parser: open escape
 * backslashes in intrinsic strings, and which Jayway functions may close a path.
 */
import { describe, expect, it } from "vitest";
import { validateDefinition } from "../../asl/validator";
import { machine, pass } from "./helpers";

const withParameter = (value: string) => machine({ A: pass({ Parameters: { "v.$": value } }) });
const errors = (definition: unknown) => validateDefinition(definition).filter((d) => d.severity === "ERROR");

describe("intrinsic string escapes", () => {
  // AWS "Reserved characters in intrinsic functions": the escapes are \', \{, \} and \\; "If an open escape
  // backslash \ is found in the intrinsic invocation string, the interpreter will return a runtime error."
  it.each([String.raw`States.Format('a\b {}', $.x)`, String.raw`States.Hash($.x, 'SHA\-256')`, String.raw`States.Array('\n')`])("flags %s, naming the backslash", (call) => {
    const found = errors(withParameter(call));
    expect(found.map((d) => `${d.code} ${d.location}`)).toEqual(["INVALID_INTRINSIC_FUNCTION /States/A/Parameters/v.$"]);
    expect(found[0]!.message).toMatch(/open escape backslash "\\./);
  });

  it("accepts the four escapes", () => {
    expect(errors(withParameter(String.raw`States.Format('It\'s \{\} and \\ {}', $.x)`))).toEqual([]);
  });

  it("accepts non-integer numbers where AWS rounds them", () => {
    expect(errors(withParameter("States.MathAdd(1.5, 2)"))).toEqual([]);
    expect(errors(withParameter("States.ArrayRange(1, 3.7, 1)"))).toEqual([]);
  });
});

describe("functions closing a path", () => {
  it.each(["length", "keys", "min", "max", "avg", "stddev", "sum"])("accepts Jayway's %s()", (name) => {
    expect(errors(withParameter(`$.a.${name}()`))).toEqual([]);
  });

  it("flags a function Jayway does not have, naming it", () => {
    const found = errors(withParameter("$.a.size()"));
    expect(found.map((d) => d.code)).toEqual(["INVALID_JSONPATH"]);
    expect(found[0]!.message).toContain("calls size(), which is not a path function");
  });
});
