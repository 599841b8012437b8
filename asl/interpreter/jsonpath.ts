/**
 * JSONPath as Step Functions evaluates it. Paths are compiled once per definition: the common definite
 * forms (`$.a.b`, `$['a'][0]`, `$$.Task.Token`, `$myVar.x`) become a segment walk with no allocation;
 * wildcards, filters, slices and recursive descent go to jsonpath-plus.
 */
import { JSONPath } from "jsonpath-plus";
import type { JsonValue } from "../definition";
import { parsePathHead, type PathRoot } from "../syntax";
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

const cache = new Map<string, CompiledPath>();

export function isPathSyntax(value: string): boolean {
  return value.startsWith("$");
}

/** Compiles (and caches) a path; throws a StatesError naming the path when its syntax is invalid. */
export function compilePath(source: string): CompiledPath {
  const hit = cache.get(source);
  if (hit) return hit;
  const compiled = build(source);
  cache.set(source, compiled);
  return compiled;
}

function build(source: string): CompiledPath {
  const path = source.trim();
  const head = parsePathHead(path);
  if (!head) throw new StatesError("States.Runtime", `Invalid JSONPath '${source}': a path must start with '$'`);
  const { root, variable } = head;
  const rest = path.slice(head.length);
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
  const definite = !/\*|\.\.|\?\(|\[[^\]]*[:,][^\]]*\]/.test(rest);
  const jpPath = "$" + rest;
  try {
    JSONPath.toPathArray(jpPath);
  } catch {
    throw new StatesError("States.Runtime", `Invalid JSONPath '${source}'`);
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
  const segments = path.startsWith("$") && !path.startsWith("$$") ? parseSimple(path.slice(1)) : undefined;
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
