import type { JsonataExpression } from "../definition";

export { isJsonataExpression } from "../syntax/jsonata";

/** Wraps a JSONata expression in the `{% ... %}` delimiters ASL reads it by: `jsonataExpr("$states.input.id")`. */
export function jsonataExpr(expression: string): JsonataExpression {
  const body = expression.trim();
  if (body === "") throw new Error("jsonataExpr(): the expression is empty");
  return `{% ${body} %}`;
}
