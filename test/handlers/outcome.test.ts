import { describe, expect, it } from "vitest";
import { parseOutcome, succeeds } from "../../handlers/services/outcome";
import { ConfigError } from "../../handlers/shared/config-error";

describe("OUTCOME setting", () => {
  it.each([
    [undefined, { kind: "success" }],
    ["", { kind: "success" }],
    ["success", { kind: "success" }],
    [" FAILURE ", { kind: "failure" }],
    ["0.25", { kind: "failureRate", rate: 0.25 }],
    ["0", { kind: "failureRate", rate: 0 }],
    ["1", { kind: "failureRate", rate: 1 }],
    [".5", { kind: "failureRate", rate: 0.5 }],
  ])("parses %j", (raw, expected) => {
    expect(parseOutcome(raw)).toEqual(expected);
  });

  it.each(["sucess", "1.5", "-0.1", "50%", "0.2.5", "true"])("refuses %j with a message naming OUTCOME", (raw) => {
    expect(() => parseOutcome(raw)).toThrow(ConfigError);
    expect(() => parseOutcome(raw)).toThrow(
      `OUTCOME must be "success", "failure" or a failure rate between 0 and 1 such as "0.25", not ${JSON.stringify(raw)}`,
    );
  });

  it("a failure rate fails when the draw is below it", () => {
    const quarter = parseOutcome("0.25");
    expect(succeeds(quarter, () => 0.1)).toBe(false);
    expect(succeeds(quarter, () => 0.2499)).toBe(false);
    expect(succeeds(quarter, () => 0.25)).toBe(true);
    expect(succeeds(quarter, () => 0.9)).toBe(true);
    expect(succeeds(parseOutcome("0"), () => 0)).toBe(true);
    expect(succeeds(parseOutcome("1"), () => 0.9999)).toBe(false);
  });

  it("over many draws a rate fails about that share of requests", () => {
    let seed = 42;
    const lcg = () => ((seed = (seed * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32);
    const outcome = parseOutcome("0.3");
    const failures = Array.from({ length: 10_000 }, () => succeeds(outcome, lcg)).filter((ok) => !ok).length;
    expect(failures / 10_000).toBeGreaterThan(0.27);
    expect(failures / 10_000).toBeLessThan(0.33);
  });
});
