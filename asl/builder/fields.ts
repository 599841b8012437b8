import type { JsonValue } from "../definition";
import type { StateNode } from "./node";
import type { FieldValue } from "./props";
import { renderPayload } from "./payload";
import { AslBuildError } from "./errors";

/**
 * Renders a state's own fields: payload templates become JSON (with `.$` keys in JSONPath states), and
 * JSONPath path fields are checked to be paths.
 */
export function renderFields(state: StateNode, props: object): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(props as Record<string, FieldValue>)) {
    if (value === undefined || key === "Comment") continue;
    if (key === "Result") {
      // A Pass state's Result is literal JSON: nothing in it is evaluated.
      out[key] = value as JsonValue;
      continue;
    }
    if (state.queryLanguage === "JSONPath" && key.endsWith("Path") && value !== null && (typeof value !== "string" || !value.startsWith("$"))) {
      throw new AslBuildError(state.name, `${key} must be a path starting with "$", got ${JSON.stringify(String(value))}`);
    }
    out[key] = renderPayload(value, state.queryLanguage, state.name, key);
  }
  return out;
}
