/**
 * The 18 intrinsic functions of JSONPath states: a small recursive-descent parser that compiles a call
 * such as `States.Format('Hi {}', $.name)` into a closure, once per definition.
 */
import { createHash } from "node:crypto";
import type { JsonValue } from "../definition";
import { StatesError } from "./errors";
import { compilePath, MISSING, type PathScope } from "./jsonpath";

export interface IntrinsicEnv {
  random(): number;
  uuid(): string;
}

export type CompiledIntrinsic = (scope: PathScope, env: IntrinsicEnv) => JsonValue;

type Arg = CompiledIntrinsic;
type Impl = (args: JsonValue[], env: IntrinsicEnv, fn: string) => JsonValue;

export function isIntrinsic(value: string): boolean {
  return /^\s*States\.[A-Za-z0-9]+\s*\(/.test(value);
}

const cache = new Map<string, CompiledIntrinsic>();

/** Compiles an intrinsic call; a syntax error or unknown function is a States.Runtime naming it. */
export function compileIntrinsic(source: string): CompiledIntrinsic {
  const hit = cache.get(source);
  if (hit) return hit;
  const parser = new Parser(source);
  const fn = parser.parseCall();
  parser.skipSpace();
  if (!parser.atEnd()) throw parser.fail("unexpected text after the closing parenthesis");
  cache.set(source, fn);
  return fn;
}

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  atEnd(): boolean {
    return this.i >= this.src.length;
  }

  skipSpace(): void {
    while (this.i < this.src.length && /\s/.test(this.src[this.i]!)) this.i++;
  }

  fail(why: string): StatesError {
    return new StatesError("States.Runtime", `Invalid intrinsic function '${this.src}': ${why} (at character ${this.i})`);
  }

  parseCall(): CompiledIntrinsic {
    this.skipSpace();
    const m = /^States\.([A-Za-z0-9]+)\s*\(/.exec(this.src.slice(this.i));
    if (!m) throw this.fail("expected a call such as States.Format(...)");
    const name = `States.${m[1]}`;
    const impl = FUNCTIONS[name];
    if (!impl) throw this.fail(`unknown intrinsic function ${name}`);
    this.i += m[0].length;
    const args: Arg[] = [];
    this.skipSpace();
    if (this.src[this.i] === ")") {
      this.i++;
    } else {
      for (;;) {
        args.push(this.parseArg());
        this.skipSpace();
        const c = this.src[this.i];
        if (c === ",") { this.i++; continue; }
        if (c === ")") { this.i++; break; }
        throw this.fail("expected ',' or ')'");
      }
    }
    return (scope, env) => impl(args.map((a) => a(scope, env)), env, name);
  }

  private parseArg(): Arg {
    this.skipSpace();
    const c = this.src[this.i];
    if (c === "'") return this.constant(this.parseString());
    if (c === "$") return this.parsePath();
    if (this.src.startsWith("States.", this.i)) return this.parseCall();
    const m = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null)/.exec(this.src.slice(this.i));
    if (!m) throw this.fail("expected a string, number, boolean, null, path or intrinsic call");
    this.i += m[0].length;
    return this.constant(JSON.parse(m[0]) as JsonValue);
  }

  private constant(value: JsonValue): Arg {
    return () => value;
  }

  private parseString(): string {
    this.i++;
    let out = "";
    while (this.i < this.src.length) {
      const c = this.src[this.i]!;
      if (c === "\\") {
        const next = this.src[this.i + 1];
        if (next === undefined) break;
        // Escapes of ' { } \ keep the character; the backslash of \{ \} is kept for States.Format to see.
        out += next === "{" || next === "}" ? `\\${next}` : next;
        this.i += 2;
        continue;
      }
      if (c === "'") {
        this.i++;
        return out;
      }
      out += c;
      this.i++;
    }
    throw this.fail("unterminated string literal");
  }

  private parsePath(): Arg {
    const start = this.i;
    let depth = 0;
    let quote: string | undefined;
    while (this.i < this.src.length) {
      const c = this.src[this.i]!;
      if (quote) {
        if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === "[" || c === "(") depth++;
      else if (c === "]" || c === ")") {
        if (depth === 0) break;
        depth--;
      } else if (c === "," && depth === 0) break;
      this.i++;
    }
    const source = this.src.slice(start, this.i).trim();
    const path = compilePath(source);
    return (scope) => {
      const v = path.get(scope);
      if (v === MISSING) throw new StatesError("States.Runtime", `The JSONPath '${source}' used in the intrinsic function '${this.src}' could not be found in the input '${JSON.stringify(scope.input)}'`);
      return v;
    };
  }
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

function arr(v: JsonValue | undefined, fn: string, what: string): JsonValue[] {
  if (!Array.isArray(v)) throw bad(fn, `${what} must be an array, got ${JSON.stringify(v)}`);
  return v;
}

export function deepEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
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

const HASHES: Record<string, string> = { MD5: "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };

const FUNCTIONS: Record<string, Impl> = {
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
    const size = int(args[1], fn, "the chunk size");
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
    const start = int(args[0], fn, "the start");
    const end = int(args[1], fn, "the end");
    const stepBy = int(args[2], fn, "the step");
    if (stepBy === 0) throw bad(fn, "the step must not be 0");
    const out: number[] = [];
    for (let v = start; stepBy > 0 ? v <= end : v >= end; v += stepBy) {
      out.push(v);
      if (out.length > 1000) throw bad(fn, "the range has more than 1000 items");
    }
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
    const s = str(args[0], fn, "the argument");
    if (s.length > 10000) throw bad(fn, "the input exceeds 10000 characters");
    return Buffer.from(s, "utf8").toString("base64");
  },
  "States.Base64Decode": (args, _env, fn) => {
    arity(args, fn, 1);
    const s = str(args[0], fn, "the argument");
    if (s.length > 10000) throw bad(fn, "the input exceeds 10000 characters");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw bad(fn, "the argument is not base64");
    return Buffer.from(s, "base64").toString("utf8");
  },
  "States.Hash": (args, _env, fn) => {
    arity(args, fn, 2);
    const algorithm = str(args[1], fn, "the algorithm");
    const node = HASHES[algorithm];
    if (!node) throw bad(fn, `algorithm must be one of ${Object.keys(HASHES).join(", ")}, got ${algorithm}`);
    const data = args[0]!;
    return createHash(node).update(typeof data === "string" ? data : JSON.stringify(data)).digest("hex");
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
    const start = int(args[0], fn, "the start");
    const end = int(args[1], fn, "the end");
    if (args.length === 3) int(args[2], fn, "the seed");
    if (end <= start) throw bad(fn, "the end must be greater than the start");
    return start + Math.floor(env.random() * (end - start));
  },
  "States.MathAdd": (args, _env, fn) => {
    arity(args, fn, 2);
    return int(args[0], fn, "the first argument") + int(args[1], fn, "the second argument");
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
