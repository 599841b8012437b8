/**
 * JSONata in ASL strings, one definition for builder, validator and interpreter. A string is a JSONata
 * expression only when it starts with `{%` and ends with `%}` exactly (no whitespace outside the
 * delimiters): AWS passes any other string on as a literal. The `jsonata` package is loaded on first
 * parse only, so JSONPath-only machines never pay for it (it costs ~100 ms of every synth).
 */
import { createRequire } from "node:module";
import type jsonata from "jsonata";
import type { JsonataExpression } from "../definition";
import { memoize } from "./cache";

/** The same test as a JSON-schema `pattern` (the validator's schema), kept next to the function. */
export const JSONATA_EXPRESSION_PATTERN = "^\\{%[\\s\\S]*%\\}$";

/** True for a `{% ... %}` JSONata expression: starts with `{%` and ends with `%}`, nothing outside. */
export function isJsonataExpression(value: unknown): value is JsonataExpression {
  return typeof value === "string" && value.length >= 4 && value.startsWith("{%") && value.endsWith("%}");
}

/**
 * True for a string with a JSONata delimiter at either end: meant as an expression, whether or not it
 * is one (`"{% 1 %} "` is not: AWS passes it on as a literal, which is almost surely not what was meant).
 */
export function looksLikeJsonata(value: unknown): boolean {
  return typeof value === "string" && (value.startsWith("{%") || value.endsWith("%}"));
}

/** The expression between the delimiters of a `{% ... %}` string. */
export function jsonataBody(expression: JsonataExpression | string): string {
  return expression.slice(2, -2);
}

/** The functions Step Functions adds to JSONata's own (`$partition`, `$range`, ...). */
export const STEP_FUNCTIONS_JSONATA_FUNCTIONS = ["partition", "range", "hash", "random", "uuid", "parse"] as const;
export type StepFunctionsJsonataFunction = (typeof STEP_FUNCTIONS_JSONATA_FUNCTIONS)[number];

export type JsonataParse =
  | { readonly expression: jsonata.Expression; readonly error?: undefined }
  | { readonly expression?: undefined; readonly error: { readonly message: string; readonly position?: number } };

type Jsonata = typeof jsonata;
let jsonataModule: Jsonata | undefined;

/**
 * Parses a JSONata expression body (without `{% %}`); results are cached (bounded), so the same text
 * yields the same `Expression` object. A syntax error is returned, not thrown.
 */
export const parseJsonata: (body: string) => JsonataParse = memoize((body) => {
  jsonataModule ??= createRequire(import.meta.url)("jsonata") as Jsonata;
  try {
    return { expression: jsonataModule(body) };
  } catch (error) {
    const { message, position } = error as { message?: unknown; position?: unknown };
    return {
      error: {
        message: typeof message === "string" ? message : String(error),
        ...(typeof position === "number" ? { position } : {}),
      },
    };
  }
});
