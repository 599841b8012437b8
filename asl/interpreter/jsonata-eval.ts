/**
 * JSONata as Step Functions runs it: `{% expr %}` strings compiled once, evaluated with `$states` and the
 * execution's variables bound, plus the functions AWS adds ($partition, $range, $hash, $random, $uuid,
 * $parse). Any evaluation failure is States.QueryEvaluationError naming the expression and field.
 */
import { createHash } from "node:crypto";
import type { JsonValue } from "../definition";
import { HASH_ALGORITHMS, isHashAlgorithm, jsonataBody, memoize, parseJsonata, type StepFunctionsJsonataFunction } from "../syntax";
import { StatesError } from "./errors";
import { hashHex } from "./hash";

export { isJsonataExpression } from "../syntax";

export interface JsonataBindings {
  states: JsonValue;
  [variable: string]: unknown;
}

export interface CompiledJsonata {
  readonly source: string;
  evaluate(bindings: JsonataBindings, field: string): Promise<JsonValue>;
}

function queryError(source: string, field: string, why: string): StatesError {
  return new StatesError("States.QueryEvaluationError", `The JSONata expression '${source}' specified for the field '${field}' ${why}`);
}

/** Compiles `{% expr %}` (cached). A parse error is a States.QueryEvaluationError naming the expression. */
export function compileJsonata(source: string, field: string): CompiledJsonata {
  const compiled = compileCached(source);
  if (compiled instanceof Error) throw queryError(source, field, `could not be parsed: ${compiled.message}`);
  return compiled;
}

/** Parse errors are cached too (as values), so a bad expression is not re-parsed on every compile. */
const compileCached = memoize((source: string): CompiledJsonata | Error => {
  const parsed = parseJsonata(jsonataBody(source));
  if (parsed.error) return new Error(parsed.error.message);
  const { expression } = parsed;
  for (const [name, fn] of Object.entries(AWS_FUNCTIONS)) expression.registerFunction(name, fn as (...args: unknown[]) => unknown);
  return {
    source,
    async evaluate(bindings, at) {
      let result: unknown;
      try {
        result = await expression.evaluate(null, bindings);
      } catch (e) {
        if (e instanceof StatesError) throw e;
        throw queryError(source, at, `threw an error: ${(e as Error).message}`);
      }
      if (result === undefined) throw queryError(source, at, "returned no value");
      return normalise(result, source, at);
    },
  };
});

/** JSONata sequences and functions are not JSON: arrays are copied plain, functions refused. */
function normalise(value: unknown, source: string, field: string): JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw queryError(source, field, "returned a number that is not finite");
    return value;
  }
  if (typeof value === "function") throw queryError(source, field, "returned a function, which is not JSON");
  if (Array.isArray(value)) return value.map((v) => normalise(v, source, field));
  if (typeof value === "object") {
    const out: { [k: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value as object)) if (v !== undefined) out[k] = normalise(v, source, field);
    return out;
  }
  throw queryError(source, field, `returned a value of type ${typeof value}, which is not JSON`);
}

function fnError(name: string, why: string): StatesError {
  return new StatesError("States.QueryEvaluationError", `Invalid arguments in $${name}: ${why}`);
}

/** $random(seed): the same seed always gives the same number in [0, 1) (mulberry32 over the seed's hash). */
export function seededRandom(seed: unknown): number {
  const text = typeof seed === "string" ? seed : JSON.stringify(seed);
  let a = createHash("sha256").update(text).digest().readUInt32LE(0);
  a = (a + 0x6d2b79f5) | 0;
  let t = Math.imul(a ^ (a >>> 15), 1 | a);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}


/** Step Functions' additions, plus $eval, which it disables. */
const AWS_FUNCTIONS: Record<StepFunctionsJsonataFunction | "eval", (...args: never[]) => unknown> = {
  partition: (array: unknown, size: unknown) => {
    if (!Array.isArray(array)) throw fnError("partition", "the first argument must be an array");
    if (typeof size !== "number" || !Number.isInteger(size) || size <= 0) throw fnError("partition", "the size must be a positive integer");
    const out: unknown[] = [];
    for (let i = 0; i < array.length; i += size) out.push(array.slice(i, i + size));
    return out;
  },
  range: (start: unknown, end: unknown, step: unknown) => {
    if (typeof start !== "number" || typeof end !== "number" || typeof step !== "number" || step === 0) throw fnError("range", "start, end and a non-zero step must be numbers");
    const out: number[] = [];
    for (let v = start; step > 0 ? v <= end : v >= end; v += step) {
      out.push(v);
      if (out.length > 1000) throw fnError("range", "the range has more than 1000 items");
    }
    return out;
  },
  hash: (data: unknown, algorithm: unknown) => {
    if (!isHashAlgorithm(algorithm)) throw fnError("hash", `algorithm must be one of ${HASH_ALGORITHMS.join(", ")}`);
    return hashHex(algorithm, typeof data === "string" ? data : JSON.stringify(data));
  },
  // Defaults only: the interpreter binds its own `random` and `uuid` on every evaluation.
  random: () => Math.random(),
  uuid: () => crypto.randomUUID(),
  eval: () => {
    throw fnError("eval", "Step Functions does not support $eval; use $parse to read JSON text");
  },
  parse: (text: unknown) => {
    if (typeof text !== "string") throw fnError("parse", "the argument must be a string");
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw fnError("parse", `not valid JSON: ${text}`);
    }
  },
};
