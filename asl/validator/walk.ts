/**
 * Breaks a definition into scopes (the top level, each Parallel branch, each Map item processor) and
 * the states in them, with the query language in force at each. Tolerates any input shape, since the
 * semantic rules run even on definitions that failed the schema, to report every problem at once.
 */
import type { QueryLanguage } from "../definition";
import { languageOf, NESTED_MACHINE_FIELDS, walkScopes, type Transition } from "../scopes";
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
  transitions?: Transition[];
}

/** Every scope of the definition, outermost first; each nested scope follows its owner's scope. */
export function collectScopes(definition: JsonRecord): Scope[] {
  const scopes: Scope[] = [];
  // Owners are states of an earlier scope, found by pointer (unique in a definition).
  const contexts = new Map<string, StateContext>();
  for (const visit of walkScopes(definition)) {
    const owner = visit.owner && contexts.get(visit.owner.pointer);
    const scope: Scope = { pointer: visit.pointer, machine: visit.machine, states: [], names: new Set(), queryLanguage: visit.queryLanguage, owner, depth: visit.depth };
    scopes.push(scope);
    const states = visit.machine.States;
    if (!isRecord(states)) continue;
    for (const [name, state] of Object.entries(states)) {
      scope.names.add(name);
      if (!isRecord(state)) continue;
      const context: StateContext = { name, pointer: pointer(scope.pointer, "States", name), state, scope, queryLanguage: languageOf(state.QueryLanguage, scope.queryLanguage) };
      scope.states.push(context);
      contexts.set(context.pointer, context);
    }
  }
  return scopes;
}

/** Fields of a state that hold nested machines (defined with the walk in asl/scopes). */
export { NESTED_MACHINE_FIELDS };
