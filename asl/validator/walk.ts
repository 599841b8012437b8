/**
 * Breaks a definition into scopes (the top level, each Parallel branch, each Map item processor) and
 * the states in them, with the query language in force at each. Tolerates any input shape, since the
 * semantic rules run even on definitions that failed the schema, to report every problem at once.
 */
import type { QueryLanguage } from "../definition";
import { pointer } from "./diagnostic";

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface Scope {
  /** JSON pointer of the machine object (`""` for the top level, `/States/P/Branches/0`...). */
  pointer: string;
  machine: JsonRecord;
  /** The states of this scope that are objects, in definition order. */
  states: StateContext[];
  /** Names of every key under States, objects or not (a transition to a malformed state is still a target). */
  names: Set<string>;
  queryLanguage: QueryLanguage;
  /** The Parallel or Map state holding this scope; undefined at the top level. */
  owner?: StateContext;
  depth: number;
}

export interface StateContext {
  name: string;
  pointer: string;
  state: JsonRecord;
  scope: Scope;
  queryLanguage: QueryLanguage;
  /** The state's transitions, filled in on first use by rules/graph.ts (this object lives for one validation). */
  transitions?: { target: string; location: string }[];
}

function languageOf(value: unknown, inherited: QueryLanguage): QueryLanguage {
  return value === "JSONata" || value === "JSONPath" ? value : inherited;
}

/** Every scope of the definition, outermost first; each nested scope follows its owner's scope. */
export function collectScopes(definition: JsonRecord): Scope[] {
  const scopes: Scope[] = [];
  const visit = (machine: JsonRecord, at: string, inherited: QueryLanguage, depth: number, owner?: StateContext): void => {
    const scope: Scope = { pointer: at, machine, states: [], names: new Set(), queryLanguage: languageOf(machine.QueryLanguage, inherited), owner, depth };
    scopes.push(scope);
    const states = machine.States;
    if (!isRecord(states)) return;
    for (const [name, state] of Object.entries(states)) {
      scope.names.add(name);
      if (!isRecord(state)) continue;
      scope.states.push({ name, pointer: pointer(at, "States", name), state, scope, queryLanguage: languageOf(state.QueryLanguage, scope.queryLanguage) });
    }
    for (const context of scope.states) {
      for (const [field, machineAt] of nestedMachines(context)) visit(field, machineAt, context.queryLanguage, depth + 1, context);
    }
  };
  visit(definition, "", "JSONPath", 0);
  return scopes;
}

/** The sub-machines a Parallel (Branches) or Map (ItemProcessor, Iterator) state holds, with their pointers. */
function nestedMachines(context: StateContext): [JsonRecord, string][] {
  const { state, pointer: at } = context;
  const found: [JsonRecord, string][] = [];
  if (state.Type === "Parallel" && Array.isArray(state.Branches)) {
    state.Branches.forEach((branch, index) => {
      if (isRecord(branch)) found.push([branch, pointer(at, "Branches", index)]);
    });
  }
  if (state.Type === "Map") {
    for (const field of ["ItemProcessor", "Iterator"]) {
      const machine = state[field];
      if (isRecord(machine)) found.push([machine, pointer(at, field)]);
    }
  }
  return found;
}

/** Fields of a state that hold nested machines, skipped by rules that walk a state's own values. */
export const NESTED_MACHINE_FIELDS = new Set(["Branches", "ItemProcessor", "Iterator"]);
