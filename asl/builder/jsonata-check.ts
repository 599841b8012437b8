import type { JsonValue } from "../definition";
import { isJsonataExpression, jsonataBody, looksLikeJsonata, parseJsonata } from "../syntax/jsonata";
import { AslBuildError } from "./errors";

/**
 * Parses every `{% ... %}` expression in a JSONata state's field, so a syntax error fails the build
 * (naming state and field) instead of the execution that first reaches it.
 */
export function checkJsonataExpressions(value: JsonValue | undefined, stateName: string, field: string): void {
  if (value === null || value === undefined) return;
  if (typeof value === "string") {
    const expression = isJsonataExpression(value);
    if (expression !== looksLikeJsonata(value)) {
      throw new AslBuildError(stateName, `${field}: a JSONata expression must start with "{%" and end with "%}" (nothing outside them)`);
    }
    if (!expression) return;
    const body = jsonataBody(value);
    if (body.trim() === "") throw new AslBuildError(stateName, `${field}: the JSONata expression is empty`);
    const { error } = parseJsonata(body);
    if (error) throw new AslBuildError(stateName, `${field}: the JSONata expression ${value} does not parse: ${error.message}`);
    return;
  }
  if (Array.isArray(value)) value.forEach((item, index) => checkJsonataExpressions(item, stateName, `${field}[${index}]`));
  else if (typeof value === "object") for (const [key, item] of Object.entries(value)) checkJsonataExpressions(item, stateName, `${field}.${key}`);
}
