/**
 * Branch coverage of a definition: every Choice rule, every Choice Default and every Catcher, nested
 * branches and item processors included. Executions record the ids they took (Execution.takenBranches);
 * this module lists what exists and reports what no recorded execution took.
 */
import type { State, StateMachineDefinition, SubMachine } from "../definition";

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
    if (state.Type === "Parallel") for (const b of state.Branches) visit(b, out);
    if (state.Type === "Map") {
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) visit(processor, out);
    }
  }
}

function collect(name: string, state: State, out: Branch[]): void {
  if (state.Type === "Choice") {
    state.Choices.forEach((rule, i) => {
      const { Next: _next, Comment: _comment, Assign: _assign, Output: _output, ...test } = rule;
      out.push({ id: `${name}.Choices[${i}]`, state: name, kind: "choice", next: rule.Next ?? "", description: rule.Condition ?? JSON.stringify(test) });
    });
    if (state.Default !== undefined) out.push({ id: `${name}.Default`, state: name, kind: "default", next: state.Default, description: "Default" });
  }
  if ((state.Type === "Task" || state.Type === "Parallel" || state.Type === "Map") && state.Catch) {
    state.Catch.forEach((c, i) => {
      out.push({ id: `${name}.Catch[${i}]`, state: name, kind: "catch", next: c.Next, description: `Catch ${c.ErrorEquals.join(", ")}` });
    });
  }
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
