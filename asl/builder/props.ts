/**
 * The fields each state accepts, per query language. A field of the other language is typed `never`, so
 * `jsonPath.pass("x", { Output: ... })` or `jsonata.task("x", r, { ResultPath: ... })` does not compile.
 */
import type { ItemBatcher, JsonObject, JsonValue, JsonataExpression, QueryLanguage, ReaderConfig } from "../definition";
import type { PayloadObject, PayloadValue } from "./expressions";

type Forbid<K extends string> = { [P in K]?: never };

/** Fields only JSONPath states have. */
type JsonPathOnly =
  | "InputPath" | "OutputPath" | "Parameters" | "ResultSelector" | "ResultPath" | "Result" | "ItemsPath"
  | "SecondsPath" | "TimestampPath" | "ErrorPath" | "CausePath" | "TimeoutSecondsPath" | "HeartbeatSecondsPath"
  | "MaxConcurrencyPath" | "ToleratedFailurePercentagePath" | "ToleratedFailureCountPath";
/** Fields only JSONata states have. */
type JsonataOnly = "Arguments" | "Output" | "Items";

type JsonPathFields<T> = T & Forbid<Exclude<JsonataOnly, keyof T>>;
type JsonataFields<T> = T & Forbid<Exclude<JsonPathOnly, keyof T>>;

/** A number, or in JSONata states also an expression that yields one. */
type JsonataNumber = number | JsonataExpression;

interface Commented {
  Comment?: string;
}

interface JsonPathIo extends Commented {
  InputPath?: string | null;
  OutputPath?: string | null;
}
interface JsonPathResult extends JsonPathIo {
  Parameters?: PayloadObject;
  ResultSelector?: PayloadObject;
  ResultPath?: string | null;
  Assign?: PayloadObject;
}
interface JsonataIo extends Commented {
  Output?: JsonValue;
  Assign?: JsonObject;
}

export type PassProps<Q extends QueryLanguage> = Q extends "JSONPath"
  ? JsonPathFields<JsonPathIo & { Parameters?: PayloadObject; Result?: JsonValue; ResultPath?: string | null; Assign?: PayloadObject }>
  : JsonataFields<JsonataIo>;

interface TaskTimeouts<N> {
  /** Bounds the whole task, callbacks included. AWS's default is 99999999 s (over three years). */
  TimeoutSeconds?: N;
  HeartbeatSeconds?: N;
}

export type TaskProps<Q extends QueryLanguage> = Q extends "JSONPath"
  ? JsonPathFields<JsonPathResult & TaskTimeouts<number> & { TimeoutSecondsPath?: string; HeartbeatSecondsPath?: string; Credentials?: PayloadObject }>
  : JsonataFields<JsonataIo & TaskTimeouts<JsonataNumber> & { Arguments?: JsonValue; Credentials?: JsonValue }>;

/** Task fields when a service integration supplies the payload. */
export type IntegrationTaskProps<Q extends QueryLanguage> = Omit<TaskProps<Q>, "Parameters" | "Arguments"> & Forbid<"Parameters" | "Arguments">;

type OneOf<Options extends Record<string, unknown>> = {
  [K in keyof Options]: { [P in K]: Options[K] } & Forbid<Exclude<Extract<keyof Options, string>, K>>;
}[keyof Options];

export type WaitProps<Q extends QueryLanguage> = Q extends "JSONPath"
  ? JsonPathFields<JsonPathIo & { Assign?: PayloadObject } & OneOf<{ Seconds: number; SecondsPath: string; Timestamp: string; TimestampPath: string }>>
  : JsonataFields<JsonataIo & OneOf<{ Seconds: JsonataNumber; Timestamp: string }>>;

export type SucceedProps<Q extends QueryLanguage> = Q extends "JSONPath" ? JsonPathFields<JsonPathIo> : JsonataFields<Commented & { Output?: JsonValue }>;

export type FailProps<Q extends QueryLanguage> = Q extends "JSONPath"
  ? JsonPathFields<Commented & (OneOf<{ Error: string; ErrorPath: string }> | Forbid<"Error" | "ErrorPath">) & (OneOf<{ Cause: string; CausePath: string }> | Forbid<"Cause" | "CausePath">)>
  : JsonataFields<Commented & { Error?: string; Cause?: string }>;

export type ChoiceProps<Q extends QueryLanguage> = Q extends "JSONPath"
  ? JsonPathFields<JsonPathIo & { Assign?: PayloadObject }>
  : JsonataFields<JsonataIo>;

export type ParallelProps<Q extends QueryLanguage> = Q extends "JSONPath"
  ? JsonPathFields<JsonPathResult>
  : JsonataFields<JsonataIo & { Arguments?: JsonValue }>;


/** Distributed Map fields shared by both languages (payload fields differ, see below). */
interface DistributedFields<N> {
  ItemBatcher?: ItemBatcher;
  MaxConcurrency?: N;
  ToleratedFailurePercentage?: N;
  ToleratedFailureCount?: N;
  Label?: string;
}

export type MapProps<Q extends QueryLanguage> = Q extends "JSONPath"
  ? JsonPathFields<
      JsonPathResult &
        DistributedFields<number> & {
          ItemsPath?: string;
          ItemSelector?: PayloadObject;
          ItemReader?: { Resource: string; Parameters?: PayloadObject; ReaderConfig?: ReaderConfig };
          ResultWriter?: { Resource?: string; Parameters?: PayloadObject; WriterConfig?: { OutputType?: string; Transformation?: string } };
          MaxConcurrencyPath?: string;
          ToleratedFailurePercentagePath?: string;
          ToleratedFailureCountPath?: string;
        }
    >
  : JsonataFields<
      JsonataIo &
        DistributedFields<JsonataNumber> & {
          Items?: JsonataExpression | JsonValue[];
          ItemSelector?: JsonValue;
          ItemReader?: { Resource: string; Arguments?: JsonValue; ReaderConfig?: ReaderConfig };
          ResultWriter?: { Resource?: string; Arguments?: JsonValue; WriterConfig?: { OutputType?: string; Transformation?: string } };
        }
    >;

export interface ProcessorOptions {
  /** INLINE (default) runs iterations inside this execution; DISTRIBUTED runs child executions. */
  mode?: "INLINE" | "DISTRIBUTED";
  /** Child execution type of a distributed Map. */
  executionType?: "STANDARD" | "EXPRESS";
  comment?: string;
}

export type ChoiceRuleOptions<Q extends QueryLanguage> = Q extends "JSONPath"
  ? { Comment?: string; Assign?: PayloadObject; Output?: never }
  : { Comment?: string; Assign?: JsonObject; Output?: JsonValue };

/** A field value any state may hold before rendering. */
export type FieldValue = PayloadValue | undefined;
