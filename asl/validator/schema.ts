/**
 * JSON Schema (draft-07, for ajv) of an Amazon States Language definition: every state type and field
 * of both query languages, distributed Map included.
 *
 * The schema checks shape only: which fields a state type may carry, their JSON types and numeric
 * ranges. It admits the fields of both query languages on every state, because which language applies
 * is inherited from enclosing scopes; the semantic rules (rules/*.ts) reject the wrong language's fields
 * with a clearer message than a schema could give.
 *
 * RELAXED (issue and corpus): every number, boolean and timestamp field also accepts a whole `${...}`
 * placeholder string, substituted at deploy time (SAM DefinitionSubstitutions, Terraform templatefile).
 *
 * Scalar alternatives use anyOf with a `description`: the ajv error mapper shows that description
 * instead of one message per failed branch.
 */
import { COMPARISON_OPERATORS } from "../definition";
import { JSONATA_EXPRESSION_PATTERN } from "../syntax/jsonata";
import { TIMESTAMP_PATTERN } from "../syntax/timestamp";

type Schema = Record<string, unknown>;

/** Largest value AWS accepts for most second counts and attempt counts (99999999). */
const AWS_MAX = 99_999_999;

const placeholder: Schema = { $ref: "#/definitions/placeholder" };
const jsonata: Schema = { $ref: "#/definitions/jsonata" };
const anyJson: Schema = {};
const string: Schema = { type: "string" };
const stringOrNull: Schema = { type: ["string", "null"] };
const comment = string;

interface NumberBounds {
  integer?: boolean;
  minimum?: number;
  maximum?: number;
}

/** A number (or a deploy-time placeholder, or a JSONata expression) within bounds. */
function number(bounds: NumberBounds, options: { expression?: boolean } = { expression: true }): Schema {
  const { integer = true, minimum, maximum } = bounds;
  const range = [minimum !== undefined ? `≥ ${minimum}` : "", maximum !== undefined ? `≤ ${maximum}` : ""].filter(Boolean).join(" and ");
  const kind = integer ? "an integer" : "a number";
  const numeric: Schema = { type: integer ? "integer" : "number" };
  if (minimum !== undefined) numeric.minimum = minimum;
  if (maximum !== undefined) numeric.maximum = maximum;
  const alternatives = [numeric, placeholder];
  if (options.expression) alternatives.push(jsonata);
  const others = options.expression ? ", a ${...} placeholder or a {% JSONata %} expression" : " or a ${...} placeholder";
  return { description: `must be ${kind}${range ? " " + range : ""}${others}`, anyOf: alternatives };
}

const boolean: Schema = { description: "must be a boolean or a ${...} placeholder", anyOf: [{ type: "boolean" }, placeholder] };
const queryLanguage: Schema = { enum: ["JSONPath", "JSONata"] };
const timestamp: Schema = {
  description: "must be an RFC 3339 timestamp (e.g. 2016-03-14T01:59:00Z), a ${...} placeholder or a {% JSONata %} expression",
  // AWS requires an uppercase T and Z, which ajv-formats' date-time (case-insensitive per RFC 3339) lets through.
  anyOf: [{ type: "string", format: "date-time", pattern: TIMESTAMP_PATTERN }, placeholder, jsonata],
};
const stringOrExpression: Schema = string;
const errorEquals: Schema = { type: "array", minItems: 1, items: string };
const assign: Schema = { type: "object" };

const retrier: Schema = {
  type: "object",
  required: ["ErrorEquals"],
  additionalProperties: false,
  properties: {
    ErrorEquals: errorEquals,
    IntervalSeconds: number({ minimum: 1, maximum: AWS_MAX }, { expression: false }),
    MaxAttempts: number({ minimum: 0, maximum: AWS_MAX }, { expression: false }),
    BackoffRate: number({ integer: false, minimum: 1 }, { expression: false }),
    MaxDelaySeconds: number({ minimum: 1, maximum: 31_622_400 }, { expression: false }),
    JitterStrategy: { enum: ["FULL", "NONE"] },
    Comment: comment,
  },
};

const catcher: Schema = {
  type: "object",
  required: ["ErrorEquals", "Next"],
  additionalProperties: false,
  properties: { ErrorEquals: errorEquals, Next: string, ResultPath: stringOrNull, Output: anyJson, Assign: assign, Comment: comment },
};

const common = { Type: {}, Comment: comment, QueryLanguage: queryLanguage };
const io = { InputPath: stringOrNull, OutputPath: stringOrNull };
const transition = { Next: string, End: { const: true } };
const resultHandling = { Parameters: anyJson, ResultSelector: { type: "object" }, ResultPath: stringOrNull, Arguments: anyJson };
const errorHandling = { Retry: { type: "array", items: retrier }, Catch: { type: "array", items: catcher } };
const variables = { Assign: assign, Output: anyJson };

function stateSchema(type: string, properties: Schema, required: string[] = []): Schema {
  return {
    type: "object",
    required: ["Type", ...required],
    additionalProperties: false,
    properties: { ...common, ...properties, Type: { const: type } },
  };
}

const subMachineProperties = {
  Comment: comment,
  StartAt: string,
  States: { type: "object", minProperties: 1, additionalProperties: { $ref: "#/definitions/state" } },
  QueryLanguage: queryLanguage,
};
const subMachine: Schema = { type: "object", required: ["StartAt", "States"], additionalProperties: false, properties: subMachineProperties };
const itemProcessor: Schema = {
  type: "object",
  required: ["StartAt", "States"],
  additionalProperties: false,
  properties: {
    ...subMachineProperties,
    ProcessorConfig: {
      type: "object",
      additionalProperties: false,
      properties: { Mode: { enum: ["INLINE", "DISTRIBUTED"] }, ExecutionType: { enum: ["STANDARD", "EXPRESS"] } },
    },
  },
};

const itemReader: Schema = {
  type: "object",
  required: ["Resource"],
  additionalProperties: false,
  properties: {
    Resource: string,
    Parameters: anyJson,
    Arguments: anyJson,
    ReaderConfig: {
      type: "object",
      additionalProperties: false,
      properties: {
        InputType: { enum: ["CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"] },
        CSVHeaderLocation: { enum: ["FIRST_ROW", "GIVEN"] },
        CSVHeaders: { type: "array", items: string },
        CSVDelimiter: { enum: ["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"] },
        MaxItems: number({ minimum: 0, maximum: 100_000_000 }),
        MaxItemsPath: string,
        ManifestType: { enum: ["ATHENA_DATA", "S3_INVENTORY"] },
      },
    },
  },
};

const itemBatcher: Schema = {
  type: "object",
  additionalProperties: false,
  properties: {
    MaxItemsPerBatch: number({ minimum: 1 }),
    MaxItemsPerBatchPath: string,
    MaxInputBytesPerBatch: number({ minimum: 1, maximum: 262_144 }),
    MaxInputBytesPerBatchPath: string,
    BatchInput: anyJson,
  },
};

const resultWriter: Schema = {
  type: "object",
  additionalProperties: false,
  properties: {
    Resource: string,
    Parameters: anyJson,
    Arguments: anyJson,
    WriterConfig: {
      type: "object",
      additionalProperties: false,
      properties: { OutputType: { enum: ["JSON", "JSONL"] }, Transformation: { enum: ["NONE", "COMPACT", "FLATTEN"] } },
    },
  },
};

/** The JSON type each Choice comparison operator's value must have. */
function comparisonSchema(operator: string): Schema {
  if (operator.endsWith("Path")) return string;
  if (operator.startsWith("Numeric")) return number({ integer: false }, { expression: false });
  if (operator.startsWith("Boolean") || operator.startsWith("Is")) return boolean;
  if (operator.startsWith("Timestamp")) return timestamp;
  return string;
}

const choiceRule: Schema = {
  type: "object",
  additionalProperties: false,
  properties: {
    Variable: string,
    And: { type: "array", items: { $ref: "#/definitions/choiceRule" } },
    Or: { type: "array", items: { $ref: "#/definitions/choiceRule" } },
    Not: { $ref: "#/definitions/choiceRule" },
    Next: string,
    Comment: comment,
    Assign: assign,
    Output: anyJson,
    // Whether a string Condition is a {% %} expression is the JSONata rule's to say, with a clearer message.
    Condition: { type: ["string", "boolean"] },
    ...Object.fromEntries(COMPARISON_OPERATORS.map((operator) => [operator, comparisonSchema(operator)])),
  },
};

const states: Schema[] = [
  stateSchema(
    "Task",
    {
      ...io, ...resultHandling, ...transition, ...errorHandling, ...variables,
      Resource: string,
      Credentials: anyJson,
      TimeoutSeconds: number({ minimum: 1, maximum: AWS_MAX }),
      TimeoutSecondsPath: string,
      HeartbeatSeconds: number({ minimum: 1, maximum: AWS_MAX }),
      HeartbeatSecondsPath: string,
    },
    ["Resource"],
  ),
  stateSchema("Pass", { ...io, Parameters: anyJson, ResultPath: stringOrNull, Result: anyJson, ...transition, ...variables }),
  stateSchema("Wait", {
    ...io, ...transition, ...variables,
    Seconds: number({ minimum: 0, maximum: AWS_MAX }),
    SecondsPath: string,
    Timestamp: timestamp,
    TimestampPath: string,
  }),
  stateSchema("Succeed", { ...io, Output: anyJson }),
  stateSchema("Fail", { Error: stringOrExpression, ErrorPath: string, Cause: stringOrExpression, CausePath: string }),
  stateSchema("Choice", { ...io, ...variables, Choices: { type: "array", minItems: 1, items: { $ref: "#/definitions/choiceRule" } }, Default: string }, ["Choices"]),
  stateSchema("Parallel", { ...io, ...resultHandling, ...transition, ...errorHandling, ...variables, Branches: { type: "array", minItems: 1, items: subMachine } }, ["Branches"]),
  stateSchema("Map", {
    ...io, ...transition, ...errorHandling, ...variables,
    Parameters: anyJson,
    ResultSelector: { type: "object" },
    ResultPath: stringOrNull,
    ItemProcessor: itemProcessor,
    Iterator: subMachine,
    ItemsPath: string,
    Items: { description: "must be an array or a {% JSONata %} expression", anyOf: [{ type: "array" }, jsonata] },
    ItemSelector: anyJson,
    ItemReader: itemReader,
    ItemBatcher: itemBatcher,
    ResultWriter: resultWriter,
    MaxConcurrency: number({ minimum: 0 }),
    MaxConcurrencyPath: string,
    ToleratedFailurePercentage: number({ integer: false, minimum: 0, maximum: 100 }),
    ToleratedFailurePercentagePath: string,
    ToleratedFailureCount: number({ minimum: 0 }),
    ToleratedFailureCountPath: string,
    Label: string,
  }),
];

export const definitionSchema: Schema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://states-language.net/asl-definition.schema.json",
  type: "object",
  required: ["StartAt", "States"],
  additionalProperties: false,
  properties: {
    Comment: comment,
    StartAt: string,
    States: { type: "object", minProperties: 1, additionalProperties: { $ref: "#/definitions/state" } },
    TimeoutSeconds: number({ minimum: 0, maximum: AWS_MAX }, { expression: false }),
    Version: string,
    QueryLanguage: queryLanguage,
  },
  definitions: {
    placeholder: { type: "string", pattern: "^\\$\\{[^{}]+\\}$" },
    jsonata: { type: "string", pattern: JSONATA_EXPRESSION_PATTERN },
    choiceRule,
    state: {
      type: "object",
      required: ["Type"],
      properties: { Type: { enum: ["Task", "Pass", "Wait", "Succeed", "Fail", "Choice", "Parallel", "Map"] } },
      discriminator: { propertyName: "Type" },
      oneOf: states,
    },
  },
};
