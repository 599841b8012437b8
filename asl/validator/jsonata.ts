/**
 * Parses the `{% ... %}` JSONata expressions of JSONata states with the `jsonata` package and lists
 * the variables each one reads from outside itself (so the variable rule can check they are assigned).
 */
import jsonata from "jsonata";

/** JSONata's built-in functions plus the ones Step Functions adds; `$name(...)` calls to these are not variables. */
const BUILTINS = new Set([
  "sum", "count", "max", "min", "average", "string", "substring", "substringBefore", "substringAfter",
  "lowercase", "uppercase", "length", "trim", "pad", "match", "contains", "replace", "split", "join",
  "formatNumber", "formatBase", "formatInteger", "parseInteger", "number", "floor", "ceil", "round", "abs",
  "sqrt", "power", "random", "boolean", "not", "map", "zip", "filter", "single", "reduce", "sift", "keys",
  "lookup", "append", "exists", "spread", "merge", "reverse", "each", "error", "assert", "type", "sort",
  "shuffle", "distinct", "base64encode", "base64decode", "encodeUrlComponent", "encodeUrl",
  "decodeUrlComponent", "decodeUrl", "eval", "toMillis", "fromMillis", "clone", "now", "millis",
  // Step Functions additions
  "partition", "range", "hash", "uuid", "parse",
]);

/** Reserved names: `$` (context), `$$` (root) and `$states` (the state's reserved variable). */
const RESERVED = new Set(["", "$", "states"]);

export interface JsonataResult {
  /** Syntax error message, if the expression does not parse. */
  error?: string;
  /** Variables the expression reads without binding them itself. */
  freeVariables: string[];
}

/** True for a string written as a JSONata expression: starts with `{%` (closing `%}` checked by parseJsonata). */
export function looksLikeJsonata(value: unknown): value is string {
  return typeof value === "string" && value.startsWith("{%");
}

/** Parse results by expression text; bounded so a long-running process validating many files stays small. */
const cache = new Map<string, JsonataResult>();
const CACHE_LIMIT = 10_000;

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

/** Parses one `{% ... %}` expression (results are cached: definitions repeat expressions a lot). */
export function parseJsonata(text: string): JsonataResult {
  const cached = cache.get(text);
  if (cached) return cached;
  let result: JsonataResult;
  if (!text.trimEnd().endsWith("%}")) {
    result = { error: "a JSONata expression must be wrapped in {% ... %}: the closing %} is missing", freeVariables: [] };
  } else {
    const body = text.trimEnd().slice(2, -2);
    if (body.trim() === "") {
      result = { error: "the JSONata expression is empty", freeVariables: [] };
    } else {
      try {
        const read = new Set<string>();
        const bound = new Set<string>();
        collect(jsonata(body).ast(), read, bound);
        result = { freeVariables: [...read].filter((name) => !bound.has(name) && !BUILTINS.has(name) && !RESERVED.has(name)) };
      } catch (error) {
        const { message, position } = error as { message?: string; position?: number };
        result = { error: `JSONata syntax error${position !== undefined ? ` at position ${position}` : ""}: ${message ?? String(error)}`, freeVariables: [] };
      }
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, result);
  return result;
}
