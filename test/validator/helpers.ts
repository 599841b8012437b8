import type { Diagnostic } from "../../asl/validator";

type Json = Record<string, unknown>;

/** A top-level definition around the given states (StartAt defaults to the first state). */
export function machine(states: Json, extra: Json = {}): Json {
  return { StartAt: Object.keys(states)[0], States: states, ...extra };
}

/** A sub-machine (Parallel branch or Map item processor) around the given states. */
export function branch(states: Json, extra: Json = {}): Json {
  return { StartAt: Object.keys(states)[0], States: states, ...extra };
}

/** Drops the fields set to undefined (`End: undefined` removes the default End), as JSON would. */
const json = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;

export const task = (fields: Json = {}): Json => json({ Type: "Task", Resource: "arn:aws:states:::lambda:invoke", End: true, ...fields });
export const pass = (fields: Json = {}): Json => json({ Type: "Pass", End: true, ...fields });

/** `CODE location` for each diagnostic of a severity, sorted, for exact comparison. */
export function found(diagnostics: Diagnostic[], severity: "ERROR" | "WARNING" = "ERROR"): string[] {
  return diagnostics.filter((d) => d.severity === severity).map((d) => `${d.code} ${d.location}`).sort();
}
