export * from "./definition";
export * from "./builder";
export * from "./render/mermaid";
export { validateDefinition, assertValidDefinition, formatDiagnostic, CODES } from "./validator";
export type { Diagnostic, Severity, Code, ValidateOptions } from "./validator";
export * from "./interpreter";
// The builder and the interpreter both name a `StateMachine` (and its options): the bare names stay the
// builder's, as before; the interpreter's deployed machine is exported under the names below.
export { StateMachine, type StateMachineOptions } from "./builder";
export type { StateMachine as DeployedStateMachine, StateMachineOptions as DeployedStateMachineOptions } from "./interpreter";
