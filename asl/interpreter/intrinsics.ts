/**
 * The 18 intrinsic functions of JSONPath states: a call such as `States.Format('Hi {}', $.name)` is
 * parsed by asl/syntax (the parser the validator checks with) and compiled into a closure, once per
 * definition.
 */
import type { JsonValue } from "../definition";
import { HASH_ALGORITHMS, isHashAlgorithm, IntrinsicSyntaxError, MAX_INTRINSIC_NESTING, memoize, parseIntrinsic, splitFormatTemplate, type IntrinsicArgument, type IntrinsicCall } from "../syntax";
import { StatesError } from "./errors";
import { hashHex } from "./hash";
import { compilePath, MISSING, type PathScope } from "./jsonpath";

export interface IntrinsicEnv {
  random(): number;
  uuid(): string;
}

export type CompiledIntrinsic = (scope: PathScope, env: IntrinsicEnv) => JsonValue;

type Arg = CompiledIntrinsic;
type Impl = (args: JsonValue[], env: IntrinsicEnv, fn: string) => JsonValue;

/** Compiles an intrinsic call (cached, bounded); a syntax error or unknown function is a States.Runtime naming it. */
export const compileIntrinsic: (source: string) => CompiledIntrinsic = memoize((source) => {
  let call: IntrinsicCall;
  try {
    call = parseIntrinsic(source);
  } catch (error) {
    if (!(error instanceof IntrinsicSyntaxError)) throw error;
    throw invalid(source, error.reason, error.position);
  }
  return compileCall(call, source);
});

function invalid(source: string, why: string, position: number): StatesError {
  return new StatesError("States.Runtime", `Invalid intrinsic function '${source}': ${why} (at character ${position})`);
}

function compileCall(call: IntrinsicCall, source: string): CompiledIntrinsic {
  const { name } = call;
  const impl = FUNCTIONS[name];
  if (!impl) throw invalid(source, `unknown intrinsic function ${name}`, call.start);
  // The validator refuses this too: a definition it rejects must not run here.
  if (call.depth > MAX_INTRINSIC_NESTING) throw invalid(source, `${name} is nested ${call.depth} deep, more than the ${MAX_INTRINSIC_NESTING} intrinsic functions AWS allows within a field`, call.start);
  const template = call.args[0];
  if (name === "States.Format" && template?.kind === "string") {
    // A literal template is split once here rather than scanned on every run.
    const pieces = splitFormatTemplate(template.raw);
    const values = call.args.slice(1).map((arg) => compileArg(arg, source));
    return (scope, env) => formatPieces(pieces, values.map((a) => a(scope, env)), name);
  }
  const args = call.args.map((arg) => compileArg(arg, source));
  return (scope, env) => impl(args.map((a) => a(scope, env)), env, name);
}

function compileArg(arg: IntrinsicArgument, source: string): Arg {
  switch (arg.kind) {
    case "call":
      return compileCall(arg, source);
    case "path":
      return compilePathArg(arg.text, source);
    case "null":
      return constant(null);
    default:
      return constant(arg.value);
  }
}

function constant(value: JsonValue): Arg {
  return () => value;
}

function compilePathArg(text: string, source: string): Arg {
  const path = compilePath(text);
  return (scope) => {
    const v = path.get(scope);
    if (v === MISSING) throw new StatesError("States.Runtime", `The JSONPath '${text}' used in the intrinsic function '${source}' could not be found in the input '${JSON.stringify(scope.input)}'`);
    return v;
  };
}

function bad(fn: string, why: string): StatesError {
  return new StatesError("States.Runtime", `Invalid arguments in ${fn}: ${why}`);
}

function arity(args: JsonValue[], fn: string, min: number, max = min): void {
  if (args.length < min || args.length > max) {
    throw bad(fn, `expected ${min === max ? min : `${min} to ${max}`} argument(s), got ${args.length}`);
  }
}

function str(v: JsonValue | undefined, fn: string, what: string): string {
  if (typeof v !== "string") throw bad(fn, `${what} must be a string, got ${JSON.stringify(v)}`);
  return v;
}

function int(v: JsonValue | undefined, fn: string, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw bad(fn, `${what} must be an integer, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * A number read as an integer the way AWS documents for ArrayPartition, ArrayRange, MathRandom and
 * MathAdd: "If you specify a non-integer value ... Step Functions will round it off to the nearest
 * integer." Math.round rounds halves up, as Java's Math.round does.
 */
function rounded(v: JsonValue | undefined, fn: string, what: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw bad(fn, `${what} must be a number (a non-integer is rounded to the nearest integer), got ${JSON.stringify(v)}`);
  return Math.round(v);
}

/** AWS: MathAdd takes "integer values in the range of -2147483648 and 2147483647" (a Java int). */
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

function int32(v: JsonValue | undefined, fn: string, what: string): number {
  const n = rounded(v, fn, what);
  if (n < INT_MIN || n > INT_MAX) throw bad(fn, `${what} must be in the range ${INT_MIN} to ${INT_MAX}, got ${JSON.stringify(v)}`);
  return n;
}

/** AWS: the input of Base64Encode, Base64Decode and Hash can't exceed 10,000 characters. */
const MAX_STRING_INPUT = 10000;
/** AWS: ArrayRange's "newly generated array can't contain more than 1000 items". */
const MAX_RANGE_ITEMS = 1000;

function limitLength(s: string, fn: string, what: string): string {
  if (s.length > MAX_STRING_INPUT) throw bad(fn, `${what} has ${s.length} characters, more than the limit of ${MAX_STRING_INPUT}`);
  return s;
}

function arr(v: JsonValue | undefined, fn: string, what: string): JsonValue[] {
  if (!Array.isArray(v)) throw bad(fn, `${what} must be an array, got ${JSON.stringify(v)}`);
  return v;
}

/** JSON equality. Not node:util isDeepStrictEqual: that tells 0 from -0, which JSON does not. */
function deepEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as JsonValue[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as { [k: string]: JsonValue };
  const bo = b as { [k: string]: JsonValue };
  const keys = Object.keys(ao);
  return keys.length === Object.keys(bo).length && keys.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && deepEqual(ao[k], bo[k]));
}

function formatArg(v: JsonValue): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** States.Format with a literal template, already split at its placeholders. */
function formatPieces(pieces: readonly string[], values: JsonValue[], fn: string): string {
  const slots = pieces.length - 1;
  if (slots > values.length) throw bad(fn, "more {} placeholders than arguments");
  if (slots < values.length) throw bad(fn, `${values.length} argument(s) for ${slots} placeholder(s)`);
  let out = pieces[0]!;
  for (let i = 0; i < values.length; i++) out += formatArg(values[i]!) + pieces[i + 1]!;
  return out;
}


const FUNCTIONS: Record<string, Impl> = {
  // A template computed at run time (from a path or a call); literal templates go to formatPieces.
  "States.Format": (args, _env, fn) => {
    if (args.length < 1) throw bad(fn, "expected a template string");
    const template = str(args[0], fn, "the template");
    let next = 1;
    let out = "";
    for (let i = 0; i < template.length; i++) {
      const c = template[i]!;
      if (c === "\\" && (template[i + 1] === "{" || template[i + 1] === "}")) {
        out += template[i + 1];
        i++;
      } else if (c === "{" && template[i + 1] === "}") {
        if (next >= args.length) throw bad(fn, "more {} placeholders than arguments");
        out += formatArg(args[next++]!);
        i++;
      } else out += c;
    }
    if (next !== args.length) throw bad(fn, `${args.length - 1} argument(s) for ${next - 1} placeholder(s)`);
    return out;
  },
  "States.StringToJson": (args, _env, fn) => {
    arity(args, fn, 1);
    const s = str(args[0], fn, "the argument");
    try {
      return JSON.parse(s) as JsonValue;
    } catch {
      throw bad(fn, `the argument is not valid JSON: ${s}`);
    }
  },
  "States.JsonToString": (args, _env, fn) => {
    arity(args, fn, 1);
    return JSON.stringify(args[0]);
  },
  "States.Array": (args) => args,
  "States.ArrayPartition": (args, _env, fn) => {
    arity(args, fn, 2);
    const a = arr(args[0], fn, "the first argument");
    const size = rounded(args[1], fn, "the chunk size");
    if (size <= 0) throw bad(fn, "the chunk size must be positive");
    const out: JsonValue[] = [];
    for (let i = 0; i < a.length; i += size) out.push(a.slice(i, i + size));
    return out;
  },
  "States.ArrayContains": (args, _env, fn) => {
    arity(args, fn, 2);
    return arr(args[0], fn, "the first argument").some((x) => deepEqual(x, args[1]));
  },
  "States.ArrayRange": (args, _env, fn) => {
    arity(args, fn, 3);
    const start = rounded(args[0], fn, "the start");
    const end = rounded(args[1], fn, "the end");
    const stepBy = rounded(args[2], fn, "the step");
    if (stepBy === 0) throw bad(fn, "the step must not be 0");
    const count = Math.floor((end - start) / stepBy) + 1;
    if (count > MAX_RANGE_ITEMS) throw bad(fn, `the range has ${count} items, more than the limit of ${MAX_RANGE_ITEMS}`);
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push(start + i * stepBy);
    return out;
  },
  "States.ArrayGetItem": (args, _env, fn) => {
    arity(args, fn, 2);
    const a = arr(args[0], fn, "the first argument");
    const index = int(args[1], fn, "the index");
    if (index < 0 || index >= a.length) throw bad(fn, `index ${index} is out of bounds for an array of ${a.length}`);
    return a[index]!;
  },
  "States.ArrayLength": (args, _env, fn) => {
    arity(args, fn, 1);
    return arr(args[0], fn, "the argument").length;
  },
  "States.ArrayUnique": (args, _env, fn) => {
    arity(args, fn, 1);
    const out: JsonValue[] = [];
    for (const x of arr(args[0], fn, "the argument")) if (!out.some((y) => deepEqual(x, y))) out.push(x);
    return out;
  },
  "States.Base64Encode": (args, _env, fn) => {
    arity(args, fn, 1);
    const s = limitLength(str(args[0], fn, "the argument"), fn, "the argument");
    return Buffer.from(s, "utf8").toString("base64");
  },
  "States.Base64Decode": (args, _env, fn) => {
    arity(args, fn, 1);
    const s = limitLength(str(args[0], fn, "the argument"), fn, "the argument");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw bad(fn, "the argument is not base64");
    return Buffer.from(s, "base64").toString("utf8");
  },
  "States.Hash": (args, _env, fn) => {
    arity(args, fn, 2);
    const algorithm = str(args[1], fn, "the algorithm");
    if (!isHashAlgorithm(algorithm)) throw bad(fn, `algorithm must be one of ${HASH_ALGORITHMS.join(", ")}, got ${algorithm}`);
    const data = args[0]!;
    const text = limitLength(typeof data === "string" ? data : JSON.stringify(data), fn, "the data");
    return hashHex(algorithm, text);
  },
  "States.JsonMerge": (args, _env, fn) => {
    arity(args, fn, 3);
    const [a, b, deep] = args;
    if (!a || typeof a !== "object" || Array.isArray(a) || !b || typeof b !== "object" || Array.isArray(b)) throw bad(fn, "the first two arguments must be objects");
    if (deep !== false) throw bad(fn, "only shallow merge is supported: the third argument must be false");
    return { ...a, ...b };
  },
  "States.MathRandom": (args, env, fn) => {
    arity(args, fn, 2, 3);
    const start = rounded(args[0], fn, "the start");
    const end = rounded(args[1], fn, "the end");
    if (args.length === 3) rounded(args[2], fn, "the seed");
    if (end <= start) throw bad(fn, "the end must be greater than the start");
    return start + Math.floor(env.random() * (end - start));
  },
  "States.MathAdd": (args, _env, fn) => {
    arity(args, fn, 2);
    return int32(args[0], fn, "the first argument") + int32(args[1], fn, "the second argument");
  },
  "States.StringSplit": (args, _env, fn) => {
    arity(args, fn, 2);
    const s = str(args[0], fn, "the string");
    const delimiters = str(args[1], fn, "the delimiter");
    const out: string[] = [];
    let current = "";
    for (const c of s) {
      if (delimiters.includes(c)) {
        if (current !== "") out.push(current);
        current = "";
      } else current += c;
    }
    if (current !== "") out.push(current);
    return out;
  },
  "States.UUID": (args, env, fn) => {
    arity(args, fn, 0);
    return env.uuid();
  },
};
