/**
 * Every definition of the shared corpus (real state machines by other people) that the validator
 * accepts loads into the interpreter and, with every integration answering `{}` (task tokens answered
 * at once), ends: SUCCEEDED, or FAILED with a States.* error or at a Fail state. Never an interpreter
 * crash. The corpus sits beside the repository (CI clones it elsewhere with shared/ next to it).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { StateMachineDefinition, SubMachine } from "../../asl/definition";
import { Interpreter, SfnApiError } from "../../asl/interpreter";
import { validateDefinition } from "../../asl/validator";

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const corpus = resolve(repositoryRoot, "../shared/asl-corpus");
const manifest = existsSync(join(corpus, "manifest.json"))
  ? (JSON.parse(readFileSync(join(corpus, "manifest.json"), "utf8")) as { file: string; parses: boolean }[]).filter((m) => m.parses)
  : [];

function failStates(machine: SubMachine, into = new Set<string>()): Set<string> {
  for (const [name, state] of Object.entries(machine.States)) {
    if (state.Type === "Fail") into.add(name);
    if (state.Type === "Parallel") state.Branches.forEach((b) => failStates(b, into));
    if (state.Type === "Map" && (state.ItemProcessor ?? state.Iterator)) failStates((state.ItemProcessor ?? state.Iterator)!, into);
  }
  return into;
}

describe("the shared ASL corpus runs in the interpreter", () => {
  it("finds the corpus", () => {
    expect(manifest.length).toBeGreaterThan(50);
  });

  it.each(manifest.map((m) => m.file))("%s", async (file) => {
    const definition = JSON.parse(readFileSync(join(corpus, file), "utf8")) as StateMachineDefinition;
    const valid = validateDefinition(definition).every((d) => d.severity !== "ERROR");
    const interpreter = new Interpreter({
      maxSteps: 500,
      integrations: {
        "*": (req) => {
          if (req.taskToken) queueMicrotask(() => req.callbacks.sendTaskSuccess(req.taskToken!, {}));
          return {};
        },
      },
      itemReader: () => [],
    });
    let sm;
    try {
      sm = interpreter.createStateMachine(definition);
    } catch (e) {
      expect(e).toBeInstanceOf(SfnApiError);
      expect(valid, `the validator accepts ${file} but the interpreter refuses it: ${(e as Error).message}`).toBe(false);
      return;
    }
    const r = await interpreter.run(sm, {});
    expect(r.cause ?? "").not.toContain("Internal error");
    if (r.status === "SUCCEEDED") return;
    expect(r.status).toBe("FAILED");
    const endedAtFail = failStates(definition).has(r.execution.statesVisited.at(-1) ?? "");
    expect(endedAtFail || /^States\.[A-Za-z]+$/.test(r.error ?? ""), `${r.error}: ${r.cause}`).toBe(true);
  });
});
