/**
 * The state graph: names, transitions within their scope, reachability from StartAt and a reachable
 * terminal state, for the top level and every Parallel branch and Map item processor.
 */
import { pointer, type Report } from "../diagnostic";
import { stateNameProblem } from "../../syntax/names";
import { transitionsOf as transitionsOfState, type Transition } from "../../scopes";
import type { Scope, StateContext } from "../walk";

export type { Transition };

/** Every transition a state declares (see `transitionsOf` in asl/scopes), kept on the context for this validation. */
export function transitionsOf(context: StateContext): Transition[] {
  context.transitions ??= transitionsOfState(context.state, context.pointer);
  return context.transitions;
}

const NEEDS_TRANSITION = new Set(["Task", "Pass", "Wait", "Parallel", "Map"]);

function isTerminal(state: Record<string, unknown>): boolean {
  return state.Type === "Succeed" || state.Type === "Fail" || state.End === true;
}

/** The scope a state name belongs to, to explain a transition that crosses a branch boundary. */
function whereElse(name: string, scopes: Scope[], here: Scope): Scope | undefined {
  return scopes.find((scope) => scope !== here && scope.names.has(name));
}

function describeScope(scope: Scope): string {
  if (!scope.owner) return "the top level";
  const kind = scope.owner.state.Type === "Parallel" ? "a branch of Parallel state" : "the item processor of Map state";
  return `${kind} "${scope.owner.name}"`;
}

function targetProblem(target: string, scope: Scope, scopes: Scope[]): string {
  const other = whereElse(target, scopes, scope);
  return other
    ? `"${target}" is a state of ${describeScope(other)}, not of ${describeScope(scope)}: transitions cannot enter or leave a Parallel branch or Map item processor`
    : `no state named "${target}" in ${describeScope(scope)}`;
}

function checkNames(scopes: Scope[], report: Report): void {
  const firstSeen = new Map<string, string>();
  for (const scope of scopes) {
    for (const name of scope.names) {
      const at = pointer(scope.pointer, "States", name);
      const problem = stateNameProblem(name);
      if (problem !== undefined) report.error("INVALID_STATE_NAME", at, `state name ${JSON.stringify(name)} is invalid: ${problem}`);
      const previous = firstSeen.get(name);
      if (previous !== undefined) report.error("DUPLICATE_STATE_NAME", at, `state name "${name}" is already used at ${previous}: names must be unique across the whole definition`);
      else firstSeen.set(name, at);
    }
  }
}

function checkTransitionFields(context: StateContext, report: Report): void {
  const { state, pointer: at } = context;
  if (!NEEDS_TRANSITION.has(String(state.Type))) return;
  const hasNext = state.Next !== undefined;
  const hasEnd = state.End !== undefined;
  if (hasNext && hasEnd) report.error("MISSING_NEXT_OR_END", at, `state "${context.name}" has both Next and End: it must have exactly one`);
  if (!hasNext && !hasEnd) report.error("MISSING_NEXT_OR_END", at, `state "${context.name}" has neither Next nor "End": true`);
}

function checkScope(scope: Scope, scopes: Scope[], report: Report): void {
  const startAt = scope.machine.StartAt;
  const startAtPointer = pointer(scope.pointer, "StartAt");
  const states = new Map(scope.states.map((context) => [context.name, context]));
  if (typeof startAt === "string" && !scope.names.has(startAt)) {
    report.error("MISSING_TRANSITION_TARGET", startAtPointer, `StartAt: ${targetProblem(startAt, scope, scopes)}`);
  }
  for (const context of scope.states) {
    checkTransitionFields(context, report);
    for (const { target, location } of transitionsOf(context)) {
      if (!scope.names.has(target)) report.error("MISSING_TRANSITION_TARGET", location, targetProblem(target, scope, scopes));
    }
  }
  if (typeof startAt !== "string" || !states.has(startAt)) return;

  // Breadth-first search from StartAt: a state is reachable only through a chain from StartAt, so
  // orphans that point at each other stay unreachable.
  const reached = new Set<string>([startAt]);
  const queue = [startAt];
  let terminalReached = false;
  // A reachable transition to a missing state hides where the path would have gone: no MISSING_END_STATE then.
  let brokenChain = false;
  while (queue.length > 0) {
    const context = states.get(queue.shift() as string);
    if (!context) {
      brokenChain = true;
      continue;
    }
    if (isTerminal(context.state)) terminalReached = true;
    for (const { target } of transitionsOf(context)) {
      if (!reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }
  for (const context of scope.states) {
    if (!reached.has(context.name)) report.error("UNREACHABLE_STATE", context.pointer, `state "${context.name}" cannot be reached from StartAt "${startAt}"`);
  }
  if (!terminalReached && !brokenChain) {
    report.error("MISSING_END_STATE", scope.pointer, `no terminal state (Succeed, Fail or "End": true) can be reached from StartAt "${startAt}" in ${describeScope(scope)}`);
  }
}

export function checkGraph(scopes: Scope[], report: Report): void {
  checkNames(scopes, report);
  for (const scope of scopes) checkScope(scope, scopes, report);
}
