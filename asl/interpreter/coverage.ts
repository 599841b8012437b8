/**
 * Branch coverage of a definition: every Choice rule, every Choice Default and every Catcher, nested
 * branches and item processors included. Executions record the ids they took (Execution.takenBranches);
 * this module lists what exists and reports what no recorded execution took.
 */
import type { State, StateMachineDefinition, SubMachine } from "../definition";
import { branchId, subMachinesOf, transitionsOf, type BranchKind } from "../scopes";

export interface Branch {
  /** `<State>.Choices[<i>]`, `<State>.Default` or `<State>.Catch[<i>]`: the id executions record. */
  id: string;
  state: string;
  kind: "choice" | "default" | "catch";
  /** Where the branch goes. */
  next: string;
  /** A readable summary, e.g. the rule or the caught errors. */
  description: string;
}

export function enumerateBranches(definition: StateMachineDefinition | SubMachine): Branch[] {
  const out: Branch[] = [];
  visit(definition, out);
  return out;
}

function visit(machine: SubMachine, out: Branch[]): void {
  for (const [name, state] of Object.entries(machine.States)) {
    collect(name, state, out);
    for (const sub of subMachinesOf(state)) visit(sub.machine, out);
  }
}

/** The branches a state of each type can take, in the order a reader meets them in the state. */
function branchKindsOf(state: State): readonly BranchKind[] {
  if (state.Type === "Choice") return ["Choices", "Default"];
  if (state.Type === "Task" || state.Type === "Parallel" || state.Type === "Map") return ["Catch"];
  return [];
}

function collect(name: string, state: State, out: Branch[]): void {
  const kinds = branchKindsOf(state);
  if (kinds.length === 0) return;
  const transitions = transitionsOf(state);
  for (const kind of kinds) {
    for (const { kind: found, index, target } of transitions) {
      if (found === kind) out.push({ id: branchId(name, kind, index), state: name, kind: KIND_NAMES[kind], next: target, description: describe(state, kind, index) });
    }
  }
}

const KIND_NAMES: Record<BranchKind, Branch["kind"]> = { Choices: "choice", Default: "default", Catch: "catch" };

function describe(state: State, kind: BranchKind, index = 0): string {
  if (kind === "Choices" && state.Type === "Choice") {
    const rule = state.Choices[index]!;
    const { Next: _next, Comment: _comment, Assign: _assign, Output: _output, ...test } = rule;
    return rule.Condition ?? JSON.stringify(test);
  }
  if (kind === "Catch" && (state.Type === "Task" || state.Type === "Parallel" || state.Type === "Map")) return `Catch ${state.Catch![index]!.ErrorEquals.join(", ")}`;
  return "Default";
}

export class BranchCoverage {
  readonly branches: readonly Branch[];
  private readonly taken = new Set<string>();

  constructor(definition: StateMachineDefinition | SubMachine) {
    this.branches = enumerateBranches(definition);
  }

  /** Records the branches an execution took (pass `execution.takenBranches`, or the execution). */
  record(taken: Iterable<string> | { takenBranches: Iterable<string> }): void {
    const ids = Symbol.iterator in taken ? taken : taken.takenBranches;
    for (const id of ids) this.taken.add(id);
  }

  covered(): Branch[] {
    return this.branches.filter((b) => this.taken.has(b.id));
  }

  uncovered(): Branch[] {
    return this.branches.filter((b) => !this.taken.has(b.id));
  }

  /** One line per uncovered branch, or an empty string when all are covered. */
  report(): string {
    return this.uncovered().map((b) => `uncovered ${b.kind}: ${b.id} -> ${b.next} (${b.description})`).join("\n");
  }
}
