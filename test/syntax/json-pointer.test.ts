/** Validator diagnostics and interpreter definition errors locate values with the same RFC 6901 pointers. */
import { describe, expect, it } from "vitest";
import { validateDefinition, type StateMachineDefinition } from "../../asl";
import { Interpreter } from "../../asl/interpreter";
import { pointer, pointerTokens } from "../../asl/syntax";

describe("JSON pointers", () => {
  it("escape ~ and / in tokens, and read them back", () => {
    expect(pointer("", "States", "a/b~c", 0)).toBe("/States/a~1b~0c/0");
    expect(pointerTokens("/States/a~1b~0c/0")).toEqual(["States", "a/b~c", "0"]);
    expect(pointerTokens("/States/~01")).toEqual(["States", "~1"]);
    expect(pointerTokens("")).toEqual([]);
  });

  it("the interpreter names a state holding '/' with the validator's pointer", () => {
    const definition: StateMachineDefinition = {
      StartAt: "Save a/b",
      States: { "Save a/b": { Type: "Pass", Parameters: { "v.$": "States.Nope($.x)" }, End: true } },
    };
    const [diagnostic] = validateDefinition(definition);
    expect(diagnostic?.location).toBe("/States/Save a~1b/Parameters/v.$");
    expect(() => new Interpreter().createStateMachine(definition)).toThrow("at /States/Save a~1b/Parameters");
  });
});
