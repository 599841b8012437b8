/**
 * Variables must be assigned before they are read. A state may read a variable if some state that can
 * run before it (a predecessor on some path from StartAt, or, inside a Parallel branch or Map item
 * processor, a state that can run before the enclosing state) assigns it. This is a "may" analysis:
 * a variable assigned on only one of two paths is accepted, as AWS does at definition time.
 * RELAXED: states inside a distributed Map's item processor may read the outer scope's variables like an
 * inline Map's; whether AWS passes them to the child workflow is not checked here.
 */
import type { Report } from "../diagnostic";
import { isRecord, type Scope, type StateContext } from "../walk";
import { transitionsOf } from "./graph";
import type { VariableRead } from "./expressions";

function namesOf(assign: unknown): string[] {
  return isRecord(assign) ? Object.keys(assign).map((key) => (key.endsWith(".$") ? key.slice(0, -2) : key)) : [];
}

/** Variables a state may assign on its way out: its own Assign, its Choice rules' and its Catchers'. */
function assignedBy(context: StateContext): string[] {
  const { state } = context;
  const names = namesOf(state.Assign);
  for (const list of [state.Choices, state.Catch]) {
    if (Array.isArray(list)) for (const entry of list) if (isRecord(entry)) names.push(...namesOf(entry.Assign));
  }
  return names;
}

/** Variables available on entry to each state of a scope, given those available on entry to the scope. */
function availability(scope: Scope, inherited: Set<string>): Map<string, Set<string>> {
  const byName = new Map(scope.states.map((context) => [context.name, context]));
  const available = new Map<string, Set<string>>();
  const startAt = scope.machine.StartAt;
  if (typeof startAt !== "string" || !byName.has(startAt)) return available;
  available.set(startAt, new Set(inherited));
  const queue = [startAt];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    const context = byName.get(name);
    if (!context) continue;
    const leaving = new Set([...(available.get(name) ?? []), ...assignedBy(context)]);
    for (const { target } of transitionsOf(context)) {
      if (!byName.has(target)) continue;
      const entry = available.get(target) ?? new Set<string>();
      const size = entry.size;
      const first = !available.has(target);
      for (const variable of leaving) entry.add(variable);
      available.set(target, entry);
      if (first || entry.size !== size) queue.push(target);
    }
  }
  return available;
}

export function checkVariables(scopes: Scope[], reads: Map<StateContext, VariableRead[]>, report: Report): void {
  // Scopes come outermost first, so an owner's availability is known before its nested scopes'.
  const entry = new Map<StateContext, Set<string>>();
  for (const scope of scopes) {
    const inherited = scope.owner ? entry.get(scope.owner) : new Set<string>();
    // An unreachable owner has no availability; its nested scopes are reported unreachable already.
    if (!inherited) continue;
    const available = availability(scope, inherited);
    for (const context of scope.states) {
      const here = available.get(context.name);
      if (!here) continue;
      entry.set(context, here);
      for (const { name, location } of reads.get(context) ?? []) {
        if (!here.has(name)) {
          report.error("UNDEFINED_VARIABLE", location, `variable $${name} is read in state "${context.name}" but no state that can run before it assigns it`);
        }
      }
    }
  }
}
