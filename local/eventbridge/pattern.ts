/**
 * EventBridge event-pattern matching (content filtering), as documented by AWS: exact values, prefix,
 * suffix, equals-ignore-case, wildcard, anything-but (value, list, prefix, suffix, equals-ignore-case,
 * wildcard), numeric ranges, exists, cidr, `$or`, and arrays on both sides.
 *
 * A pattern is compiled once (and refused, with the path of the culprit, when EventBridge would refuse
 * it), then applied to many events. The local bus uses it with the same patterns the stacks deploy.
 */
import { BlockList, isIP } from "node:net";

export type EventPattern = { [field: string]: unknown };

/** A pattern EventBridge would refuse; `path` names the offending field, e.g. `detail.state[0]`. */
export class EventPatternError extends Error {
  constructor(readonly path: string, problem: string) {
    super(`invalid event pattern at ${path || "<root>"}: ${problem}`);
    this.name = "EventPatternError";
  }
}

export type EventPredicate = (event: unknown) => boolean;

/** Compiles `pattern` (an object or its JSON text) into a predicate over events. */
export function compilePattern(pattern: EventPattern | string): EventPredicate {
  const parsed: unknown = typeof pattern === "string" ? parseJson(pattern) : pattern;
  if (!isPlainObject(parsed)) throw new EventPatternError("", "a pattern must be a JSON object");
  return compileObject(parsed, "");
}

/** One-off convenience: does `event` match `pattern`? */
export function matchesPattern(pattern: EventPattern | string, event: unknown): boolean {
  return compilePattern(pattern)(event);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EventPatternError("", `not JSON (${(error as Error).message})`);
  }
}

type ObjectPredicate = (value: unknown) => boolean;

function compileObject(pattern: Record<string, unknown>, path: string): ObjectPredicate {
  const keys = Object.keys(pattern);
  if (keys.length === 0) throw new EventPatternError(path, "an object in a pattern must not be empty");
  const checks = keys.map((key): ObjectPredicate => {
    const here = path ? `${path}.${key}` : key;
    const spec = pattern[key];
    if (key === "$or") return compileOr(spec, here);
    if (Array.isArray(spec)) {
      const field = compileField(spec, here);
      return (object) => field(fieldValues(object, key));
    }
    if (isPlainObject(spec)) {
      const nested = compileObject(spec, here);
      return (object) => {
        const values = fieldValues(object, key).filter(isPlainObject);
        // An absent object still lets `exists: false` below it match.
        return values.length === 0 ? nested(undefined) : values.some(nested);
      };
    }
    throw new EventPatternError(here, "a field's value must be an array of matchers or a nested object");
  });
  return (value) => checks.every((check) => check(value));
}

function compileOr(spec: unknown, path: string): ObjectPredicate {
  if (!Array.isArray(spec) || spec.length < 2) {
    throw new EventPatternError(path, "$or takes an array of at least two patterns");
  }
  const branches = spec.map((branch, index) => {
    if (!isPlainObject(branch)) throw new EventPatternError(`${path}[${index}]`, "each $or branch must be an object");
    return compileObject(branch, path.replace(/\.?\$or$/, ""));
  });
  return (value) => branches.some((branch) => branch(value));
}

/** The values of `key` in `object`, arrays flattened: the pattern matches if any element matches. */
function fieldValues(object: unknown, key: string): unknown[] {
  if (!isPlainObject(object) || !Object.prototype.hasOwnProperty.call(object, key)) return [];
  const value = object[key];
  return Array.isArray(value) ? value.flat(Infinity) : [value];
}

type Leaf = string | number | boolean | null;

function isLeaf(value: unknown): value is Leaf {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

interface FieldMatcher {
  /** Matches when the field has no leaf value (only `exists: false`). */
  whenAbsent: boolean;
  test(value: Leaf): boolean;
}

function compileField(spec: unknown[], path: string): (values: unknown[]) => boolean {
  if (spec.length === 0) throw new EventPatternError(path, "an array of matchers must not be empty");
  const matchers = spec.map((item, index) => compileMatcher(item, `${path}[${index}]`));
  return (values) => {
    const leaves = values.filter(isLeaf);
    if (leaves.length === 0) return matchers.some((m) => m.whenAbsent);
    return matchers.some((m) => !m.whenAbsent && leaves.some((leaf) => m.test(leaf)));
  };
}

function compileMatcher(item: unknown, path: string): FieldMatcher {
  if (isLeaf(item)) return present((value) => equalLeaves(item, value));
  if (!isPlainObject(item)) throw new EventPatternError(path, "a matcher must be a value or an object with one operator");
  const keys = Object.keys(item);
  if (keys.length !== 1) {
    throw new EventPatternError(path, `a matcher object takes exactly one operator, got ${keys.length ? keys.join(", ") : "none"}`);
  }
  const operator = keys[0] as string;
  const argument = item[operator];
  const here = `${path}.${operator}`;
  switch (operator) {
    case "prefix":
      return present(stringTest(argument, here, (value, p) => value.startsWith(p), true));
    case "suffix":
      return present(stringTest(argument, here, (value, s) => value.endsWith(s), true));
    case "equals-ignore-case":
      return present(stringTest(argument, here, (value, s) => value === s, false, true));
    case "wildcard": {
      const regex = wildcardRegex(requireString(argument, here), here);
      return present((value) => typeof value === "string" && regex.test(value));
    }
    case "anything-but":
      return present(anythingBut(argument, here));
    case "numeric":
      return present(numericRange(argument, here));
    case "exists":
      if (typeof argument !== "boolean") throw new EventPatternError(here, "exists takes true or false");
      return argument ? present(() => true) : { whenAbsent: true, test: () => false };
    case "cidr":
      return present(cidr(argument, here));
    default:
      throw new EventPatternError(here, `unknown operator "${operator}"`);
  }
}

function present(test: (value: Leaf) => boolean): FieldMatcher {
  return { whenAbsent: false, test };
}

function equalLeaves(expected: Leaf, actual: Leaf): boolean {
  return expected === actual;
}

/**
 * prefix/suffix/equals-ignore-case: a string, or for prefix and suffix also `{ "equals-ignore-case": s }`.
 */
function stringTest(
  argument: unknown,
  path: string,
  compare: (value: string, operand: string) => boolean,
  allowIgnoreCase: boolean,
  ignoreCase = false,
): (value: Leaf) => boolean {
  if (allowIgnoreCase && isPlainObject(argument)) {
    const keys = Object.keys(argument);
    if (keys.length !== 1 || keys[0] !== "equals-ignore-case") {
      throw new EventPatternError(path, `takes a string or { "equals-ignore-case": string }`);
    }
    return stringTest(argument["equals-ignore-case"], `${path}.equals-ignore-case`, compare, false, true);
  }
  const operand = requireString(argument, path);
  if (!ignoreCase) return (value) => typeof value === "string" && compare(value, operand);
  const folded = operand.toLowerCase();
  return (value) => typeof value === "string" && compare(value.toLowerCase(), folded);
}

function requireString(argument: unknown, path: string): string {
  if (typeof argument !== "string") throw new EventPatternError(path, "takes a string");
  return argument;
}

/** A string or a non-empty array of strings (the list forms of anything-but's sub-operators). */
function stringList(argument: unknown, path: string): string[] {
  const list = Array.isArray(argument) ? argument : [argument];
  if (list.length === 0) throw new EventPatternError(path, "takes a string or a non-empty array of strings");
  return list.map((s, i) => requireString(s, Array.isArray(argument) ? `${path}[${i}]` : path));
}

function anythingBut(argument: unknown, path: string): (value: Leaf) => boolean {
  if (isPlainObject(argument)) {
    const keys = Object.keys(argument);
    if (keys.length !== 1) throw new EventPatternError(path, "takes one of prefix, suffix, equals-ignore-case, wildcard");
    const operator = keys[0] as string;
    const here = `${path}.${operator}`;
    const operands = stringList(argument[operator], here);
    switch (operator) {
      case "prefix":
        return (value) => typeof value === "string" && !operands.some((p) => value.startsWith(p));
      case "suffix":
        return (value) => typeof value === "string" && !operands.some((s) => value.endsWith(s));
      case "equals-ignore-case": {
        const folded = operands.map((s) => s.toLowerCase());
        return (value) => typeof value === "string" && !folded.includes(value.toLowerCase());
      }
      case "wildcard": {
        const regexes = operands.map((w) => wildcardRegex(w, here));
        return (value) => typeof value === "string" && !regexes.some((r) => r.test(value));
      }
      default:
        throw new EventPatternError(here, `unknown anything-but operator "${operator}"`);
    }
  }
  const excluded = Array.isArray(argument) ? argument : [argument];
  if (excluded.length === 0) throw new EventPatternError(path, "takes a value or a non-empty array of values");
  const kinds = new Set(excluded.map((v) => typeof v));
  if (kinds.size !== 1 || !(kinds.has("string") || kinds.has("number"))) {
    throw new EventPatternError(path, "takes strings only or numbers only");
  }
  return (value) => !excluded.includes(value);
}

const NUMERIC_OPERATORS = new Set(["=", "<", "<=", ">", ">="]);

function numericRange(argument: unknown, path: string): (value: Leaf) => boolean {
  if (!Array.isArray(argument) || (argument.length !== 2 && argument.length !== 4)) {
    throw new EventPatternError(path, 'takes [op, number] or [">"|">=", low, "<"|"<=", high]');
  }
  const conditions: Array<{ op: string; bound: number }> = [];
  for (let i = 0; i < argument.length; i += 2) {
    const op: unknown = argument[i];
    const bound: unknown = argument[i + 1];
    if (typeof op !== "string" || !NUMERIC_OPERATORS.has(op)) {
      throw new EventPatternError(`${path}[${i}]`, `unknown numeric operator ${JSON.stringify(op)}`);
    }
    if (typeof bound !== "number" || !Number.isFinite(bound)) {
      throw new EventPatternError(`${path}[${i + 1}]`, "a numeric bound must be a number");
    }
    conditions.push({ op, bound });
  }
  const [low, high] = conditions;
  if (high && low) {
    if (!low.op.startsWith(">") || !high.op.startsWith("<") || low.bound >= high.bound) {
      throw new EventPatternError(path, "a range is a lower bound (> or >=) then a greater upper bound (< or <=)");
    }
  }
  return (value) => typeof value === "number" && conditions.every(({ op, bound }) => compareNumbers(value, op, bound));
}

function compareNumbers(value: number, op: string, bound: number): boolean {
  switch (op) {
    case "=": return value === bound;
    case "<": return value < bound;
    case "<=": return value <= bound;
    case ">": return value > bound;
    default: return value >= bound;
  }
}

function cidr(argument: unknown, path: string): (value: Leaf) => boolean {
  const text = requireString(argument, path);
  const slash = text.lastIndexOf("/");
  const address = slash < 0 ? text : text.slice(0, slash);
  const family = isIP(address);
  const maxPrefix = family === 4 ? 32 : 128;
  const prefix = slash < 0 ? maxPrefix : Number(text.slice(slash + 1));
  if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > maxPrefix) {
    throw new EventPatternError(path, `${JSON.stringify(text)} is not an IPv4 or IPv6 CIDR block`);
  }
  const type = family === 4 ? "ipv4" : "ipv6";
  const block = new BlockList();
  block.addSubnet(address, prefix, type);
  return (value) => typeof value === "string" && isIP(value) === family && block.check(value, type);
}

/** `*` matches any run of characters; `\*` and `\\` are a literal star and backslash. */
function wildcardRegex(wildcard: string, path: string): RegExp {
  let source = "";
  for (let i = 0; i < wildcard.length; i++) {
    const ch = wildcard[i] as string;
    if (ch === "*" && wildcard[i - 1] === "*" && wildcard[i - 2] !== "\\") {
      throw new EventPatternError(path, "consecutive wildcard characters are not allowed");
    }
    if (ch === "\\") {
      const next = wildcard[i + 1];
      if (next !== "*" && next !== "\\") throw new EventPatternError(path, "a backslash must escape * or \\");
      source += escapeRegex(next);
      i++;
    } else {
      source += ch === "*" ? "[\\s\\S]*" : escapeRegex(ch);
    }
  }
  return new RegExp(`^${source}$`);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
