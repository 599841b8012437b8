/**
 * Payload templates: JSONPath `Parameters`/`ResultSelector`/`ItemSelector` (keys ending in `.$` take a
 * path or intrinsic) and JSONata `Arguments`/`Output`/`Assign` (strings in `{% %}` are expressions).
 * Both compile once to closures; constant subtrees are returned as they are, without copying.
 */
import type { JsonValue } from "../definition";
import { looksLikeIntrinsicCall } from "../syntax";
import { StatesError } from "./errors";
import { compileIntrinsic, type IntrinsicEnv } from "./intrinsics";
import { compileJsonata, isJsonataExpression, type JsonataBindings } from "./jsonata-eval";
import { compilePath, MISSING, type PathScope } from "./jsonpath";

export type PathTemplate = (scope: PathScope, env: IntrinsicEnv) => JsonValue;

/** Compiles a JSONPath payload template; `field` names it in error messages (e.g. `Parameters`). */
export function compilePathTemplate(template: JsonValue, field: string): PathTemplate {
  if (template === null || typeof template !== "object") return () => template;
  if (Array.isArray(template)) {
    const items = template.map((t, i) => compilePathTemplate(t, `${field}[${i}]`));
    if (template.every((t) => isConstant(t))) return () => template;
    return (scope, env) => items.map((f) => f(scope, env));
  }
  if (isConstant(template)) return () => template;
  const entries: { key: string; value: PathTemplate }[] = [];
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith(".$")) {
      const name = key.slice(0, -2);
      if (typeof value !== "string") {
        throw new StatesError("States.Runtime", `The value of the field '${key}' in ${field} must be a path or intrinsic function string, got ${JSON.stringify(value)}`);
      }
      entries.push({ key: name, value: compileDynamic(value, key) });
    } else {
      entries.push({ key, value: compilePathTemplate(value, `${field}.${key}`) });
    }
  }
  return (scope, env) => {
    const out: { [k: string]: JsonValue } = {};
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      out[e.key] = e.value(scope, env);
    }
    return out;
  };
}

function compileDynamic(value: string, key: string): PathTemplate {
  if (looksLikeIntrinsicCall(value)) return compileIntrinsic(value);
  const path = compilePath(value);
  return (scope) => {
    const found = path.get(scope);
    if (found === MISSING) throw missingPath(value, key, path.root === "context" ? scope.context() : scope.input);
    return found;
  };
}

export function missingPath(path: string, field: string, input: JsonValue): StatesError {
  return new StatesError("States.Runtime", `The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${JSON.stringify(input)}'`);
}

function isConstant(template: JsonValue): boolean {
  if (template === null || typeof template !== "object") return true;
  if (Array.isArray(template)) return template.every(isConstant);
  for (const [k, v] of Object.entries(template)) if (k.endsWith(".$") || !isConstant(v)) return false;
  return true;
}

export interface JsonataTemplate {
  readonly constant: boolean;
  evaluate(bindings: JsonataBindings): Promise<JsonValue>;
}

/** Compiles a JSONata template: any string in `{% %}` anywhere in the value is evaluated. */
export function compileJsonataTemplate(template: JsonValue, field: string): JsonataTemplate {
  if (isJsonataExpression(template)) {
    const expr = compileJsonata(template, field);
    return { constant: false, evaluate: (b) => expr.evaluate(b, field) };
  }
  if (template === null || typeof template !== "object" || !hasExpression(template)) {
    return { constant: true, evaluate: () => Promise.resolve(template) };
  }
  if (Array.isArray(template)) {
    const items = template.map((t, i) => compileJsonataTemplate(t, `${field}[${i}]`));
    return { constant: false, evaluate: async (b) => { const out: JsonValue[] = []; for (const item of items) out.push(await item.evaluate(b)); return out; } };
  }
  const entries = Object.entries(template).map(([k, v]) => [k, compileJsonataTemplate(v, `${field}.${k}`)] as const);
  return {
    constant: false,
    async evaluate(b) {
      const out: { [k: string]: JsonValue } = {};
      for (const [k, t] of entries) out[k] = await t.evaluate(b);
      return out;
    },
  };
}

function hasExpression(template: JsonValue): boolean {
  if (isJsonataExpression(template)) return true;
  if (template === null || typeof template !== "object") return false;
  if (Array.isArray(template)) return template.some(hasExpression);
  return Object.values(template).some(hasExpression);
}
