/**
 * The diagnostic shape of AWS's ValidateStateMachineDefinition, so that our output and AWS's can be
 * compared and consumed by the same tooling.
 */
import type { Code } from "./codes";

export type Severity = "ERROR" | "WARNING";

export interface Diagnostic {
  severity: Severity;
  /** AWS's code where AWS has one (SCHEMA_VALIDATION_FAILED, MISSING_TRANSITION_TARGET...), ours otherwise. */
  code: string;
  message: string;
  /** JSON pointer (RFC 6901) to the offending value, e.g. `/States/Pay/Next`; `""` is the whole definition. */
  location: string;
}

/** Appends one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 requires. */
export function pointer(base: string, ...tokens: (string | number)[]): string {
  let result = base;
  for (const token of tokens) {
    const text = String(token);
    // Most tokens need no escaping; skipping the replace keeps validation of large definitions fast.
    result += "/" + (text.includes("~") || text.includes("/") ? text.replace(/~/g, "~0").replace(/\//g, "~1") : text);
  }
  return result;
}

/** Collects diagnostics; each rule module receives one and reports into it. */
export class Report {
  readonly diagnostics: Diagnostic[] = [];

  error(code: Code, location: string, message: string): void {
    this.diagnostics.push({ severity: "ERROR", code, message, location });
  }

  warning(code: Code, location: string, message: string): void {
    this.diagnostics.push({ severity: "WARNING", code, message, location });
  }
}
