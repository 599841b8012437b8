import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { assertValidDefinition, validateDefinition, CODES } from "../../asl/validator";
import { repositoryRoot } from "./corpus";
import { branch, found, machine, pass, task } from "./helpers";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const broken = () =>
  machine({
    A: task({ Retry: [{ ErrorEquals: ["States.ALL"] }, { ErrorEquals: ["X"], BackoffRate: 0.5 }], Next: "Nowhere", End: undefined }),
    P: { Type: "Parallel", Branches: [branch({ A: pass() })], End: true },
    X: pass({ Next: "Y", End: undefined }),
    Y: pass({ Next: "X", End: undefined }),
  });

describe("validateDefinition", () => {
  it("reports every problem at once", () => {
    expect(found(validateDefinition(broken()))).toEqual([
      "DUPLICATE_STATE_NAME /States/P/Branches/0/States/A",
      "INVALID_ERROR_EQUALS /States/A/Retry/0/ErrorEquals/0",
      "MISSING_TRANSITION_TARGET /States/A/Next",
      "SCHEMA_VALIDATION_FAILED /States/A/Retry/1/BackoffRate",
      "UNREACHABLE_STATE /States/P",
      "UNREACHABLE_STATE /States/X",
      "UNREACHABLE_STATE /States/Y",
    ]);
  });

  it("does not modify its input (frozen input, unchanged copy)", () => {
    const definition = broken();
    const copy = structuredClone(definition);
    expect(() => validateDefinition(deepFreeze(definition))).not.toThrow();
    expect(definition).toEqual(copy);
  });

  it("shapes diagnostics like AWS, with codes from the documented list", () => {
    for (const diagnostic of validateDefinition(broken())) {
      expect(Object.keys(diagnostic).sort()).toEqual(["code", "location", "message", "severity"]);
      expect(Object.keys(CODES)).toContain(diagnostic.code);
      expect(diagnostic.location).toMatch(/^(\/.*)?$/);
      expect(diagnostic.message.length).toBeGreaterThan(10);
    }
  });

  it("can leave warnings out", () => {
    const definition = machine({ A: task({ Parameters: { id: "$.id" } }) });
    expect(found(validateDefinition(definition), "WARNING")).toEqual(["NO_DOLLAR /States/A/Parameters/id"]);
    expect(validateDefinition(definition, { warnings: false })).toEqual([]);
  });
});

describe("assertValidDefinition", () => {
  it("throws an Error naming every ERROR diagnostic", () => {
    expect(() => assertValidDefinition(broken(), "checkout")).toThrowError(/checkout is invalid \(7 errors\)[\s\S]*MISSING_TRANSITION_TARGET \/States\/A\/Next[\s\S]*UNREACHABLE_STATE \/States\/Y/);
  });

  it("passes a valid definition, warnings notwithstanding", () => {
    expect(() => assertValidDefinition(machine({ A: task({ Parameters: { id: "$.id" } }) }))).not.toThrow();
  });
});

describe("the generated checkout definition", () => {
  const file = join(repositoryRoot, "workflows/checkout.asl.json");
  it("exists (generate it with npm run asl) and is clean: no errors, no warnings", () => {
    expect(existsSync(file), `${file} is missing: run npm run asl`).toBe(true);
    expect(validateDefinition(JSON.parse(readFileSync(file, "utf8")))).toEqual([]);
  });
});

describe("docs/validator.md", () => {
  it("documents every diagnostic code", () => {
    const docs = readFileSync(join(repositoryRoot, "docs/validator.md"), "utf8");
    const missing = Object.keys(CODES).filter((code) => !docs.includes(`| \`${code}\` |`));
    expect(missing).toEqual([]);
  });
});
