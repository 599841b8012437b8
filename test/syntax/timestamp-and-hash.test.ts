/** Builder, validator and interpreter read timestamps and hash algorithm names from one definition. */
import { describe, expect, it } from "vitest";
import { intrinsic, jsonPath, path, stateMachine, validateDefinition, type JsonValue, type StateMachineDefinition } from "../../asl";
import { Interpreter } from "../../asl/interpreter";
import { HASH_ALGORITHMS, parseTimestamp } from "../../asl/syntax";

const STAMPS = [
  "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.123+02:00", "2024-02-29T23:59:59Z",
  "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z",
  "2026-01-01T00:60:00Z", "2026-01-01t00:00:00z", "2026-01-01 00:00:00Z", "tomorrow",
];

function waitUntil(timestamp: string): StateMachineDefinition {
  return { StartAt: "W", States: { W: { Type: "Wait", Timestamp: timestamp, End: true } } };
}

function builds(timestamp: string): boolean {
  try {
    stateMachine({ startAt: jsonPath.wait("W", { Timestamp: timestamp }) });
    return true;
  } catch {
    return false;
  }
}

async function isTimestampAtRun(value: string): Promise<JsonValue | undefined> {
  const interpreter = new Interpreter();
  const definition: StateMachineDefinition = {
    StartAt: "C",
    States: { C: { Type: "Choice", Choices: [{ Variable: "$.t", IsTimestamp: true, Next: "Yes" }], Default: "No" }, Yes: { Type: "Succeed" }, No: { Type: "Fail" } },
  };
  return (await interpreter.run(interpreter.createStateMachine(definition), { t: value })).status;
}

describe("timestamps", () => {
  it("builder, validator and interpreter accept the same ones", async () => {
    const accepted = STAMPS.filter((s) => parseTimestamp(s) !== undefined);
    expect(accepted).toEqual(["2026-01-01T00:00:00Z", "2026-01-01T00:00:00.123+02:00", "2024-02-29T23:59:59Z"]);
    for (const stamp of STAMPS) {
      const ok = accepted.includes(stamp);
      expect(builds(stamp), stamp).toBe(ok);
      expect(validateDefinition(waitUntil(stamp)).length === 0, stamp).toBe(ok);
      expect(await isTimestampAtRun(stamp), stamp).toBe(ok ? "SUCCEEDED" : "FAILED");
    }
  });
});

describe("hash algorithms", () => {
  it("every algorithm the builder types allow is valid and runs; others are refused", async () => {
    for (const algorithm of [...HASH_ALGORITHMS, "SHA-3"]) {
      const known = (HASH_ALGORITHMS as readonly string[]).includes(algorithm);
      const machine = stateMachine({ startAt: jsonPath.pass("H", { Parameters: { h: intrinsic.hash(path("$.data"), algorithm as (typeof HASH_ALGORITHMS)[number]) } }) }).toJSON();
      expect(validateDefinition(machine).length === 0, algorithm).toBe(known);
      const interpreter = new Interpreter();
      const result = await interpreter.run(interpreter.createStateMachine(machine), { data: "abc" });
      expect(result.status, algorithm).toBe(known ? "SUCCEEDED" : "FAILED");
      if (!known) expect(result.cause).toContain(HASH_ALGORITHMS.join(", "));
    }
  });
});
