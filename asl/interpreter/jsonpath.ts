/**
 * JSONPath as Step Functions evaluates it. Paths are compiled once per definition: the common definite
 * forms (`$.a.b`, `$['a'][0]`, `$$.Task.Token`, `$myVar.x`) become a segment walk with no allocation;
 * wildcards, filters, slices and recursive descent go to jsonpath-plus.
 */
import { JSONPath } from "jsonpath-plus";
import type { JsonValue } from "../definition";
import { isPathFunction, memoize, parsePathHead, PATH_FUNCTIONS, type PathFunctionName, type PathHead, type PathRoot } from "../syntax";
import { StatesError } from "./errors";

/** Returned by a lookup that found nothing (undefined is not a JSON value, but this is clearer). */
export const MISSING: unique symbol = Symbol("missing");
export type Lookup = JsonValue | typeof MISSING;

export type { PathRoot };

/** The three things a path can start from: `$`, `$$`, or `$name`. */
export interface PathScope {
  input: JsonValue;
  context(): JsonValue;
  variable(name: string): Lookup;
}

export interface CompiledPath {
  readonly source: string;
  readonly root: PathRoot;
  readonly variable?: string;
  /** True when the path names at most one node (so a miss is an error rather than an empty list). */
  readonly definite: boolean;
  /** Definite paths only: the walk from the root. */
  readonly segments?: readonly (string | number)[];
  get(scope: PathScope): Lookup;
}

/** Compiles (and caches, bounded) a path; throws a StatesError naming the path when its syntax is invalid. */
export const compilePath: (source: string) => CompiledPath = memoize((source) => build(source));

function invalidPath(source: string, why: string): StatesError {
  return new StatesError("States.Runtime", `Invalid JSONPath '${source}': ${why}`);
}

/** `.length()` and the other Jayway functions that may close a path. */
const FUNCTION_TAIL = /\.([A-Za-z_][A-Za-z0-9_]*)\(\)$/;
/** A trailing multi-name bracket (`['a','b']`): Jayway merges the names into one object per match. */
const NAME_UNION_TAIL = /\[\s*((?:'[^'\\]*'|"[^"\\]*")(?:\s*,\s*(?:'[^'\\]*'|"[^"\\]*"))+)\s*\]$/;

const NAME_UNION = /\[\s*((?:'[^'\\]*'|"[^"\\]*")(?:\s*,\s*(?:'[^'\\]*'|"[^"\\]*"))+)\s*\]/g;

/** jsonpath-plus reads a union of names only unquoted (`[a,b]`); names it could misread stay quoted. */
function unquoteUnion(union: string, list: string): string {
  const names = [...list.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => (m[1] ?? m[2])!);
  return names.every((n) => /^[A-Za-z_][A-Za-z0-9_-]*$/.test(n)) ? `[${names.join(",")}]` : union;
}

function build(source: string): CompiledPath {
  const path = source.trim();
  const head = parsePathHead(path);
  if (!head) throw invalidPath(source, "a path must start with '$'");
  const rest = normalizeSteps(path.slice(head.length), source);
  const fn = FUNCTION_TAIL.exec(rest);
  if (fn) {
    const name = fn[1]!;
    if (!isPathFunction(name)) throw invalidPath(source, `${name}() is not a path function (${PATH_FUNCTIONS.map((f) => `${f}()`).join(", ")})`);
    const base = rest.slice(0, fn.index);
    return withFunction(source, buildSteps(source, head, base), name, base.includes(".."));
  }
  return buildSteps(source, head, rest);
}

/**
 * Checks the steps outside brackets as the validator does (no whitespace in a dot-notation name, so
 * `$.a b` is refused rather than read as key "a b") and drops the dot Jayway allows before a bracket
 * (`$.[0]`, `$.[*].['a','b']`), which jsonpath-plus would not read.
 */
function normalizeSteps(rest: string, source: string): string {
  let out = "";
  let depth = 0;
  let quote = "";
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i] as string;
    if (quote) {
      out += c;
      if (c === "\\" && i + 1 < rest.length) out += rest[++i];
      else if (c === quote) quote = "";
    } else if (depth > 0) {
      out += c;
      if (c === "'" || c === '"') quote = c;
      else if (c === "[" || c === "(") depth++;
      else if (c === "]" || c === ")") depth--;
    } else if (c === "[" || c === "(") {
      depth++;
      out += c;
    } else if (c === ".") {
      if (rest[i + 1] === ".") {
        out += "..";
        i++;
      } else if (rest[i + 1] !== "[") out += c;
    } else if (/\s/.test(c)) {
      throw invalidPath(source, `unexpected whitespace at position ${i + (source.trim().length - rest.length)}`);
    } else out += c;
  }
  return out;
}

function buildSteps(source: string, head: PathHead, rest: string): CompiledPath {
  const { root, variable } = head;
  const segments = parseSimple(rest);
  if (segments) {
    const name = variable;
    return {
      source, root, variable, definite: true, segments,
      get(scope) {
        let node: Lookup = root === "input" ? scope.input : root === "context" ? scope.context() : scope.variable(name!);
        for (let i = 0; i < segments.length; i++) {
          if (node === MISSING) return MISSING;
          node = step(node, segments[i]!);
        }
        return node;
      },
    };
  }
  const union = NAME_UNION_TAIL.exec(rest);
  if (union) return withMergedNames(source, buildSteps(source, head, rest.slice(0, union.index)), union[1]!);
  const definite = !/\*|\.\.|\?\(|\[[^\]]*[:,][^\]]*\]/.test(rest);
  const jpPath = "$" + rest.replace(NAME_UNION, unquoteUnion);
  try {
    JSONPath.toPathArray(jpPath);
  } catch {
    throw invalidPath(source, "the path does not parse");
  }
  return {
    source, root, variable, definite,
    get(scope) {
      const base: Lookup = root === "input" ? scope.input : root === "context" ? scope.context() : scope.variable(variable!);
      if (base === MISSING) return MISSING;
      if (base === null || typeof base !== "object") return definite ? MISSING : [];
      const found = JSONPath({ path: jpPath, json: base, wrap: true }) as JsonValue[] | undefined;
      const values = found ?? [];
      if (definite) return values.length === 0 ? MISSING : values[0]!;
      return values;
    },
  };
}

/**
 * Jayway's leaf multi-property case (PropertyPathToken.multiPropertyMergeCase): `$.x['a','b']` gives
 * one object holding the names the node has, not the values one by one; over a wildcard, one such
 * object per matched object.
 */
function withMergedNames(source: string, base: CompiledPath, list: string): CompiledPath {
  const names = [...list.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => (m[1] ?? m[2])!);
  const merge = (node: JsonValue): JsonValue | undefined => {
    if (node === null || typeof node !== "object" || Array.isArray(node)) return undefined;
    const out: { [key: string]: JsonValue } = {};
    for (const name of names) if (Object.prototype.hasOwnProperty.call(node, name)) out[name] = node[name]!;
    return out;
  };
  return {
    source, root: base.root, variable: base.variable, definite: base.definite,
    get(scope) {
      const found = base.get(scope);
      if (found === MISSING) return MISSING;
      if (base.definite) return merge(found) ?? MISSING;
      const out: JsonValue[] = [];
      for (const node of found as JsonValue[]) {
        const merged = merge(node);
        if (merged !== undefined) out.push(merged);
      }
      return out;
    },
  };
}

/**
 * A Jayway function closing a path. It applies to the node a definite path names, and to each match
 * of a wildcard or filter (FunctionPathToken is evaluated per node reaching it); after a deep scan it
 * applies to the list of matches, as Jayway inverts `$..price.max()` (ScannerFunctionInverter).
 */
function withFunction(source: string, base: CompiledPath, name: PathFunctionName, overMatches: boolean): CompiledPath {
  const fn = PATH_FUNCTION_IMPLS[name];
  const perMatch = !base.definite && !overMatches;
  return {
    source, root: base.root, variable: base.variable, definite: !perMatch,
    get(scope) {
      const found = base.get(scope);
      if (found === MISSING) return MISSING;
      if (!perMatch) return fn(found);
      const out: JsonValue[] = [];
      for (const node of found as JsonValue[]) {
        const v = fn(node);
        if (v !== MISSING) out.push(v);
      }
      return out;
    },
  };
}

function numbersOf(node: JsonValue): number[] | undefined {
  return Array.isArray(node) ? node.filter((v): v is number => typeof v === "number") : undefined;
}

/** Like Jayway's numeric aggregations: the numbers of an array (others skipped); null for anything else. */
function aggregate(reduce: (values: number[]) => number): (node: JsonValue) => Lookup {
  return (node) => {
    const values = numbersOf(node);
    if (values === undefined) return null;
    return values.length === 0 ? MISSING : reduce(values);
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Jayway's Length, KeySetFunction and numeric aggregations (StandardDeviation is the population one). */
const PATH_FUNCTION_IMPLS: Record<PathFunctionName, (node: JsonValue) => Lookup> = {
  length: (node) => (Array.isArray(node) ? node.length : node !== null && typeof node === "object" ? Object.keys(node).length : null),
  keys: (node) => (node !== null && typeof node === "object" && !Array.isArray(node) ? Object.keys(node) : null),
  min: aggregate((values) => Math.min(...values)),
  max: aggregate((values) => Math.max(...values)),
  sum: aggregate(sum),
  avg: aggregate((values) => sum(values) / values.length),
  stddev: aggregate((values) => {
    const mean = sum(values) / values.length;
    return Math.sqrt(sum(values.map((v) => v * v)) / values.length - mean * mean);
  }),
};

function step(node: JsonValue, key: string | number): Lookup {
  if (node === null || typeof node !== "object") return MISSING;
  if (Array.isArray(node)) {
    if (typeof key !== "number") return MISSING;
    const v = node[key < 0 ? node.length + key : key];
    return v === undefined ? MISSING : v;
  }
  const k = typeof key === "number" ? String(key) : key;
  if (!Object.prototype.hasOwnProperty.call(node, k)) return MISSING;
  return node[k]!;
}

/** Parses `.a['b'][0]...`; undefined when the path uses anything beyond plain member and index access. */
function parseSimple(rest: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  let i = 0;
  while (i < rest.length) {
    const c = rest[i];
    if (c === ".") {
      if (rest[i + 1] === ".") return undefined;
      let j = i + 1;
      while (j < rest.length && rest[j] !== "." && rest[j] !== "[") j++;
      const name = rest.slice(i + 1, j);
      if (name === "" || name === "*" || /[()?@,:'"]/.test(name)) return undefined;
      out.push(name);
      i = j;
    } else if (c === "[") {
      const close = rest.indexOf("]", i);
      if (close < 0) return undefined;
      const inner = rest.slice(i + 1, close).trim();
      const quoted = /^'([^']*)'$/.exec(inner) ?? /^"([^"]*)"$/.exec(inner);
      if (quoted) out.push(quoted[1]!);
      else if (/^-?\d+$/.test(inner)) out.push(Number(inner));
      else return undefined;
      i = close + 1;
    } else {
      return undefined;
    }
  }
  return out;
}

/** A ResultPath: where in the input a result goes. Only definite member/index paths from `$` qualify. */
export interface ReferencePath {
  readonly source: string;
  readonly segments: readonly (string | number)[];
}

const refCache = new Map<string, ReferencePath>();

export function compileReferencePath(source: string): ReferencePath {
  const hit = refCache.get(source);
  if (hit) return hit;
  const path = source.trim();
  const segments = path.startsWith("$") && !path.startsWith("$$") ? parseSimple(normalizeSteps(path.slice(1), source)) : undefined;
  if (!segments) {
    throw new StatesError("States.Runtime", `Invalid reference path '${source}': only '$' followed by member and index steps is allowed`);
  }
  const ref = { source, segments };
  refCache.set(source, ref);
  return ref;
}

/**
 * Returns a copy of `target` with `value` placed at the path; only the objects along the path are
 * copied, so the rest is shared (values inside an execution are never mutated).
 */
export function setAtPath(target: JsonValue, path: ReferencePath, value: JsonValue): JsonValue {
  return setFrom(target, path, 0, value);
}

function setFrom(node: JsonValue | undefined, path: ReferencePath, index: number, value: JsonValue): JsonValue {
  if (index === path.segments.length) return value;
  const key = path.segments[index]!;
  if (node === undefined) node = {};
  if (Array.isArray(node)) {
    if (typeof key !== "number" || key >= node.length || -key > node.length) throw resultPathFailure(path);
    const copy = node.slice();
    const at = key < 0 ? copy.length + key : key;
    copy[at] = setFrom(copy[at], path, index + 1, value);
    return copy;
  }
  if (node === null || typeof node !== "object") throw resultPathFailure(path);
  const k = String(key);
  const copy: { [key: string]: JsonValue } = { ...node };
  copy[k] = setFrom(Object.prototype.hasOwnProperty.call(node, k) ? node[k] : undefined, path, index + 1, value);
  return copy;
}

function resultPathFailure(path: ReferencePath): StatesError {
  return new StatesError("States.ResultPathMatchFailure", `Unable to apply ResultPath '${path.source}' to the state input: a step of the path is not an object`);
}
