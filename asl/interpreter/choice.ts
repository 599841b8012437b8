/**
 * JSONPath Choice rules compiled to predicates. Following AWS: a comparison whose Variable is missing is a
 * States.Runtime error (only IsPresent tolerates it), and a value of the wrong type simply does not match.
 */
import type { ChoiceRule, JsonValue } from "../definition";
import { parseTimestamp } from "../syntax/timestamp";
import { StatesError } from "./errors";
import { compilePath, MISSING, type Lookup, type PathScope } from "./jsonpath";

export type Predicate = (scope: PathScope) => boolean;


type Compare = (variable: JsonValue, operand: JsonValue) => boolean;

const str = (f: (a: string, b: string) => boolean): Compare => (a, b) => typeof a === "string" && typeof b === "string" && f(a, b);
const num = (f: (a: number, b: number) => boolean): Compare => (a, b) => typeof a === "number" && typeof b === "number" && f(a, b);
const time = (f: (a: number, b: number) => boolean): Compare => (a, b) => {
  const x = parseTimestamp(a);
  const y = parseTimestamp(b);
  return x !== undefined && y !== undefined && f(x, y);
};

const COMPARISONS: Record<string, Compare> = {
  StringEquals: str((a, b) => a === b),
  StringLessThan: str((a, b) => a < b),
  StringGreaterThan: str((a, b) => a > b),
  StringLessThanEquals: str((a, b) => a <= b),
  StringGreaterThanEquals: str((a, b) => a >= b),
  NumericEquals: num((a, b) => a === b),
  NumericLessThan: num((a, b) => a < b),
  NumericGreaterThan: num((a, b) => a > b),
  NumericLessThanEquals: num((a, b) => a <= b),
  NumericGreaterThanEquals: num((a, b) => a >= b),
  BooleanEquals: (a, b) => typeof a === "boolean" && a === b,
  TimestampEquals: time((a, b) => a === b),
  TimestampLessThan: time((a, b) => a < b),
  TimestampGreaterThan: time((a, b) => a > b),
  TimestampLessThanEquals: time((a, b) => a <= b),
  TimestampGreaterThanEquals: time((a, b) => a >= b),
};

const TYPE_TESTS: Record<string, (v: Lookup) => boolean> = {
  IsNull: (v) => v === null,
  IsPresent: (v) => v !== MISSING,
  IsNumeric: (v) => typeof v === "number",
  IsString: (v) => typeof v === "string",
  IsBoolean: (v) => typeof v === "boolean",
  IsTimestamp: (v) => parseTimestamp(v) !== undefined,
};

/** `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash. */
function wildcard(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && i + 1 < pattern.length) {
      re += pattern[i + 1]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      i++;
    } else if (c === "*") re += "[\\s\\S]*";
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

function invalidPath(path: string): StatesError {
  return new StatesError("States.Runtime", `Invalid path '${path}': The choice state's condition path references an invalid value.`);
}

export function compileRule(rule: ChoiceRule, where: string): Predicate {
  if (rule.And) {
    const parts = rule.And.map((r, i) => compileRule(r, `${where}.And[${i}]`));
    return (s) => parts.every((p) => p(s));
  }
  if (rule.Or) {
    const parts = rule.Or.map((r, i) => compileRule(r, `${where}.Or[${i}]`));
    return (s) => parts.some((p) => p(s));
  }
  if (rule.Not) {
    const inner = compileRule(rule.Not, `${where}.Not`);
    return (s) => !inner(s);
  }
  if (typeof rule.Variable !== "string") {
    throw new StatesError("States.Runtime", `Choice rule ${where} has no Variable, And, Or or Not`);
  }
  const variable = compilePath(rule.Variable);
  const source = rule.Variable;
  const record = rule as unknown as Record<string, JsonValue>;
  for (const [op, test] of Object.entries(TYPE_TESTS)) {
    if (op in record) {
      const expected = record[op];
      return (s) => test(variable.get(s)) === expected;
    }
  }
  if (typeof rule.StringMatches === "string") {
    const re = wildcard(rule.StringMatches);
    return (s) => {
      const v = variable.get(s);
      if (v === MISSING) throw invalidPath(source);
      return typeof v === "string" && re.test(v);
    };
  }
  for (const [op, compare] of Object.entries(COMPARISONS)) {
    if (op in record) {
      const operand = record[op]!;
      return (s) => {
        const v = variable.get(s);
        if (v === MISSING) throw invalidPath(source);
        return compare(v, operand);
      };
    }
    const pathOp = `${op}Path`;
    if (pathOp in record) {
      const operandSource = String(record[pathOp]);
      const operandPath = compilePath(operandSource);
      return (s) => {
        const v = variable.get(s);
        if (v === MISSING) throw invalidPath(source);
        const o = operandPath.get(s);
        if (o === MISSING) throw invalidPath(operandSource);
        return compare(v, o);
      };
    }
  }
  throw new StatesError("States.Runtime", `Choice rule ${where} has no comparison operator`);
}
