import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { main } from "../../asl/validator/cli";
import { repositoryRoot } from "./corpus";

const valid = { StartAt: "A", States: { A: { Type: "Pass", End: true } } };
const invalid = { StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" } } };
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "asl-cli-"));
  mkdirSync(join(dir, "defs"));
  writeFileSync(join(dir, "defs/valid.json"), JSON.stringify(valid, null, 2));
  writeFileSync(join(dir, "defs/invalid.json"), JSON.stringify(invalid, null, 2));
  writeFileSync(join(dir, "valid.yaml"), "StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n");
  writeFileSync(join(dir, "broken.yaml"), "StartAt: A\nStates: [unclosed\n");
  writeFileSync(join(dir, "notjson.json"), '{ "StartAt": "A", ');
  writeFileSync(join(dir, "duplicate.json"), '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, "A": {"Type": "Succeed"}}}');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...argv: string[]) => main(argv, { cwd: dir, defaultDefinition: join(dir, "missing.asl.json") });

describe("validate CLI", () => {
  it("exits 0 on a clean file and prints a summary", async () => {
    const { output, code } = await run("defs/valid.json");
    expect(code).toBe(0);
    expect(output).toBe("1 file checked: 0 errors, 0 warnings");
  });

  it("exits 1 and prints `file: SEVERITY CODE location message` per problem", async () => {
    const { output, code } = await run("defs/invalid.json");
    expect(code).toBe(1);
    expect(output.split("\n")[0]).toBe('defs/invalid.json: ERROR MISSING_TRANSITION_TARGET /States/A/Next no state named "Nowhere" in the top level');
  });

  it("expands globs and reads YAML", async () => {
    const { output, code } = await run("defs/*.json", "*.yaml");
    expect(code).toBe(2);
    expect(output).toContain("defs/invalid.json: ERROR MISSING_TRANSITION_TARGET");
    expect(output).toMatch(/broken\.yaml: ERROR INVALID_JSON_DESCRIPTION \/ broken\.yaml is not valid YAML \(line \d+, column \d+\): Flow sequence/);
    expect(output).toContain("4 files checked");
    expect((await run("valid.yaml")).code).toBe(0);
  });

  it("reports an unreadable or non-JSON file clearly, checks the others, and exits 2", async () => {
    const { output, code } = await run("notjson.json", "nofile.json", "defs/invalid.json", "none/*.json");
    expect(code).toBe(2);
    expect(output).toMatch(/notjson\.json: ERROR INVALID_JSON_DESCRIPTION \/ notjson\.json is not valid JSON/);
    expect(output).toContain("nofile.json: ERROR INVALID_JSON_DESCRIPTION / cannot read nofile.json: no such file");
    expect(output).toContain("none/*.json: ERROR INVALID_JSON_DESCRIPTION / no file matches the pattern none/*.json");
    expect(output).toContain("defs/invalid.json: ERROR MISSING_TRANSITION_TARGET");
  });

  it("catches duplicate state names that JSON.parse would silently merge", async () => {
    const { output, code } = await run("duplicate.json");
    expect(code).toBe(1);
    expect(output).toMatch(/duplicate\.json: ERROR DUPLICATE_STATE_NAME \/ state name "A" appears twice in one object \(line 1/);
  });

  it("--format json gives machine-readable results with line numbers", async () => {
    const { output, code } = await run("--format", "json", "defs/invalid.json", "defs/valid.json");
    expect(code).toBe(1);
    const parsed = JSON.parse(output) as { files: { file: string; diagnostics: { code: string; location: string; line: number }[] }[]; errors: number };
    expect(parsed.errors).toBe(1);
    expect(parsed.files.map((f) => f.file)).toEqual(["defs/invalid.json", "defs/valid.json"]);
    expect(parsed.files[0]?.diagnostics[0]).toMatchObject({ code: "MISSING_TRANSITION_TARGET", location: "/States/A/Next", line: 6 });
  });

  it("--format github prints workflow annotations", async () => {
    const { output } = await run("--format", "github", "defs/invalid.json");
    expect(output).toBe('::error file=defs/invalid.json,line=6,col=15,title=MISSING_TRANSITION_TARGET::/States/A/Next no state named "Nowhere" in the top level');
  });

  it("says clearly when the default definition is missing, and rejects bad options", async () => {
    const missing = await run();
    expect(missing.code).toBe(2);
    expect(missing.output).toMatch(/^missing\.asl\.json is missing: generate it with `npm run asl`/);
    expect((await run("--format", "xml", "defs/valid.json")).code).toBe(2);
  });

  it("sets the process exit code when run as a script", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", join(repositoryRoot, "asl/validator/cli.ts"), join(dir, "defs/invalid.json")], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("MISSING_TRANSITION_TARGET");
  });
});
