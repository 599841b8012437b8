import { describe, expect, it } from "vitest";
import { awsNameProblem, stateNameProblem } from "../../asl/syntax/names";
import { validateDefinition } from "../../asl/validator";

describe("stateNameProblem", () => {
  it("accepts 1 to 80 UTF-16 units without control characters", () => {
    expect(stateNameProblem("Charge card")).toBeUndefined();
    expect(stateNameProblem("x".repeat(80))).toBeUndefined();
    expect(stateNameProblem("naïve: [ok] / ~ #")).toBeUndefined();
  });

  it("refuses empty, too long and control characters, saying which", () => {
    expect(stateNameProblem("")).toMatch(/empty/);
    expect(stateNameProblem("x".repeat(81))).toMatch(/81 characters.*limit is 80/);
    // An astral character is two UTF-16 units: 40 of them is 80 units, 41 is 82.
    expect(stateNameProblem("😀".repeat(40))).toBeUndefined();
    expect(stateNameProblem("😀".repeat(41))).toMatch(/82 characters/);
    expect(stateNameProblem("P\u0001")).toMatch(/control character U\+0001/);
    expect(stateNameProblem("P\u0085")).toMatch(/U\+0085/);
  });
});

describe("awsNameProblem", () => {
  it("accepts plain and non-ASCII names within the limit, counted in code points", () => {
    expect(awsNameProblem("order-123_A", 80)).toBeUndefined();
    expect(awsNameProblem("commande-été", 80)).toBeUndefined();
    expect(awsNameProblem("😀".repeat(40), 40)).toBeUndefined();
  });

  it("refuses length, whitespace, specials and control characters, naming the culprit", () => {
    expect(awsNameProblem("", 40)).toMatch(/0 characters, not 1 to 40/);
    expect(awsNameProblem("x".repeat(41), 40)).toMatch(/41 characters, not 1 to 40/);
    expect(awsNameProblem("has space", 80)).toMatch(/whitespace \(U\+0020\)/);
    expect(awsNameProblem("a:b", 80)).toMatch(/contains ':'/);
    expect(awsNameProblem("a\u0007", 80)).toMatch(/U\+0007/);
    expect(awsNameProblem("a\uFFFF", 80)).toMatch(/U\+FFFF/);
  });
});

describe("the validator uses the same rules", () => {
  it("reports a bad state name with the shared wording", () => {
    const diagnostics = validateDefinition({ StartAt: "P\u0001", States: { "P\u0001": { Type: "Pass", End: true } } });
    const problem = diagnostics.find((d) => d.code === "INVALID_STATE_NAME");
    expect(problem?.message).toMatch(/control character U\+0001/);
  });
});
