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

export { pointer } from "../syntax/json-pointer";

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
