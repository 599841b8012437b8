/**
 * Checks the `{% ... %}` JSONata expressions of JSONata states (parsed by asl/syntax, shared with the
 * builder and the interpreter) and lists the variables each one reads from outside itself, so the
 * variable rule can check they are assigned.
 */
import { isJsonataExpression, jsonataBody, memoize, parseJsonata, STEP_FUNCTIONS_JSONATA_FUNCTIONS } from "../syntax";

/** JSONata's built-in functions plus the ones Step Functions adds; `$name(...)` calls to these are not variables. */
const BUILTINS = new Set<string>([
  "sum", "count", "max", "min", "average", "string", "substring", "substringBefore", "substringAfter",
  "lowercase", "uppercase", "length", "trim", "pad", "match", "contains", "replace", "split", "join",
  "formatNumber", "formatBase", "formatInteger", "parseInteger", "number", "floor", "ceil", "round", "abs",
  "sqrt", "power", "random", "boolean", "not", "map", "zip", "filter", "single", "reduce", "sift", "keys",
  "lookup", "append", "exists", "spread", "merge", "reverse", "each", "error", "assert", "type", "sort",
  "shuffle", "distinct", "base64encode", "base64decode", "encodeUrlComponent", "encodeUrl",
  "decodeUrlComponent", "decodeUrl", "eval", "toMillis", "fromMillis", "clone", "now", "millis",
  ...STEP_FUNCTIONS_JSONATA_FUNCTIONS,
]);

/** Reserved names: `$` (context), `$$` (root) and `$states` (the state's reserved variable). */
const RESERVED = new Set(["", "$", "states"]);

export interface JsonataResult {
  /** Why the string is not a usable expression (syntax error, empty, not closed). */
  error?: string;
  /** Variables the expression reads without binding them itself. */
  freeVariables: string[];
}

type Node = { [key: string]: unknown };

function collect(node: unknown, read: Set<string>, bound: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, read, bound);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const n = node as Node;
  if (n.type === "variable" && typeof n.value === "string") read.add(n.value);
  if (n.type === "bind" && (n.lhs as Node | undefined)?.type === "variable") bound.add(String((n.lhs as Node).value));
  if (n.type === "lambda" && Array.isArray(n.arguments)) for (const arg of n.arguments as Node[]) bound.add(String(arg.value));
  if (typeof n.focus === "string") bound.add(n.focus);
  if (typeof n.index === "string") bound.add(n.index);
  for (const [key, value] of Object.entries(n)) {
    if (key !== "position" && key !== "value" && typeof value === "object") collect(value, read, bound);
  }
}

/**
 * Checks a string with a `{%` or `%}` delimiter (results cached: definitions repeat expressions a lot). One that does
 * not both start with `{%` and end with `%}` is not an expression at all: AWS would pass it on as a literal string.
 */
export const checkJsonata: (text: string) => JsonataResult = memoize((text) => {
  if (!isJsonataExpression(text)) {
    return { error: `"${text}" is passed on as a literal string, not evaluated: a JSONata expression must start with "{%" and end with "%}" exactly, with nothing outside them`, freeVariables: [] };
  }
  const body = jsonataBody(text);
  if (body.trim() === "") return { error: "the JSONata expression is empty", freeVariables: [] };
  const parsed = parseJsonata(body);
  if (parsed.error) {
    const { message, position } = parsed.error;
    return { error: `JSONata syntax error${position !== undefined ? ` at position ${position}` : ""}: ${message}`, freeVariables: [] };
  }
  const read = new Set<string>();
  const bound = new Set<string>();
  collect(parsed.expression.ast(), read, bound);
  return { freeVariables: [...read].filter((name) => !bound.has(name) && !BUILTINS.has(name) && !RESERVED.has(name)) };
});
