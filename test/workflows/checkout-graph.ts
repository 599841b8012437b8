/** Walks every path of a (loop-free) definition, to prove properties of all branches at once. */
import type { State, StateMachineDefinition } from "../../asl";

export interface Step {
  name: string;
  state: State;
  /** How the path leaves this state: "next" (normal flow), "catch", or "end" (terminal). */
  leftBy: "next" | "catch" | "end";
}

export function allPaths(definition: StateMachineDefinition): Step[][] {
  const paths: Step[][] = [];
  const walk = (name: string, sofar: Step[]) => {
    if (sofar.some((step) => step.name === name)) throw new Error(`loop through "${name}"`);
    const state = definition.States[name];
    if (state === undefined) throw new Error(`no state "${name}"`);
    const go = (next: string, leftBy: "next" | "catch") => walk(next, [...sofar, { name, state, leftBy }]);
    if (state.Type === "Succeed" || state.Type === "Fail") {
      paths.push([...sofar, { name, state, leftBy: "end" }]);
      return;
    }
    if (state.Type === "Choice") {
      const targets = new Set([...state.Choices.map((c) => c.Next!), ...(state.Default ? [state.Default] : [])]);
      for (const target of targets) go(target, "next");
      return;
    }
    if (state.Next !== undefined) go(state.Next, "next");
    if (state.End === true) paths.push([...sofar, { name, state, leftBy: "end" }]);
    if (state.Type === "Task" || state.Type === "Parallel" || state.Type === "Map") {
      for (const catcher of state.Catch ?? []) go(catcher.Next, "catch");
    }
  };
  walk(definition.StartAt, []);
  return paths;
}

/** The DetailType a PutEvents task sends, if it is one. */
export function emittedDetailType(state: State): string | undefined {
  if (state.Type !== "Task" || !state.Resource.startsWith("arn:aws:states:::events:putEvents")) return undefined;
  const entries = (state.Parameters as { Entries: { DetailType: string }[] }).Entries;
  if (entries.length !== 1) throw new Error("one event per PutEvents expected");
  return entries[0]!.DetailType;
}

/** The Fail state that refuses a malformed order before anything is written. */
export const REFUSE_INVALID_ORDER = "Refuse Invalid Order";

/**
 * Whether the path is the refused-input exception to "exactly one event per path": a malformed order
 * stopped by the first state. It ends in the refusal having sent nothing.
 */
export function isRefusedInput(path: Step[]): boolean {
  return path.at(-1)?.name === REFUSE_INVALID_ORDER;
}
