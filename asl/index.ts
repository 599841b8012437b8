export * from "./definition";
export * from "./builder";
export * from "./render/mermaid";
export { validateDefinition, assertValidDefinition, formatDiagnostic, CODES } from "./validator";
export type { Diagnostic, Severity, Code, ValidateOptions } from "./validator";
