/**
 * The JSON shape of an Amazon States Language definition, as AWS documents it.
 *
 * This is the one data model the whole library shares: the builder emits it, and the validator,
 * renderer, interpreter and stacks consume it. Types here describe well-formed definitions; code that
 * reads hand-written JSON must still check it (the validator does) before trusting these types.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type QueryLanguage = "JSONPath" | "JSONata";

/** A JSONata expression as ASL writes it: the whole string wrapped in `{% ... %}`. */
export type JsonataExpression = `{%${string}%}`;

export type StateType = "Task" | "Choice" | "Pass" | "Wait" | "Succeed" | "Fail" | "Parallel" | "Map";

export interface StateMachineDefinition {
  Comment?: string;
  StartAt: string;
  States: Record<string, State>;
  TimeoutSeconds?: number;
  Version?: string;
  QueryLanguage?: QueryLanguage;
}

/** A Parallel branch or Map item processor: a nested state machine without the top-level extras. */
export interface SubMachine {
  Comment?: string;
  StartAt: string;
  States: Record<string, State>;
  QueryLanguage?: QueryLanguage;
}

export type State = TaskState | ChoiceState | PassState | WaitState | SucceedState | FailState | ParallelState | MapState;

interface CommonFields {
  Type: StateType;
  Comment?: string;
  QueryLanguage?: QueryLanguage;
}

/** Fields of JSONPath states. Which subset a state type allows is enforced by the builder and validator. */
export interface JsonPathIoFields {
  InputPath?: string | null;
  OutputPath?: string | null;
  Parameters?: JsonValue;
  ResultSelector?: JsonObject;
  ResultPath?: string | null;
}

/** Fields of JSONata states. */
export interface JsonataIoFields {
  Arguments?: JsonValue;
  Output?: JsonValue;
}

export interface TransitionFields {
  Next?: string;
  End?: true;
}

export interface AssignField {
  Assign?: JsonObject;
}

export type JitterStrategy = "FULL" | "NONE";

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: JitterStrategy;
  Comment?: string;
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Output?: JsonValue;
  Assign?: JsonObject;
  Comment?: string;
}

export interface TaskState extends CommonFields, JsonPathIoFields, JsonataIoFields, TransitionFields, AssignField {
  Type: "Task";
  Resource: string;
  Credentials?: JsonValue;
  TimeoutSeconds?: number | string;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number | string;
  HeartbeatSecondsPath?: string;
  Retry?: Retrier[];
  Catch?: Catcher[];
}

export interface PassState extends CommonFields, JsonPathIoFields, JsonataIoFields, TransitionFields, AssignField {
  Type: "Pass";
  Result?: JsonValue;
}

export interface WaitState extends CommonFields, JsonPathIoFields, JsonataIoFields, TransitionFields, AssignField {
  Type: "Wait";
  Seconds?: number | string;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
}

export interface SucceedState extends CommonFields, JsonPathIoFields, JsonataIoFields {
  Type: "Succeed";
}

export interface FailState extends CommonFields {
  Type: "Fail";
  Error?: string;
  ErrorPath?: string;
  Cause?: string;
  CausePath?: string;
}

/** A JSONPath Choice rule: one comparison, or a boolean combination (And/Or/Not) of rules. */
export interface ChoiceRule {
  Variable?: string;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
  Next?: string;
  Comment?: string;
  Assign?: JsonObject;
  Condition?: string;
  Output?: JsonValue;
  StringEquals?: string;
  StringEqualsPath?: string;
  StringLessThan?: string;
  StringLessThanPath?: string;
  StringGreaterThan?: string;
  StringGreaterThanPath?: string;
  StringLessThanEquals?: string;
  StringLessThanEqualsPath?: string;
  StringGreaterThanEquals?: string;
  StringGreaterThanEqualsPath?: string;
  StringMatches?: string;
  NumericEquals?: number;
  NumericEqualsPath?: string;
  NumericLessThan?: number;
  NumericLessThanPath?: string;
  NumericGreaterThan?: number;
  NumericGreaterThanPath?: string;
  NumericLessThanEquals?: number;
  NumericLessThanEqualsPath?: string;
  NumericGreaterThanEquals?: number;
  NumericGreaterThanEqualsPath?: string;
  BooleanEquals?: boolean;
  BooleanEqualsPath?: string;
  TimestampEquals?: string;
  TimestampEqualsPath?: string;
  TimestampLessThan?: string;
  TimestampLessThanPath?: string;
  TimestampGreaterThan?: string;
  TimestampGreaterThanPath?: string;
  TimestampLessThanEquals?: string;
  TimestampLessThanEqualsPath?: string;
  TimestampGreaterThanEquals?: string;
  TimestampGreaterThanEqualsPath?: string;
  IsNull?: boolean;
  IsPresent?: boolean;
  IsNumeric?: boolean;
  IsString?: boolean;
  IsBoolean?: boolean;
  IsTimestamp?: boolean;
}

/** Every comparison operator a JSONPath Choice rule can use, in the order AWS documents them. */
export const COMPARISON_OPERATORS = [
  "StringEquals", "StringEqualsPath", "StringLessThan", "StringLessThanPath", "StringGreaterThan",
  "StringGreaterThanPath", "StringLessThanEquals", "StringLessThanEqualsPath", "StringGreaterThanEquals",
  "StringGreaterThanEqualsPath", "StringMatches",
  "NumericEquals", "NumericEqualsPath", "NumericLessThan", "NumericLessThanPath", "NumericGreaterThan",
  "NumericGreaterThanPath", "NumericLessThanEquals", "NumericLessThanEqualsPath", "NumericGreaterThanEquals",
  "NumericGreaterThanEqualsPath",
  "BooleanEquals", "BooleanEqualsPath",
  "TimestampEquals", "TimestampEqualsPath", "TimestampLessThan", "TimestampLessThanPath", "TimestampGreaterThan",
  "TimestampGreaterThanPath", "TimestampLessThanEquals", "TimestampLessThanEqualsPath",
  "TimestampGreaterThanEquals", "TimestampGreaterThanEqualsPath",
  "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp",
] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

export interface ChoiceState extends CommonFields, AssignField {
  Type: "Choice";
  Choices: ChoiceRule[];
  Default?: string;
  InputPath?: string | null;
  OutputPath?: string | null;
  Output?: JsonValue;
}

export interface ParallelState extends CommonFields, JsonPathIoFields, JsonataIoFields, TransitionFields, AssignField {
  Type: "Parallel";
  Branches: SubMachine[];
  Retry?: Retrier[];
  Catch?: Catcher[];
}

export interface ItemProcessor extends SubMachine {
  ProcessorConfig?: { Mode?: "INLINE" | "DISTRIBUTED"; ExecutionType?: "STANDARD" | "EXPRESS" };
}

export interface ItemReader {
  Resource: string;
  Parameters?: JsonValue;
  Arguments?: JsonValue;
  ReaderConfig?: ReaderConfig;
}

export interface ReaderConfig {
  InputType?: "CSV" | "JSON" | "JSONL" | "MANIFEST" | "PARQUET";
  CSVHeaderLocation?: "FIRST_ROW" | "GIVEN";
  CSVHeaders?: string[];
  CSVDelimiter?: string;
  MaxItems?: number | string;
  MaxItemsPath?: string;
  ManifestType?: string;
}

export interface ItemBatcher {
  MaxItemsPerBatch?: number | string;
  MaxItemsPerBatchPath?: string;
  MaxInputBytesPerBatch?: number | string;
  MaxInputBytesPerBatchPath?: string;
  BatchInput?: JsonValue;
}

export interface ResultWriter {
  Resource?: string;
  Parameters?: JsonValue;
  Arguments?: JsonValue;
  WriterConfig?: { OutputType?: string; Transformation?: string };
}

export interface MapState extends CommonFields, JsonPathIoFields, JsonataIoFields, TransitionFields, AssignField {
  Type: "Map";
  ItemProcessor?: ItemProcessor;
  /** Deprecated predecessor of ItemProcessor, still accepted by AWS and common in older definitions. */
  Iterator?: SubMachine;
  ItemsPath?: string;
  Items?: JsonValue;
  ItemSelector?: JsonValue;
  ItemReader?: ItemReader;
  ItemBatcher?: ItemBatcher;
  ResultWriter?: ResultWriter;
  MaxConcurrency?: number | string;
  MaxConcurrencyPath?: string;
  ToleratedFailurePercentage?: number | string;
  ToleratedFailurePercentagePath?: string;
  ToleratedFailureCount?: number | string;
  ToleratedFailureCountPath?: string;
  Label?: string;
  Retry?: Retrier[];
  Catch?: Catcher[];
}

/** The error names Step Functions predefines (the `States.` prefix is reserved for them). */
export const PREDEFINED_ERRORS = [
  "States.ALL",
  "States.DataLimitExceeded",
  "States.ExceedToleratedFailureThreshold",
  "States.HeartbeatTimeout",
  "States.Http.Socket",
  "States.IntrinsicFailure",
  "States.ItemReaderFailed",
  "States.NoChoiceMatched",
  "States.ParameterPathFailure",
  "States.Permissions",
  "States.QueryEvaluationError",
  "States.ResultPathMatchFailure",
  "States.ResultWriterFailed",
  "States.Runtime",
  "States.TaskFailed",
  "States.Timeout",
] as const;
export type PredefinedError = (typeof PREDEFINED_ERRORS)[number];

/** The 18 intrinsic functions of JSONPath states. */
export const INTRINSIC_FUNCTIONS = [
  "States.Format", "States.StringToJson", "States.JsonToString", "States.Array", "States.ArrayPartition",
  "States.ArrayContains", "States.ArrayRange", "States.ArrayGetItem", "States.ArrayLength", "States.ArrayUnique",
  "States.Base64Encode", "States.Base64Decode", "States.Hash", "States.JsonMerge", "States.MathRandom",
  "States.MathAdd", "States.StringSplit", "States.UUID",
] as const;
export type IntrinsicFunctionName = (typeof INTRINSIC_FUNCTIONS)[number];

/**
 * True for a `${Name}` deploy-time placeholder (SAM DefinitionSubstitutions, Terraform templatefile).
 * A plain boolean, not a type guard: a false result must not narrow a string away.
 */
export function isPlaceholder(value: unknown): boolean {
  return typeof value === "string" && /^\$\{[^{}]+\}$/.test(value);
}
