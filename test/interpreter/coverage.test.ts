/** Branch coverage: enumeration of Choice rules, Defaults and Catchers, and what executions took. */
import { describe, expect, it } from "vitest";
import type { StateMachineDefinition } from "../../asl/definition";
import { BranchCoverage, enumerateBranches } from "../../asl/interpreter";
import { run } from "./helpers";

const definition: StateMachineDefinition = {
  StartAt: "C",
  States: {
    C: { Type: "Choice", Choices: [{ Variable: "$.n", NumericEquals: 1, Next: "One" }, { Variable: "$.n", NumericEquals: 2, Next: "Par" }], Default: "Done" },
    One: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:1:function:f", Catch: [{ ErrorEquals: ["States.ALL"], Next: "Done" }], Next: "Done" },
    Par: {
      Type: "Parallel",
      Branches: [{ StartAt: "Inner", States: { Inner: { Type: "Choice", Choices: [{ Variable: "$.n", IsPresent: true, Next: "InnerDone" }], Default: "InnerDone" }, InnerDone: { Type: "Succeed" } } }],
      Next: "Done",
    },
    Done: { Type: "Succeed" },
  },
};

describe("branch coverage", () => {
  it("enumerates every Choice rule, Default and Catcher, nested ones included", () => {
    expect(enumerateBranches(definition).map((b) => b.id)).toEqual(["C.Choices[0]", "C.Choices[1]", "C.Default", "One.Catch[0]", "Inner.Choices[0]", "Inner.Default"]);
  });

  it("reports what the recorded executions did not take", async () => {
    const coverage = new BranchCoverage(definition);
    const failing = { "arn:aws:lambda:us-east-1:1:function:f": () => { throw new Error("x"); } };
    coverage.record((await run(definition, { n: 1 }, { integrations: failing })).execution);
    coverage.record((await run(definition, { n: 2 })).execution);
    expect(coverage.uncovered().map((b) => b.id)).toEqual(["C.Default", "Inner.Default"]);
    expect(coverage.report()).toContain("uncovered default: C.Default -> Done");
    coverage.record((await run(definition, { n: 3 })).execution);
    expect(coverage.uncovered().map((b) => b.id)).toEqual(["Inner.Default"]);
  });
});
