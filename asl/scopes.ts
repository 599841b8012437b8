/**
 * The nested structure of a definition, read one way by the validator, the interpreter, the builder and
 * the renderer: the sub-machines a state holds (Parallel Branches, Map ItemProcessor or the legacy
 * Iterator), the transitions a state declares, every scope of a definition, and the ids of the branches
 * branch coverage counts. The functions tolerate untyped input, since the validator reads definitions
 * that failed the schema.
 */
import type { QueryLanguage, State, StateMachineDefinition, SubMachine } from "./definition";
import { pointer } from "./syntax/json-pointer";

type Loose = Record<string, unknown>;

function isRecord(value: unknown): value is Loose {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The fields of a state that hold nested machines. */
export type NestedMachineField = "Branches" | "ItemProcessor" | "Iterator";

/** Fields of a state that hold nested machines, skipped by rules that walk a state's own values. */
export const NESTED_MACHINE_FIELDS: ReadonlySet<string> = new Set<NestedMachineField>(["Branches", "ItemProcessor", "Iterator"]);

export interface SubMachineRef<M> {
  machine: M;
  field: NestedMachineField;
  /** Position in Branches; undefined for a Map's processor. */
  index?: number;
  /** JSON pointer of the machine: the state's pointer followed by `/Branches/<i>`, `/ItemProcessor` or `/Iterator`. */
  pointer: string;
}

/**
 * The machines a state holds: each Parallel branch, or a Map's ItemProcessor then Iterator (a valid Map
 * has exactly one of the two, so a runner takes the first). Entries that are not objects are skipped.
 * `at` is the state's JSON pointer.
 */
export function subMachinesOf(state: State, at?: string): SubMachineRef<SubMachine>[];
export function subMachinesOf(state: Loose, at?: string): SubMachineRef<Loose>[];
export function subMachinesOf(state: State | Loose, at = ""): SubMachineRef<SubMachine | Loose>[] {
  const found: SubMachineRef<Loose>[] = [];
  const loose = state as Loose;
  if (loose.Type === "Parallel" && Array.isArray(loose.Branches)) {
    loose.Branches.forEach((branch: unknown, index) => {
      if (isRecord(branch)) found.push({ machine: branch, field: "Branches", index, pointer: pointer(at, "Branches", index) });
    });
  }
  if (loose.Type === "Map") {
    for (const field of ["ItemProcessor", "Iterator"] as const) {
      const machine = loose[field];
      if (isRecord(machine)) found.push({ machine, field, pointer: pointer(at, field) });
    }
  }
  return found;
}

/** The field a transition is declared in: the state's Next or Default, a Choice rule's Next, a Catcher's Next. */
export type TransitionKind = "Next" | "Default" | "Choices" | "Catch";

export interface Transition {
  kind: TransitionKind;
  /** Position in Choices or Catch. */
  index?: number;
  target: string;
  /** JSON pointer of the field naming the target (`<at>/Next`, `<at>/Choices/0/Next`...). */
  location: string;
}

/**
 * Every transition a state declares, in the order Next, Default, each Choice rule's Next, each
 * Catcher's Next. Only string targets count. `at` is the state's JSON pointer.
 */
export function transitionsOf(state: State | Loose, at = ""): Transition[] {
  const loose = state as Loose;
  const found: Transition[] = [];
  if (typeof loose.Next === "string") found.push({ kind: "Next", target: loose.Next, location: pointer(at, "Next") });
  if (typeof loose.Default === "string") found.push({ kind: "Default", target: loose.Default, location: pointer(at, "Default") });
  for (const kind of ["Choices", "Catch"] as const) {
    const list = loose[kind];
    if (!Array.isArray(list)) continue;
    for (let index = 0; index < list.length; index++) {
      const entry: unknown = list[index];
      if (isRecord(entry) && typeof entry.Next === "string") found.push({ kind, index, target: entry.Next, location: pointer(at, kind, index, "Next") });
    }
  }
  return found;
}

/** The branches branch coverage counts: Choice rules, a Choice's Default and Catchers. */
export type BranchKind = Exclude<TransitionKind, "Next">;

/**
 * The id of a branch, as executions record it and coverage lists it: `<State>.Choices[<i>]`,
 * `<State>.Default` or `<State>.Catch[<i>]`.
 */
export function branchId(stateName: string, kind: BranchKind, index?: number): string {
  return kind === "Default" ? `${stateName}.Default` : `${stateName}.${kind}[${index ?? 0}]`;
}

export interface ScopeVisit<M, S> {
  /** JSON pointer of the machine (`""` for the top level, `/States/P/Branches/0`...). */
  pointer: string;
  machine: M;
  /** The query language in force for the machine's states that do not set their own. */
  queryLanguage: QueryLanguage;
  depth: number;
  /** The scope holding the owner; undefined at the top level. */
  parent?: ScopeVisit<M, S>;
  /** The Parallel or Map state holding this machine; undefined at the top level. */
  owner?: { name: string; state: S; pointer: string; queryLanguage: QueryLanguage; field: NestedMachineField; index?: number };
}

/** The query language a machine or state sets, or the inherited one. */
export function languageOf(value: unknown, inherited: QueryLanguage): QueryLanguage {
  return value === "JSONata" || value === "JSONPath" ? value : inherited;
}

/**
 * Every scope of a definition (the top level, each Parallel branch, each Map processor), depth first:
 * each nested scope follows its owner's scope, in the order its owner is written.
 */
export function walkScopes(definition: StateMachineDefinition | SubMachine): ScopeVisit<SubMachine, State>[];
export function walkScopes(definition: Loose): ScopeVisit<Loose, Loose>[];
export function walkScopes(definition: StateMachineDefinition | SubMachine | Loose): ScopeVisit<SubMachine, State>[] | ScopeVisit<Loose, Loose>[] {
  const scopes: ScopeVisit<Loose, Loose>[] = [];
  const visit = (scope: ScopeVisit<Loose, Loose>): void => {
    scopes.push(scope);
    const states = scope.machine.States;
    if (!isRecord(states)) return;
    for (const [name, state] of Object.entries(states)) {
      if (!isRecord(state)) continue;
      const at = pointer(scope.pointer, "States", name);
      const queryLanguage = languageOf(state.QueryLanguage, scope.queryLanguage);
      for (const sub of subMachinesOf(state, at)) {
        visit({
          pointer: sub.pointer, machine: sub.machine, queryLanguage: languageOf(sub.machine.QueryLanguage, queryLanguage), depth: scope.depth + 1, parent: scope,
          owner: { name, state, pointer: at, queryLanguage, field: sub.field, index: sub.index },
        });
      }
    }
  };
  const top = definition as Loose;
  visit({ pointer: "", machine: top, queryLanguage: languageOf(top.QueryLanguage, "JSONPath"), depth: 0 });
  return scopes;
}
