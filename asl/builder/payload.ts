/**
 * Turns payload templates into ASL JSON: references become `key.$` entries in JSONPath states; JSONata
 * states refuse them (a JSONata state computes with `{% %}` expressions instead).
 */
import type { JsonObject, JsonValue, QueryLanguage } from "../definition";
import { AslBuildError } from "./errors";
import { isDynamic, type PayloadValue } from "./expressions";
import { checkJsonataExpressions } from "./jsonata-check";

export function renderPayload(value: PayloadValue, language: QueryLanguage, stateName: string, field: string): JsonValue {
  if (isDynamic(value)) {
    throw new AslBuildError(stateName, `${field} must be an object template; a reference (${value.toString()}) goes under a key`);
  }
  const rendered = renderValue(value, language, stateName, field);
  if (language === "JSONata") checkJsonataExpressions(rendered, stateName, field);
  return rendered;
}

export function renderPayloadObject(value: PayloadValue, language: QueryLanguage, stateName: string, field: string): JsonObject {
  const rendered = renderPayload(value, language, stateName, field);
  if (rendered === null || typeof rendered !== "object" || Array.isArray(rendered)) {
    throw new AslBuildError(stateName, `${field} must be a JSON object`);
  }
  return rendered;
}

function renderValue(value: PayloadValue, language: QueryLanguage, stateName: string, where: string): JsonValue {
  if (value === null || typeof value !== "object") return value;
  if (isDynamic(value)) {
    throw new AslBuildError(stateName, `${where} holds ${value.toString()} inside an array; JSONPath cannot evaluate references in arrays (use intrinsic.array(...) under a key)`);
  }
  if (Array.isArray(value)) return value.map((item, index) => renderValue(item, language, stateName, `${where}[${index}]`));
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    const at = `${where}.${key}`;
    if (language === "JSONata") {
      if (isDynamic(item) || key.endsWith(".$")) {
        throw new AslBuildError(stateName, `${at}: JSONPath references (path(), intrinsic, "key.$") are not available in a JSONata state; use a {% ... %} expression`);
      }
      out[key] = renderValue(item, language, stateName, at);
      continue;
    }
    if (isDynamic(item)) {
      const plainKey = key.endsWith(".$") ? key.slice(0, -2) : key;
      const dynamicKey = `${plainKey}.$`;
      if (Object.hasOwn(out, dynamicKey) || Object.hasOwn(out, plainKey)) throw new AslBuildError(stateName, `${at}: the key is given twice (with and without ".$")`);
      out[dynamicKey] = item.toString();
      continue;
    }
    const twin = key.endsWith(".$") ? key.slice(0, -2) : `${key}.$`;
    if (Object.hasOwn(out, key) || Object.hasOwn(out, twin)) throw new AslBuildError(stateName, `${at}: the key is given twice (with and without ".$")`);
    if (key.endsWith(".$")) {
      if (typeof item !== "string" || !(item.startsWith("$") || item.startsWith("States."))) {
        throw new AslBuildError(stateName, `${at}: a key ending in ".$" needs a path ("$...") or an intrinsic function call ("States....")`);
      }
    }
    out[key] = renderValue(item, language, stateName, at);
  }
  return out;
}

/** True if `value` anywhere holds the task token reference, as a callback task's payload must. */
export function mentionsTaskToken(value: PayloadValue | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return value.includes("$$.Task.Token") || value.includes("$states.context.Task.Token");
  if (typeof value !== "object") return false;
  if (isDynamic(value)) return value.toString().includes("$$.Task.Token");
  if (Array.isArray(value)) return value.some(mentionsTaskToken);
  return Object.values(value).some(mentionsTaskToken);
}
