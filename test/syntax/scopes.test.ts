/** The one reading of a definition's nested scopes, transitions and branch ids that every module shares. */
import { describe, expect, it } from "vitest";
import type { StateMachineDefinition } from "../../asl/definition";
import { enumerateBranches } from "../../asl/interpreter";
import { compileDefinition, type CompiledMachine } from "../../asl/interpreter/compile";
import { branchId, subMachinesOf, transitionsOf, walkScopes } from "../../asl/scopes";

const leaf = (name: string) => ({ StartAt: name, States: { [name]: { Type: "Succeed" as const } } });

const definition: StateMachineDefinition = {
  StartAt: "Fan",
  States: {
    Fan: {
      Type: "Parallel",
      Branches: [
        { StartAt: "Pick", States: { Pick: { Type: "Choice", Choices: [{ Variable: "$.a", IsPresent: true, Next: "A" }], Default: "A" }, A: { Type: "Succeed" } } },
        leaf("B"),
      ],
      Catch: [{ ErrorEquals: ["States.ALL"], Next: "Old" }],
      Next: "Old",
    },
    Old: {
      Type: "Map",
      QueryLanguage: "JSONata",
      Iterator: { StartAt: "Inner", States: { Inner: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:1:function:f", Catch: [{ ErrorEquals: ["X"], Next: "Gone" }], End: true }, Gone: { Type: "Succeed" } } },
      End: true,
    },
  },
};

describe("subMachinesOf", () => {
  it("lists Parallel branches and a Map's ItemProcessor or legacy Iterator, with pointers", () => {
    expect(subMachinesOf(definition.States.Fan!, "/States/Fan").map(({ field, index, pointer }) => ({ field, index, pointer }))).toEqual([
      { field: "Branches", index: 0, pointer: "/States/Fan/Branches/0" },
      { field: "Branches", index: 1, pointer: "/States/Fan/Branches/1" },
    ]);
    expect(subMachinesOf(definition.States.Old!, "/States/Old").map(({ field, pointer }) => [field, pointer])).toEqual([["Iterator", "/States/Old/Iterator"]]);
    expect(subMachinesOf({ Type: "Map", ItemProcessor: leaf("P") }).map((s) => s.pointer)).toEqual(["/ItemProcessor"]);
  });

  it("tolerates untyped input, skipping what is not a machine", () => {
    expect(subMachinesOf({ Type: "Parallel", Branches: [null, 3, leaf("X")] }).map((s) => s.index)).toEqual([2]);
    expect(subMachinesOf({ Type: "Parallel", Branches: "nope" })).toEqual([]);
    expect(subMachinesOf({ Type: "Task", ItemProcessor: leaf("X") })).toEqual([]);
  });
});

describe("transitionsOf", () => {
  it("lists Next, Default, each Choice rule and each Catcher with the field locating it", () => {
    const choice = { Type: "Choice", Choices: [{ Next: "A" }, { Next: 5 }, { Next: "C" }], Default: "D" };
    expect(transitionsOf(choice, "/States/S")).toEqual([
      { kind: "Default", target: "D", location: "/States/S/Default" },
      { kind: "Choices", index: 0, target: "A", location: "/States/S/Choices/0/Next" },
      { kind: "Choices", index: 2, target: "C", location: "/States/S/Choices/2/Next" },
    ]);
    expect(transitionsOf({ Type: "Task", Next: "N", Catch: [{ Next: "E" }] }, "/States/T").map((t) => [t.kind, t.target, t.location])).toEqual([
      ["Next", "N", "/States/T/Next"],
      ["Catch", "E", "/States/T/Catch/0/Next"],
    ]);
  });
});

describe("walkScopes", () => {
  it("visits every scope depth first with its owner and query language", () => {
    expect(walkScopes(definition).map((s) => [s.pointer, s.owner?.name, s.queryLanguage, s.depth])).toEqual([
      ["", undefined, "JSONPath", 0],
      ["/States/Fan/Branches/0", "Fan", "JSONPath", 1],
      ["/States/Fan/Branches/1", "Fan", "JSONPath", 1],
      ["/States/Old/Iterator", "Old", "JSONata", 1],
    ]);
  });
});

describe("branch ids", () => {
  it("are the same in the compiled machine the interpreter records from and in coverage", () => {
    const compiled: string[] = [];
    const collect = (machine: CompiledMachine): void => {
      for (const state of machine.states.values()) {
        compiled.push(...(state.choices ?? []).map((c) => c.id), ...(state.defaultId ? [state.defaultId] : []), ...state.catchers.map((c) => c.id));
        for (const sub of [...(state.branches ?? []), ...(state.processor ? [state.processor] : [])]) collect(sub);
      }
    };
    collect(compileDefinition(definition));
    const enumerated = enumerateBranches(definition).map((b) => b.id);
    expect(enumerated).toEqual(["Fan.Catch[0]", "Pick.Choices[0]", "Pick.Default", "Inner.Catch[0]"]);
    expect([...compiled].sort()).toEqual([...enumerated].sort());
    expect(branchId("S", "Choices", 2)).toBe("S.Choices[2]");
  });
});
