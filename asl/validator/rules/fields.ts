/**
 * Per-state field rules the schema cannot express: fields of the other query language, mutually
 * exclusive field pairs, the field combinations of Task, Wait, Fail and Map, Retry/Catch error names,
 * Resource ARNs and Map labels.
 */
import { isPlaceholder, PREDEFINED_ERRORS } from "../../definition";
import { pointer, type Report } from "../diagnostic";
import { looksLikeJsonata } from "../../syntax";
import { awsNameProblem, MAX_MAP_LABEL_LENGTH } from "../../syntax/names";
import { isRecord, type JsonRecord, type Scope, type StateContext } from "../walk";

/** State fields only JSONPath states may use. */
const JSONPATH_ONLY = [
  "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "ItemsPath", "Result",
  "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath", "ErrorPath", "CausePath",
  "MaxConcurrencyPath", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath",
];
/** State fields only JSONata states may use. */
const JSONATA_ONLY = ["Arguments", "Output", "Items"];

/**
 * Pairs of which at most one may be present. (Pairs across query languages, such as Parameters and
 * Arguments, need no entry: one of the two is always reported as WRONG_QUERY_LANGUAGE_FIELD.)
 */
const AT_MOST_ONE: Record<string, string[][]> = {
  Task: [["TimeoutSeconds", "TimeoutSecondsPath"], ["HeartbeatSeconds", "HeartbeatSecondsPath"]],
  Fail: [["Error", "ErrorPath"], ["Cause", "CausePath"]],
  Map: [
    ["ItemProcessor", "Iterator"], ["Parameters", "ItemSelector"],
    ["MaxConcurrency", "MaxConcurrencyPath"], ["ToleratedFailurePercentage", "ToleratedFailurePercentagePath"],
    ["ToleratedFailureCount", "ToleratedFailureCountPath"],
  ],
};

/** Map fields that only a Map in DISTRIBUTED mode may use. */
const DISTRIBUTED_ONLY = ["ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Label"];

const PREDEFINED = new Set<string>(PREDEFINED_ERRORS);

function present(record: JsonRecord, fields: string[]): string[] {
  return fields.filter((field) => record[field] !== undefined);
}

function checkQueryLanguage(context: StateContext, definitionLanguage: unknown, report: Report): void {
  const { state, pointer: at, queryLanguage } = context;
  if (definitionLanguage === "JSONata" && state.QueryLanguage === "JSONPath") {
    report.error("INVALID_QUERY_LANGUAGE", pointer(at, "QueryLanguage"), `state "${context.name}" sets QueryLanguage JSONPath, but the definition's top-level QueryLanguage is JSONata: a JSONata definition cannot hold JSONPath states`);
  }
  const foreign = queryLanguage === "JSONata" ? JSONPATH_ONLY : JSONATA_ONLY;
  for (const field of present(state, foreign)) {
    report.error("WRONG_QUERY_LANGUAGE_FIELD", pointer(at, field), `${field} is a ${queryLanguage === "JSONata" ? "JSONPath" : "JSONata"} field, but state "${context.name}" uses ${queryLanguage}`);
  }
  const catchers = Array.isArray(state.Catch) ? state.Catch : [];
  catchers.forEach((catcher, i) => {
    if (!isRecord(catcher)) return;
    const field = queryLanguage === "JSONata" ? "ResultPath" : "Output";
    if (catcher[field] !== undefined) report.error("WRONG_QUERY_LANGUAGE_FIELD", pointer(at, "Catch", i, field), `${field} in a Catcher is not allowed in a ${queryLanguage} state`);
  });
  for (const [holder, jsonPathField, jsonataField] of [["ItemReader", "Parameters", "Arguments"], ["ResultWriter", "Parameters", "Arguments"]] as const) {
    const part = state[holder];
    if (!isRecord(part)) continue;
    const wrong = queryLanguage === "JSONata" ? jsonPathField : jsonataField;
    if (part[wrong] !== undefined) report.error("WRONG_QUERY_LANGUAGE_FIELD", pointer(at, holder, wrong), `${holder}.${wrong} is not allowed in a ${queryLanguage} state`);
  }
  if (queryLanguage === "JSONPath") {
    // JSONata expressions in scalar fields (Seconds, TimeoutSeconds...) only mean something in JSONata states.
    for (const [field, value] of Object.entries(state)) {
      if (looksLikeJsonata(value) && !["Comment", "Error", "Cause"].includes(field)) {
        report.error("WRONG_QUERY_LANGUAGE_FIELD", pointer(at, field), `${field} holds a JSONata expression, but state "${context.name}" uses JSONPath (set "QueryLanguage": "JSONata")`);
      }
    }
  }
}

function checkExclusive(context: StateContext, report: Report): void {
  const { state, pointer: at } = context;
  for (const group of AT_MOST_ONE[String(state.Type)] ?? []) {
    const found = present(state, group);
    if (found.length > 1) report.error("MUTUALLY_EXCLUSIVE_FIELDS", pointer(at, found[1] as string), `state "${context.name}" has both ${found.join(" and ")}: use only one`);
  }
  if (state.Type === "Wait") {
    const found = present(state, ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"]);
    if (found.length !== 1) {
      report.error("MUTUALLY_EXCLUSIVE_FIELDS", found.length > 1 ? pointer(at, found[1] as string) : at, `Wait state "${context.name}" must have exactly one of Seconds, SecondsPath, Timestamp, TimestampPath${found.length ? ` (it has ${found.join(", ")})` : ""}`);
    }
  }
  if (state.Type === "Map" && state.ItemProcessor === undefined && state.Iterator === undefined) {
    report.error("MUTUALLY_EXCLUSIVE_FIELDS", at, `Map state "${context.name}" needs an ItemProcessor (or the older Iterator)`);
  }
}

function checkTaskTimeouts(context: StateContext, report: Report): void {
  const { state, pointer: at } = context;
  if (typeof state.TimeoutSeconds === "number" && typeof state.HeartbeatSeconds === "number" && state.HeartbeatSeconds >= state.TimeoutSeconds) {
    report.error("INVALID_FIELD_COMBINATION", pointer(at, "HeartbeatSeconds"), `HeartbeatSeconds (${state.HeartbeatSeconds}) must be smaller than TimeoutSeconds (${state.TimeoutSeconds})`);
  }
}

function checkMap(context: StateContext, report: Report): void {
  const { state, pointer: at } = context;
  const processor = isRecord(state.ItemProcessor) ? state.ItemProcessor : undefined;
  const config = processor && isRecord(processor.ProcessorConfig) ? processor.ProcessorConfig : undefined;
  const distributed = config?.Mode === "DISTRIBUTED";
  if (!distributed) {
    for (const field of present(state, DISTRIBUTED_ONLY)) {
      report.error("INVALID_FIELD_COMBINATION", pointer(at, field), `${field} is only allowed in a Map state whose ItemProcessor.ProcessorConfig.Mode is DISTRIBUTED`);
    }
    if (config?.ExecutionType !== undefined) {
      report.error("INVALID_FIELD_COMBINATION", pointer(at, "ItemProcessor", "ProcessorConfig", "ExecutionType"), "ExecutionType is only allowed when Mode is DISTRIBUTED");
    }
  } else if (config?.ExecutionType === undefined) {
    report.error("INVALID_FIELD_COMBINATION", pointer(at, "ItemProcessor", "ProcessorConfig"), `Map state "${context.name}" is DISTRIBUTED and must set ExecutionType (STANDARD or EXPRESS)`);
  }
  const reader = isRecord(state.ItemReader) ? state.ItemReader : undefined;
  const readerConfig = reader && isRecord(reader.ReaderConfig) ? reader.ReaderConfig : undefined;
  if (readerConfig) {
    const configAt = pointer(at, "ItemReader", "ReaderConfig");
    if (readerConfig.CSVHeaderLocation === "GIVEN" && readerConfig.CSVHeaders === undefined) {
      report.error("INVALID_FIELD_COMBINATION", configAt, 'CSVHeaderLocation GIVEN requires CSVHeaders');
    }
    if (readerConfig.CSVHeaders !== undefined && readerConfig.CSVHeaderLocation !== "GIVEN") {
      report.error("INVALID_FIELD_COMBINATION", pointer(configAt, "CSVHeaders"), 'CSVHeaders is only allowed with "CSVHeaderLocation": "GIVEN"');
    }
    if (readerConfig.MaxItems !== undefined && readerConfig.MaxItemsPath !== undefined) {
      report.error("MUTUALLY_EXCLUSIVE_FIELDS", pointer(configAt, "MaxItemsPath"), "ReaderConfig has both MaxItems and MaxItemsPath: use only one");
    }
  }
  const batcher = isRecord(state.ItemBatcher) ? state.ItemBatcher : undefined;
  if (batcher) {
    for (const pair of [["MaxItemsPerBatch", "MaxItemsPerBatchPath"], ["MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"]]) {
      const found = present(batcher, pair);
      if (found.length > 1) report.error("MUTUALLY_EXCLUSIVE_FIELDS", pointer(at, "ItemBatcher", found[1] as string), `ItemBatcher has both ${found.join(" and ")}: use only one`);
    }
  }
  if (typeof state.Label === "string") checkLabel(state.Label, pointer(at, "Label"), report);
}

function checkLabel(label: string, at: string, report: Report): void {
  const problem = awsNameProblem(label, MAX_MAP_LABEL_LENGTH);
  if (problem !== undefined) report.error("INVALID_LABEL_NAME", at, `Label ${JSON.stringify(label)} is not a valid Map Run label: ${problem}`);
}

function checkErrorLists(context: StateContext, report: Report): void {
  for (const field of ["Retry", "Catch"] as const) {
    const list = context.state[field];
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      if (!isRecord(entry) || !Array.isArray(entry.ErrorEquals)) return;
      const names = entry.ErrorEquals;
      const at = pointer(context.pointer, field, index, "ErrorEquals");
      names.forEach((name, i) => {
        if (typeof name !== "string") return;
        if (name === "States.ALL") {
          if (names.length > 1) report.error("INVALID_ERROR_EQUALS", pointer(at, i), `"States.ALL" must appear alone in ErrorEquals`);
          if (index !== list.length - 1) report.error("INVALID_ERROR_EQUALS", pointer(at, i), `"States.ALL" must be in the last ${field === "Retry" ? "Retrier" : "Catcher"} of ${field}`);
        } else if (
          // RELAXED (corpus): only a WARNING. Real definitions catch their own "States.QuorumMet" or
          // misspell "States.TaskFailedId"; AWS accepts both at definition time, and they never match
          // a predefined error, which is worth a warning but not a failed build.
          name.startsWith("States.") && !PREDEFINED.has(name) && !/^States\.Http\.StatusCode\.\d{3}$/.test(name)) {
          report.warning("INVALID_ERROR_EQUALS", pointer(at, i), `"${name}" is not a predefined Step Functions error, yet the States. prefix is reserved for them`);
        }
      });
    });
  }
}

/** An ARN with `${...}` deploy-time placeholders allowed in any part (or the whole value a placeholder). */
function isArnLike(value: string): boolean {
  if (isPlaceholder(value)) return true;
  const filled = value.replace(/\$\{[^{}]+\}/g, "x");
  // RELAXED (corpus): any part may be a placeholder (`arn:${AWS::Partition}:states:::sns:publish`), and a
  // value that starts with one (`${FunctionArn}:$LATEST`) is taken to be an ARN once substituted.
  return /^arn:[^:\s]+:[^:\s]+:[^:\s]*:[^:\s]*:\S+$/.test(filled) || (value.startsWith("${") && filled !== value);
}

function checkResources(context: StateContext, report: Report): void {
  const { state, pointer: at } = context;
  const check = (value: unknown, location: string): void => {
    if (typeof value === "string" && !isArnLike(value)) {
      report.error("INVALID_RESOURCE", location, `Resource "${value}" is not an ARN (arn:partition:service:region:account:resource) or a \${...} placeholder`);
    }
  };
  if (state.Type === "Task") check(state.Resource, pointer(at, "Resource"));
  if (state.Type === "Map") {
    if (isRecord(state.ItemReader)) check(state.ItemReader.Resource, pointer(at, "ItemReader", "Resource"));
    if (isRecord(state.ResultWriter)) check(state.ResultWriter.Resource, pointer(at, "ResultWriter", "Resource"));
  }
}

export function checkFields(scopes: Scope[], definitionLanguage: unknown, report: Report): void {
  const labels = new Map<string, string>();
  for (const scope of scopes) {
    for (const context of scope.states) {
      checkQueryLanguage(context, definitionLanguage, report);
      checkExclusive(context, report);
      checkErrorLists(context, report);
      checkResources(context, report);
      if (context.state.Type === "Task") checkTaskTimeouts(context, report);
      if (context.state.Type === "Map") {
        checkMap(context, report);
        const label = context.state.Label;
        if (typeof label === "string") {
          const at = pointer(context.pointer, "Label");
          const previous = labels.get(label);
          if (previous) report.error("DUPLICATE_LABEL_NAME", at, `Label "${label}" is already used at ${previous}`);
          else labels.set(label, at);
        }
      }
    }
  }
}
