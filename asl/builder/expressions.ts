/**
 * Typed JSONPath references and intrinsic function calls for JSONPath states.
 *
 * A reference is an object, not a string, so the builder can tell `"$.CartId"` the literal from
 * `path("$.CartId")` the reference, and add the `.$` suffix to the key itself: a forgotten `.$` (the
 * most common bug in hand-written ASL, which silently sends the path text instead of its value) cannot
 * be written.
 */
import type { IntrinsicFunctionName, JsonValue } from "../definition";
import type { HashAlgorithm } from "../syntax/hash";

/** A reference to data: a JSONPath into the state input (`$`), the context object (`$$`) or a variable. */
export class PathExpr {
  readonly kind = "path";
  constructor(readonly path: string) {}
  toString(): string {
    return this.path;
  }
}

/** A call of one of the 18 intrinsic functions, e.g. `States.Format('{}', $.name)`. */
export class IntrinsicExpr {
  readonly kind = "intrinsic";
  constructor(
    readonly fn: IntrinsicFunctionName,
    readonly text: string,
  ) {}
  toString(): string {
    return this.text;
  }
}

/** A value computed at run time in a JSONPath state: written under a key ending in `.$`. */
export type DynamicValue = PathExpr | IntrinsicExpr;

/** A JSONPath payload template: JSON whose object values may also be references or intrinsic calls. */
export type PayloadValue = JsonValue | DynamicValue | PayloadObject | PayloadValue[];
export interface PayloadObject {
  [key: string]: PayloadValue;
}

/** An argument of an intrinsic function: a literal, a reference or a nested call. */
export type IntrinsicArg = string | number | boolean | null | DynamicValue;

/** `path("$.order.CartId")`, `path("$$.Execution.Id")`, `path("$myVariable")`. */
export function path(reference: string): PathExpr {
  if (!reference.startsWith("$")) {
    throw new Error(`path(${JSON.stringify(reference)}): a JSONPath reference starts with "$" ("$.x", "$$.x" or "$variable")`);
  }
  return new PathExpr(reference);
}

/** The context object fields most definitions need, as references. */
export const context = {
  executionId: new PathExpr("$$.Execution.Id"),
  executionInput: new PathExpr("$$.Execution.Input"),
  executionName: new PathExpr("$$.Execution.Name"),
  executionRoleArn: new PathExpr("$$.Execution.RoleArn"),
  executionStartTime: new PathExpr("$$.Execution.StartTime"),
  executionRedriveCount: new PathExpr("$$.Execution.RedriveCount"),
  stateName: new PathExpr("$$.State.Name"),
  stateEnteredTime: new PathExpr("$$.State.EnteredTime"),
  stateRetryCount: new PathExpr("$$.State.RetryCount"),
  stateMachineId: new PathExpr("$$.StateMachine.Id"),
  stateMachineName: new PathExpr("$$.StateMachine.Name"),
  taskToken: new PathExpr("$$.Task.Token"),
  mapItemIndex: new PathExpr("$$.Map.Item.Index"),
  mapItemValue: new PathExpr("$$.Map.Item.Value"),
} as const;

export function isDynamic(value: unknown): value is DynamicValue {
  return value instanceof PathExpr || value instanceof IntrinsicExpr;
}

/** Backslash-escapes the characters the intrinsic grammar reserves inside a '...' literal. */
function quote(text: string, keepBraces = false): string {
  const reserved = keepBraces ? /['\\]/g : /['{}\\]/g;
  return `'${text.replace(reserved, (c) => `\\${c}`)}'`;
}

function argText(arg: IntrinsicArg): string {
  if (arg === null) return "null";
  if (typeof arg === "string") return quote(arg);
  if (typeof arg === "number") {
    if (!Number.isFinite(arg)) throw new Error(`intrinsic argument ${arg} is not a finite number`);
    return String(arg);
  }
  if (typeof arg === "boolean") return String(arg);
  return arg.toString();
}

function call(fn: IntrinsicFunctionName, args: string[]): IntrinsicExpr {
  return new IntrinsicExpr(fn, `${fn}(${args.join(", ")})`);
}

const callWith = (fn: IntrinsicFunctionName, ...args: IntrinsicArg[]) => call(fn, args.map(argText));

export type { HashAlgorithm };

/**
 * The 18 intrinsic functions. String arguments are literals (quoted and escaped for you); pass
 * `path(...)` for data. In `format`, `{}` in the template is a placeholder and is left as written.
 */
export const intrinsic = {
  format: (template: string, ...args: IntrinsicArg[]) => call("States.Format", [quote(template, true), ...args.map(argText)]),
  stringToJson: (text: IntrinsicArg) => callWith("States.StringToJson", text),
  jsonToString: (value: DynamicValue) => callWith("States.JsonToString", value),
  array: (...items: IntrinsicArg[]) => callWith("States.Array", ...items),
  arrayPartition: (array: DynamicValue, chunkSize: number | DynamicValue) => callWith("States.ArrayPartition", array, chunkSize),
  arrayContains: (array: DynamicValue, value: IntrinsicArg) => callWith("States.ArrayContains", array, value),
  arrayRange: (first: number | DynamicValue, last: number | DynamicValue, step: number | DynamicValue) =>
    callWith("States.ArrayRange", first, last, step),
  arrayGetItem: (array: DynamicValue, index: number | DynamicValue) => callWith("States.ArrayGetItem", array, index),
  arrayLength: (array: DynamicValue) => callWith("States.ArrayLength", array),
  arrayUnique: (array: DynamicValue) => callWith("States.ArrayUnique", array),
  base64Encode: (text: IntrinsicArg) => callWith("States.Base64Encode", text),
  base64Decode: (base64: IntrinsicArg) => callWith("States.Base64Decode", base64),
  hash: (data: IntrinsicArg, algorithm: HashAlgorithm | DynamicValue) => callWith("States.Hash", data, algorithm),
  /** AWS supports only the shallow merge: the third argument is always false. */
  jsonMerge: (left: DynamicValue, right: DynamicValue) => call("States.JsonMerge", [argText(left), argText(right), "false"]),
  mathRandom: (start: number | DynamicValue, end: number | DynamicValue, seed?: number | DynamicValue) =>
    seed === undefined ? callWith("States.MathRandom", start, end) : callWith("States.MathRandom", start, end, seed),
  mathAdd: (value: number | DynamicValue, step: number | DynamicValue) => callWith("States.MathAdd", value, step),
  stringSplit: (text: IntrinsicArg, separator: string | DynamicValue) => callWith("States.StringSplit", text, separator),
  uuid: () => call("States.UUID", []),
} satisfies Record<string, (...args: never[]) => IntrinsicExpr>;
