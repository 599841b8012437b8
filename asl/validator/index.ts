/**
 * ASL validator: the JSON Schema (ajv, compiled once) plus semantic rules, reporting every problem at
 * once as AWS ValidateStateMachineDefinition-shaped diagnostics. The input is never modified.
 */
import { Report, type Diagnostic } from "./diagnostic";
import { checkSchema } from "./schema-check";
import { collectScopes, isRecord } from "./walk";
import { checkGraph } from "./rules/graph";
import { checkFields } from "./rules/fields";
import { checkChoices } from "./rules/choice";
import { checkExpressions } from "./rules/expressions";
import { checkVariables } from "./rules/variables";
import { checkPlaceholders } from "./rules/placeholders";

export type { Diagnostic, Severity } from "./diagnostic";
export { CODES, type Code } from "./codes";

export interface ValidateOptions {
  /** Report WARNING diagnostics too (default true). */
  warnings?: boolean;
  /** Warn about `${` that Terraform templatefile would interpolate (default true). */
  terraformInterpolation?: boolean;
}

/** Validates an ASL definition (parsed JSON); returns every ERROR and WARNING found, [] when clean. */
export function validateDefinition(definition: unknown, options: ValidateOptions = {}): Diagnostic[] {
  const report = new Report();
  if (!isRecord(definition) || Object.keys(definition).length === 0) {
    report.error("MISSING_DESCRIPTION", "", `the definition must be a non-empty JSON object, got ${definition === null ? "null" : Array.isArray(definition) ? "an array" : typeof definition === "object" ? "an empty object" : typeof definition}`);
    return report.diagnostics;
  }
  checkSchema(definition, report);
  const scopes = collectScopes(definition);
  checkGraph(scopes, report);
  checkFields(scopes, definition.QueryLanguage, report);
  checkChoices(scopes, report);
  const reads = checkExpressions(scopes, report);
  checkVariables(scopes, reads, report);
  if (options.terraformInterpolation !== false) checkPlaceholders(definition, report);
  return options.warnings === false ? report.diagnostics.filter((d) => d.severity === "ERROR") : report.diagnostics;
}

/** One line per diagnostic: `SEVERITY CODE location message`. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  return `${diagnostic.severity} ${diagnostic.code} ${diagnostic.location || "/"} ${diagnostic.message}`;
}

/** Throws an Error listing every ERROR diagnostic; returns quietly when there is none (warnings are ignored). */
export function assertValidDefinition(definition: unknown, name = "state machine definition"): void {
  const errors = validateDefinition(definition, { warnings: false });
  if (errors.length === 0) return;
  throw new Error(`${name} is invalid (${errors.length} error${errors.length === 1 ? "" : "s"}):\n${errors.map((d) => `  ${formatDiagnostic(d)}`).join("\n")}`);
}
