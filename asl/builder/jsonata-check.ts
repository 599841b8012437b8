import { createRequire } from "node:module";
import type { JsonValue } from "../definition";
import { AslBuildError } from "./errors";

type Jsonata = typeof import("jsonata");
let jsonataModule: Jsonata | undefined;

/** Loaded on first use: most machines (the checkout among them) are JSONPath-only, and loading jsonata costs ~100 ms of every synth. */
function jsonata(expression: string): ReturnType<Jsonata> {
  jsonataModule ??= createRequire(import.meta.url)("jsonata") as Jsonata;
  return jsonataModule(expression);
}

/**
 * Parses every `{% ... %}` expression in a JSONata state's field, so a syntax error fails the build
 * (naming state and field) instead of the execution that first reaches it.
 */
export function checkJsonataExpressions(value: JsonValue | undefined, stateName: string, field: string): void {
  if (value === null || value === undefined) return;
  if (typeof value === "string") {
    const opens = value.startsWith("{%");
    const closes = value.endsWith("%}");
    if (opens !== closes) throw new AslBuildError(stateName, `${field}: a JSONata expression must start with "{%" and end with "%}"`);
    if (!opens) return;
    const body = value.slice(2, -2);
    if (body.trim() === "") throw new AslBuildError(stateName, `${field}: the JSONata expression is empty`);
    try {
      jsonata(body);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new AslBuildError(stateName, `${field}: the JSONata expression ${value} does not parse: ${message}`);
    }
    return;
  }
  if (Array.isArray(value)) value.forEach((item, index) => checkJsonataExpressions(item, stateName, `${field}[${index}]`));
  else if (typeof value === "object") for (const [key, item] of Object.entries(value)) checkJsonataExpressions(item, stateName, `${field}.${key}`);
}
