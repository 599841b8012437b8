/**
 * Negative suite: for each rule, definitions that break it, asserting the exact ERROR codes and
 * locations (no more, no fewer), plus the neighbouring valid forms the rule must accept.
 */
import { describe, expect, it } from "vitest";
import { validateDefinition } from "../../asl/validator";
import { branch, found, machine, pass, task } from "./helpers";

type Case = [name: string, definition: unknown, errors: string[]];

function expectErrors(definition: unknown, errors: string[]): void {
  expect(found(validateDefinition(definition))).toEqual([...errors].sort());
}

const LONG_NAME = "N".repeat(81);

describe("schema", () => {
  it.each<Case>([
    ["unknown field", machine({ A: task({ Foo: 1 }) }), ["SCHEMA_VALIDATION_FAILED /States/A/Foo"]],
    ["missing Resource", machine({ A: { Type: "Task", End: true } }), ["SCHEMA_VALIDATION_FAILED /States/A"]],
    ["unknown Type", machine({ A: { Type: "Tusk", End: true } }), ["SCHEMA_VALIDATION_FAILED /States/A/Type"]],
    ["missing StartAt", { States: { A: pass() } }, ["SCHEMA_VALIDATION_FAILED "]],
    ["unknown top-level field", machine({ A: pass() }, { Foo: true }), ["SCHEMA_VALIDATION_FAILED /Foo"]],
    ["BackoffRate below 1", machine({ A: task({ Retry: [{ ErrorEquals: ["X"], BackoffRate: 0.5 }] }) }), ["SCHEMA_VALIDATION_FAILED /States/A/Retry/0/BackoffRate"]],
    ["JitterStrategy not FULL or NONE", machine({ A: task({ Retry: [{ ErrorEquals: ["X"], JitterStrategy: "HALF" }] }) }), ["SCHEMA_VALIDATION_FAILED /States/A/Retry/0/JitterStrategy"]],
    ["MaxDelaySeconds 0", machine({ A: task({ Retry: [{ ErrorEquals: ["X"], MaxDelaySeconds: 0 }] }) }), ["SCHEMA_VALIDATION_FAILED /States/A/Retry/0/MaxDelaySeconds"]],
    ["IntervalSeconds 0", machine({ A: task({ Retry: [{ ErrorEquals: ["X"], IntervalSeconds: 0 }] }) }), ["SCHEMA_VALIDATION_FAILED /States/A/Retry/0/IntervalSeconds"]],
    ["MaxAttempts negative", machine({ A: task({ Retry: [{ ErrorEquals: ["X"], MaxAttempts: -1 }] }) }), ["SCHEMA_VALIDATION_FAILED /States/A/Retry/0/MaxAttempts"]],
    ["empty ErrorEquals", machine({ A: task({ Retry: [{ ErrorEquals: [] }] }) }), ["SCHEMA_VALIDATION_FAILED /States/A/Retry/0/ErrorEquals"]],
    ["TimeoutSeconds not a number", machine({ A: task({ TimeoutSeconds: "soon" }) }), ["SCHEMA_VALIDATION_FAILED /States/A/TimeoutSeconds"]],
    ["Timestamp not RFC 3339", machine({ W: { Type: "Wait", Timestamp: "tomorrow", End: true } }), ["SCHEMA_VALIDATION_FAILED /States/W/Timestamp"]],
    ["NumericEquals with a string", machine({ C: { Type: "Choice", Choices: [{ Variable: "$.n", NumericEquals: "one", Next: "D" }], Default: "D" }, D: pass() }), ["SCHEMA_VALIDATION_FAILED /States/C/Choices/0/NumericEquals"]],
  ])("%s", (_name, definition, errors) => expectErrors(definition, errors));

  it("names the allowed alternatives in a number field's message", () => {
    const [diagnostic] = validateDefinition(machine({ A: task({ TimeoutSeconds: "soon" }) }));
    expect(diagnostic?.message).toContain("${...} placeholder");
  });

  it("accepts ${...} placeholders wherever a value goes, numbers and ARNs included", () => {
    const definition = machine({
      A: task({
        Resource: "arn:${AWS::Partition}:states:::sns:publish",
        TimeoutSeconds: "${Timeout}",
        HeartbeatSeconds: "${Heartbeat}",
        Retry: [{ ErrorEquals: ["States.ALL"], BackoffRate: "${Rate}", MaxAttempts: "${Attempts}" }],
        Next: "B",
        End: undefined,
      }),
      B: task({ Resource: "${FunctionArn}", Next: "W", End: undefined }),
      W: { Type: "Wait", Seconds: "${WaitSeconds}", Next: "C" },
      C: { Type: "Choice", Choices: [{ Variable: "$.n", NumericGreaterThan: "${Limit}", Next: "M" }], Default: "M" },
      M: { Type: "Map", MaxConcurrency: "${Concurrency}", ItemProcessor: branch({ P: pass() }), End: true },
    });
    expect(validateDefinition(definition)).toEqual([]);
  });
});

describe("transitions and reachability", () => {
  it.each<Case>([
    ["Next names no state", machine({ A: task({ Next: "Nowhere", End: undefined }) }), ["MISSING_TRANSITION_TARGET /States/A/Next"]],
    ["StartAt names no state", { StartAt: "Nowhere", States: { A: pass() } }, ["MISSING_TRANSITION_TARGET /StartAt"]],
    ["Default names no state", machine({ C: { Type: "Choice", Choices: [{ Variable: "$.a", IsPresent: true, Next: "D" }], Default: "Gone" }, D: pass() }), ["MISSING_TRANSITION_TARGET /States/C/Default"]],
    ["Choice rule Next names no state", machine({ C: { Type: "Choice", Choices: [{ Variable: "$.a", IsPresent: true, Next: "Gone" }], Default: "D" }, D: pass() }), ["MISSING_TRANSITION_TARGET /States/C/Choices/0/Next"]],
    ["Catcher Next names no state", machine({ A: task({ Catch: [{ ErrorEquals: ["States.ALL"], Next: "Gone" }] }) }), ["MISSING_TRANSITION_TARGET /States/A/Catch/0/Next"]],
    [
      "jump out of a Parallel branch",
      machine({ P: { Type: "Parallel", Branches: [branch({ B1: pass({ Next: "Done", End: undefined }) })], Next: "Done" }, Done: { Type: "Succeed" } }),
      ["MISSING_TRANSITION_TARGET /States/P/Branches/0/States/B1/Next"],
    ],
    [
      "jump into a Parallel branch",
      machine({ A: pass({ Next: "B1", End: undefined }), P: { Type: "Parallel", Branches: [branch({ B1: pass() })], End: true } }),
      ["MISSING_TRANSITION_TARGET /States/A/Next", "UNREACHABLE_STATE /States/P"],
    ],
    [
      "jump out of a Map item processor",
      machine({ M: { Type: "Map", ItemProcessor: branch({ I: pass({ Next: "After", End: undefined }) }), Next: "After" }, After: pass() }),
      ["MISSING_TRANSITION_TARGET /States/M/ItemProcessor/States/I/Next"],
    ],
    ["orphans that point at each other", machine({ A: pass(), X: pass({ Next: "Y", End: undefined }), Y: pass({ Next: "X", End: undefined }) }), ["UNREACHABLE_STATE /States/X", "UNREACHABLE_STATE /States/Y"]],
    ["no terminal state reachable", machine({ A: pass({ Next: "B", End: undefined }), B: pass({ Next: "A", End: undefined }) }), ["MISSING_END_STATE "]],
    ["neither Next nor End", machine({ A: { Type: "Pass" } }), ["MISSING_END_STATE ", "MISSING_NEXT_OR_END /States/A"]],
    ["both Next and End", machine({ A: pass({ Next: "B" }), B: pass() }), ["MISSING_NEXT_OR_END /States/A"]],
  ])("%s", (_name, definition, errors) => expectErrors(definition, errors));

  it("explains a transition that crosses a branch boundary", () => {
    const definition = machine({ P: { Type: "Parallel", Branches: [branch({ B1: pass({ Next: "Done", End: undefined }) })], Next: "Done" }, Done: { Type: "Succeed" } });
    const diagnostic = validateDefinition(definition).find((d) => d.code === "MISSING_TRANSITION_TARGET");
    expect(diagnostic?.message).toMatch(/"Done" is a state of the top level.*cannot enter or leave/);
  });

  it("reaches states through Catch and Choice transitions", () => {
    const definition = machine({
      A: task({ Catch: [{ ErrorEquals: ["States.ALL"], Next: "Handle" }], Next: "C", End: undefined }),
      C: { Type: "Choice", Choices: [{ Variable: "$.ok", BooleanEquals: true, Next: "Done" }], Default: "Handle" },
      Handle: { Type: "Fail", Error: "Failed" },
      Done: { Type: "Succeed" },
    });
    expect(validateDefinition(definition)).toEqual([]);
  });
});

describe("state names", () => {
  it.each<Case>([
    ["name longer than 80 characters", machine({ [LONG_NAME]: pass() }), [`INVALID_STATE_NAME /States/${LONG_NAME}`]],
    ["control character in a name", machine({ "A\u0001": pass() }), ["INVALID_STATE_NAME /States/A\u0001"]],
    [
      "same name in two branches",
      machine({ P: { Type: "Parallel", Branches: [branch({ Work: pass() }), branch({ Work: pass() })], End: true } }),
      ["DUPLICATE_STATE_NAME /States/P/Branches/1/States/Work"],
    ],
    ["branch state named like an outer state", machine({ P: { Type: "Parallel", Branches: [branch({ P: pass() })], End: true } }), ["DUPLICATE_STATE_NAME /States/P/Branches/0/States/P"]],
  ])("%s", (_name, definition, errors) => expectErrors(definition, errors));

  it("accepts an 80-character name and escapes / and ~ in locations", () => {
    expect(validateDefinition(machine({ ["N".repeat(80)]: pass() }))).toEqual([]);
    expect(found(validateDefinition(machine({ "a/b~c": task({ Foo: 1 }) })))).toEqual(["SCHEMA_VALIDATION_FAILED /States/a~1b~0c/Foo"]);
  });
});

describe("Retry and Catch error names", () => {
  it.each<Case>([
    ["States.ALL with another error", machine({ A: task({ Retry: [{ ErrorEquals: ["States.ALL", "States.Timeout"] }] }) }), ["INVALID_ERROR_EQUALS /States/A/Retry/0/ErrorEquals/0"]],
    ["States.ALL in a Retrier that is not last", machine({ A: task({ Retry: [{ ErrorEquals: ["States.ALL"] }, { ErrorEquals: ["States.Timeout"] }] }) }), ["INVALID_ERROR_EQUALS /States/A/Retry/0/ErrorEquals/0"]],
    [
      "States.ALL in a Catcher that is not last",
      machine({ A: task({ Catch: [{ ErrorEquals: ["States.ALL"], Next: "F" }, { ErrorEquals: ["States.Timeout"], Next: "F" }] }), F: { Type: "Fail" } }),
      ["INVALID_ERROR_EQUALS /States/A/Catch/0/ErrorEquals/0"],
    ],
  ])("%s", (_name, definition, errors) => expectErrors(definition, errors));

  it("warns about an unknown States.* error name", () => {
    const diagnostics = validateDefinition(machine({ A: task({ Retry: [{ ErrorEquals: ["States.TaskFailedId"] }] }) }));
    expect(found(diagnostics)).toEqual([]);
    expect(found(diagnostics, "WARNING")).toEqual(["INVALID_ERROR_EQUALS /States/A/Retry/0/ErrorEquals/0"]);
  });
});

describe("field combinations", () => {
  it.each<Case>([
    ["TimeoutSeconds and TimeoutSecondsPath", machine({ A: task({ TimeoutSeconds: 5, TimeoutSecondsPath: "$.t" }) }), ["MUTUALLY_EXCLUSIVE_FIELDS /States/A/TimeoutSecondsPath"]],
    ["HeartbeatSeconds not below TimeoutSeconds", machine({ A: task({ TimeoutSeconds: 5, HeartbeatSeconds: 5 }) }), ["INVALID_FIELD_COMBINATION /States/A/HeartbeatSeconds"]],
    ["Wait without a duration", machine({ W: { Type: "Wait", End: true } }), ["MUTUALLY_EXCLUSIVE_FIELDS /States/W"]],
    ["Wait with Seconds and Timestamp", machine({ W: { Type: "Wait", Seconds: 1, Timestamp: "2026-01-01T00:00:00Z", End: true } }), ["MUTUALLY_EXCLUSIVE_FIELDS /States/W/Timestamp"]],
    ["Fail with Error and ErrorPath", machine({ F: { Type: "Fail", Error: "E", ErrorPath: "$.e" } }), ["MUTUALLY_EXCLUSIVE_FIELDS /States/F/ErrorPath"]],
    ["Fail with Cause and CausePath", machine({ F: { Type: "Fail", Cause: "C", CausePath: "$.c" } }), ["MUTUALLY_EXCLUSIVE_FIELDS /States/F/CausePath"]],
    ["Fail with Next", machine({ F: { Type: "Fail", Next: "F" } }), ["SCHEMA_VALIDATION_FAILED /States/F/Next"]],
    ["Map with ItemProcessor and Iterator", machine({ M: { Type: "Map", ItemProcessor: branch({ I: pass() }), Iterator: branch({ J: pass() }), End: true } }), ["MUTUALLY_EXCLUSIVE_FIELDS /States/M/Iterator"]],
    ["Map without ItemProcessor", machine({ M: { Type: "Map", End: true } }), ["MUTUALLY_EXCLUSIVE_FIELDS /States/M"]],
    ["Map with Parameters and ItemSelector", machine({ M: { Type: "Map", Parameters: {}, ItemSelector: {}, ItemProcessor: branch({ I: pass() }), End: true } }), ["MUTUALLY_EXCLUSIVE_FIELDS /States/M/ItemSelector"]],
    ["ItemReader on an inline Map", machine({ M: { Type: "Map", ItemReader: { Resource: "arn:aws:states:::s3:getObject" }, ItemProcessor: branch({ I: pass() }), End: true } }), ["INVALID_FIELD_COMBINATION /States/M/ItemReader"]],
    [
      "DISTRIBUTED Map without ExecutionType",
      machine({ M: { Type: "Map", ItemProcessor: branch({ I: pass() }, { ProcessorConfig: { Mode: "DISTRIBUTED" } }), End: true } }),
      ["INVALID_FIELD_COMBINATION /States/M/ItemProcessor/ProcessorConfig"],
    ],
    [
      "invalid Map Label",
      machine({ M: { Type: "Map", Label: "my label", ItemProcessor: branch({ I: pass() }, { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" } }), End: true } }),
      ["INVALID_LABEL_NAME /States/M/Label"],
    ],
    [
      "CSVHeaderLocation GIVEN without CSVHeaders",
      machine({
        M: {
          Type: "Map",
          ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "CSV", CSVHeaderLocation: "GIVEN" }, Parameters: { Bucket: "b", Key: "k" } },
          ItemProcessor: branch({ I: pass() }, { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" } }),
          End: true,
        },
      }),
      ["INVALID_FIELD_COMBINATION /States/M/ItemReader/ReaderConfig"],
    ],
  ])("%s", (_name, definition, errors) => expectErrors(definition, errors));

  it("accepts a complete distributed Map", () => {
    const definition = machine({
      M: {
        Type: "Map",
        Label: "Orders",
        ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "CSV", CSVHeaderLocation: "FIRST_ROW", MaxItems: 100 }, Parameters: { Bucket: "b", "Key.$": "$.key" } },
        ItemBatcher: { MaxItemsPerBatch: 10, BatchInput: { "run.$": "$$.Execution.Id" } },
        ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "out", Prefix: "results" } },
        ItemSelector: { "item.$": "$$.Map.Item.Value" },
        ToleratedFailurePercentage: 5,
        MaxConcurrency: 100,
        ItemProcessor: branch({ I: task() }, { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" } }),
        ResultSelector: { "count.$": "$.ResultWriterDetails" },
        End: true,
      },
    });
    expect(validateDefinition(definition)).toEqual([]);
  });

  it("reports two Maps sharing a Label", () => {
    const distributed = (next: object) => ({ Type: "Map", Label: "Same", ItemProcessor: branch({ [`I${Object.keys(next).length}`]: pass() }, { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" } }), ...next });
    expectErrors(machine({ A: distributed({ Next: "B" }), B: distributed({ End: true }) }), ["DUPLICATE_LABEL_NAME /States/B/Label", "DUPLICATE_STATE_NAME /States/B/ItemProcessor/States/I1"]);
  });
});

describe("query languages", () => {
  it.each<Case>([
    ["Arguments in a JSONPath state", machine({ A: task({ Arguments: {} }) }), ["WRONG_QUERY_LANGUAGE_FIELD /States/A/Arguments"]],
    ["Parameters in a JSONata state", machine({ A: task({ Parameters: {} }) }, { QueryLanguage: "JSONata" }), ["WRONG_QUERY_LANGUAGE_FIELD /States/A/Parameters"]],
    ["ResultPath in a JSONata Catcher", machine({ A: task({ Catch: [{ ErrorEquals: ["States.ALL"], Next: "F", ResultPath: "$.e" }] }), F: { Type: "Fail" } }, { QueryLanguage: "JSONata" }), ["WRONG_QUERY_LANGUAGE_FIELD /States/A/Catch/0/ResultPath"]],
    ["a JSONPath state in a JSONata definition", machine({ A: pass({ QueryLanguage: "JSONPath" }) }, { QueryLanguage: "JSONata" }), ["INVALID_QUERY_LANGUAGE /States/A/QueryLanguage"]],
    ["a JSONata expression in a JSONPath number field", machine({ A: task({ TimeoutSeconds: "{% 5 %}" }) }), ["WRONG_QUERY_LANGUAGE_FIELD /States/A/TimeoutSeconds"]],
    ["a .$ field in a JSONata state", machine({ A: task({ Arguments: { "x.$": "$.x" } }) }, { QueryLanguage: "JSONata" }), ["WRONG_QUERY_LANGUAGE_FIELD /States/A/Arguments/x.$"]],
    ["Items neither an array nor an expression", machine({ M: { Type: "Map", Items: "items", ItemProcessor: branch({ I: pass() }), End: true } }, { QueryLanguage: "JSONata" }), ["SCHEMA_VALIDATION_FAILED /States/M/Items"]],
    ["ItemsPath in a JSONata Map", machine({ M: { Type: "Map", ItemsPath: "$.items", ItemProcessor: branch({ I: pass() }), End: true } }, { QueryLanguage: "JSONata" }), ["WRONG_QUERY_LANGUAGE_FIELD /States/M/ItemsPath"]],
  ])("%s", (_name, definition, errors) => expectErrors(definition, errors));

  it("lets a state opt into JSONata inside a JSONPath definition", () => {
    const definition = machine({ A: task({ QueryLanguage: "JSONata", Arguments: { total: "{% $states.input.price * 2 %}" }, TimeoutSeconds: "{% 3 + 2 %}" }) });
    expect(validateDefinition(definition)).toEqual([]);
  });
});

describe("JSONPath paths and payload templates", () => {
  it.each<Case>([
    ["ResultPath with a wildcard", machine({ A: task({ ResultPath: "$.a[*]" }) }), ["INVALID_JSONPATH /States/A/ResultPath"]],
    ["ResultPath into the context object", machine({ A: task({ ResultPath: "$$.Execution" }) }), ["INVALID_JSONPATH /States/A/ResultPath"]],
    ["InputPath without $", machine({ A: task({ InputPath: "input" }) }), ["INVALID_JSONPATH /States/A/InputPath"]],
    ["unclosed bracket", machine({ A: task({ Parameters: { "a.$": "$.a[0" } }) }), ["INVALID_JSONPATH /States/A/Parameters/a.$"]],
    ["empty field name", machine({ A: task({ OutputPath: "$.a..", ResultSelector: { "b.$": "$." } }) }), ["INVALID_JSONPATH /States/A/OutputPath", "INVALID_JSONPATH /States/A/ResultSelector/b.$"]],
    ["unquoted word in a filter", machine({ A: task({ ResultSelector: { "x.$": "$.items[?(@.code==es)]" } }) }), ["INVALID_JSONPATH /States/A/ResultSelector/x.$"]],
    ["Choice Variable not a path", machine({ C: { Type: "Choice", Choices: [{ Variable: "status", StringEquals: "ok", Next: "D" }], Default: "D" }, D: pass() }), ["INVALID_JSONPATH /States/C/Choices/0/Variable"]],
    ["a .$ field holding plain text", machine({ A: task({ Parameters: { "a.$": "hello" } }) }), ["INVALID_PAYLOAD_TEMPLATE /States/A/Parameters/a.$"]],
    ["a .$ field in a Map's Parameters, reported once", machine({ M: { Type: "Map", Parameters: { "a.$": "nope" }, ItemProcessor: branch({ I: pass() }), End: true } }), ["INVALID_PAYLOAD_TEMPLATE /States/M/Parameters/a.$"]],
    ["a .$ field holding a number", machine({ A: task({ Parameters: { nested: [{ "a.$": 3 }] } }) }), ["INVALID_PAYLOAD_TEMPLATE /States/A/Parameters/nested/0/a.$"]],
  ])("%s", (_name, definition, errors) => expectErrors(definition, errors));

  it("accepts the Jayway forms AWS accepts: $.[0], dot before bracket, hyphens, filters, slices, unions", () => {
    const definition = machine({
      A: task({
        InputPath: "$.detail-type",
        ResultSelector: {
          "first.$": "$.[0]",
          "state.$": "$.Snapshots.[0].State",
          "pairs.$": "$.[*].['bucket', 'key']",
          "big.$": "$.[?(@.OU > 0)]",
          "named.$": "$.items[?(@.code == 'es')].text",
          "slice.$": "$.items[1:3]",
          "all.$": "$..id",
          "ctx.$": "$$.Execution.Input.detail.object.key",
          "sub.$": "$.${PartitionKey}",
        },
        ResultPath: "$.result['with space']",
      }),
    });
    expect(validateDefinition(definition)).toEqual([]);
  });

  it("warns with AWS's NO_DOLLAR, NO_PATH and PASS_RESULT_IS_STATIC", () => {
    const definition = machine({
      A: task({ Parameters: { id: "$.orderId", call: "States.UUID()" }, Next: "P", End: undefined }),
      P: pass({ Result: { "value.$": "$.x" }, Next: "F", End: undefined }),
      F: { Type: "Fail", Cause: "$.cause" },
    });
    const diagnostics = validateDefinition(definition);
    expect(found(diagnostics)).toEqual([]);
    expect(found(diagnostics, "WARNING")).toEqual([
      "NO_DOLLAR /States/A/Parameters/call",
      "NO_DOLLAR /States/A/Parameters/id",
      "NO_PATH /States/F/Cause",
      "PASS_RESULT_IS_STATIC /States/P/Result/value.$",
    ]);
  });
});

describe("intrinsic functions", () => {
  const withParameter = (value: string) => machine({ A: task({ Parameters: { "v.$": value } }) });
  it.each<Case>([
    ["unknown function", withParameter("States.Concat($.a, $.b)"), ["INVALID_INTRINSIC_FUNCTION /States/A/Parameters/v.$"]],
    ["States.UUID with an argument", withParameter("States.UUID(1)"), ["INVALID_INTRINSIC_FUNCTION /States/A/Parameters/v.$"]],
    ["States.MathAdd with one argument", withParameter("States.MathAdd($.a)"), ["INVALID_INTRINSIC_FUNCTION /States/A/Parameters/v.$"]],
    ["States.Format placeholders and values disagree", withParameter("States.Format('{} and {}', $.a)"), ["INVALID_INTRINSIC_FUNCTION /States/A/Parameters/v.$"]],
    ["unknown hash algorithm", withParameter("States.Hash($.data, 'SHA-2')"), ["INVALID_INTRINSIC_FUNCTION /States/A/Parameters/v.$"]],
    ["unclosed call", withParameter("States.Format('x'"), ["INVALID_INTRINSIC_FUNCTION /States/A/Parameters/v.$"]],
    ["unterminated string", withParameter("States.Format('x)"), ["INVALID_INTRINSIC_FUNCTION /States/A/Parameters/v.$"]],
    ["bad path argument", withParameter("States.JsonToString($.a[)"), ["INVALID_INTRINSIC_FUNCTION /States/A/Parameters/v.$"]],
    ["nested more than 10 deep", withParameter(`${"States.Array(".repeat(11)}1${")".repeat(11)}`), ["INVALID_INTRINSIC_FUNCTION /States/A/Parameters/v.$"]],
    ["intrinsic in ErrorPath with wrong arity", machine({ F: { Type: "Fail", ErrorPath: "States.Format()" } }), ["INVALID_INTRINSIC_FUNCTION /States/F/ErrorPath"]],
  ])("%s", (_name, definition, errors) => expectErrors(definition, errors));

  it("accepts nesting, escapes, numbers and context paths", () => {
    const definition = machine({
      A: task({
        Parameters: {
          "prefix.$": "States.Format('{}/', States.ArrayGetItem( States.StringSplit($.detail.object.key , '/'), 0))",
          "escaped.$": "States.Format('literal \\{\\} and {}', $$.Execution.Id)",
          "count.$": "States.MathAdd($.count, -1)",
          "random.$": "States.MathRandom(1, 10, 3)",
          "hash.$": "States.Hash($.data, 'SHA-256')",
          "nested10.$": `${"States.Array(".repeat(10)}1${")".repeat(10)}`,
        },
      }),
      F: { Type: "Fail", CausePath: "States.Format('failed: {}', $.reason)" },
    });
    expect(found(validateDefinition(definition))).toEqual(["UNREACHABLE_STATE /States/F"]);
  });
});

describe("JSONata expressions", () => {
  const jsonata = (states: Record<string, unknown>) => machine(states, { QueryLanguage: "JSONata" });
  it.each<Case>([
    ["syntax error", jsonata({ A: task({ Arguments: { x: "{% $states.input.a + %}" } }) }), ["INVALID_JSONATA /States/A/Arguments/x"]],
    ["missing %}", jsonata({ A: task({ Output: "{% $states.result" }) }), ["INVALID_JSONATA /States/A/Output"]],
    ["empty expression", jsonata({ A: task({ Output: "{%  %}" }) }), ["INVALID_JSONATA /States/A/Output"]],
    ["Condition not an expression", jsonata({ C: { Type: "Choice", Choices: [{ Condition: "true-ish", Next: "D" }], Default: "D" }, D: pass() }), ["INVALID_JSONATA /States/C/Choices/0/Condition"]],
    ["JSONPath Choice rule in a JSONata state", jsonata({ C: { Type: "Choice", Choices: [{ Variable: "$.a", IsPresent: true, Next: "D" }], Default: "D" }, D: pass() }), ["INVALID_CHOICE_RULE /States/C/Choices/0", "WRONG_QUERY_LANGUAGE_FIELD /States/C/Choices/0/IsPresent", "WRONG_QUERY_LANGUAGE_FIELD /States/C/Choices/0/Variable"]],
  ])("%s", (_name, definition, errors) => expectErrors(definition, errors));
});

describe("variables", () => {
  const jsonata = (states: Record<string, unknown>) => machine(states, { QueryLanguage: "JSONata" });
  it.each<Case>([
    ["JSONata reads a variable nobody assigns", jsonata({ A: task({ Arguments: { total: "{% $total * 2 %}" } }) }), ["UNDEFINED_VARIABLE /States/A/Arguments/total"]],
    ["a state reads its own new assignment", jsonata({ A: task({ Assign: { total: 1 }, Output: "{% $total %}" }) }), ["UNDEFINED_VARIABLE /States/A/Output"]],
    ["assigned only in a later state", jsonata({ A: pass({ Output: "{% $x %}", Next: "B", End: undefined }), B: pass({ Assign: { x: 1 } }) }), ["UNDEFINED_VARIABLE /States/A/Output"]],
    [
      "assigned inside a Parallel branch, read after it",
      jsonata({ P: { Type: "Parallel", Branches: [branch({ B: pass({ Assign: { inner: 1 } }) })], Next: "After" }, After: pass({ Output: "{% $inner %}" }) }),
      ["UNDEFINED_VARIABLE /States/After/Output"],
    ],
    ["JSONPath path reads an unassigned variable", machine({ A: task({ Parameters: { "v.$": "$missing.field" } }) }), ["UNDEFINED_VARIABLE /States/A/Parameters/v.$"]],
    ["intrinsic argument reads an unassigned variable", machine({ A: task({ Parameters: { "v.$": "States.Format('{}', $missing)" } }) }), ["UNDEFINED_VARIABLE /States/A/Parameters/v.$"]],
    ["invalid variable name", machine({ A: pass({ Assign: { "1st": 1, "states": 2 } }) }), ["INVALID_VARIABLE_NAME /States/A/Assign/1st", "INVALID_VARIABLE_NAME /States/A/Assign/states"]],
    ["ResultPath cannot target a variable", machine({ A: task({ ResultPath: "$result" }) }), ["INVALID_JSONPATH /States/A/ResultPath"]],
  ])("%s", (_name, definition, errors) => expectErrors(definition, errors));

  it("accepts variables assigned before, in outer scopes, by Choice rules and Catchers, and local JSONata bindings", () => {
    const definition = jsonata({
      Init: pass({ Assign: { limit: 10 }, Next: "Work", End: undefined }),
      Work: task({ Arguments: { limit: "{% $limit %}" }, Catch: [{ ErrorEquals: ["States.ALL"], Assign: { failed: true }, Next: "Check" }], Next: "Check", End: undefined }),
      Check: { Type: "Choice", Choices: [{ Condition: "{% $exists($failed) %}", Assign: { route: "error" }, Next: "Fan" }], Default: "Fan" },
      Fan: {
        Type: "Map",
        Items: "{% [1, 2, 3] %}",
        ItemProcessor: branch({ Each: pass({ Output: "{% ($double := function($v) { $v * 2 }; $double($states.input) + $limit) %}" }) }),
        Next: "Done",
      },
      Done: pass({ Output: "{% { 'route': $route, 'items': $map([1,2], function($i) { $i }), 'sum': $sum($states.input) } %}" }),
    });
    expect(validateDefinition(definition)).toEqual([]);
  });

  it("accepts a JSONPath variable assigned earlier", () => {
    const definition = machine({ A: pass({ Assign: { "order.$": "$.order" }, Next: "B", End: undefined }), B: task({ Parameters: { "id.$": "$order.id" } }) });
    expect(validateDefinition(definition)).toEqual([]);
  });
});

describe("Choice rules", () => {
  const choice = (rule: Record<string, unknown>) => machine({ C: { Type: "Choice", Choices: [rule], Default: "D" }, D: pass() });
  it.each<Case>([
    ["rule without Next", choice({ Variable: "$.a", IsPresent: true }), ["INVALID_CHOICE_RULE /States/C/Choices/0"]],
    ["Next inside And", choice({ And: [{ Variable: "$.a", IsPresent: true, Next: "D" }], Next: "D" }), ["INVALID_CHOICE_RULE /States/C/Choices/0/And/0/Next"]],
    ["Variable without an operator", choice({ Variable: "$.a", Next: "D" }), ["INVALID_CHOICE_RULE /States/C/Choices/0"]],
    ["two operators", choice({ Variable: "$.a", StringEquals: "x", IsPresent: true, Next: "D" }), ["INVALID_CHOICE_RULE /States/C/Choices/0"]],
    ["operator without Variable", choice({ StringEquals: "x", Next: "D" }), ["INVALID_CHOICE_RULE /States/C/Choices/0"]],
    ["empty And", choice({ And: [], Next: "D" }), ["INVALID_CHOICE_RULE /States/C/Choices/0/And"]],
    ["comparison and Not together", choice({ Variable: "$.a", IsNull: true, Not: { Variable: "$.b", IsNull: true }, Next: "D" }), ["INVALID_CHOICE_RULE /States/C/Choices/0"]],
    ["bad path in a nested rule", choice({ Not: { Variable: "$.a", StringEqualsPath: "b" }, Next: "D" }), ["INVALID_JSONPATH /States/C/Choices/0/Not/StringEqualsPath"]],
    ["Output on a JSONPath rule", choice({ Variable: "$.a", IsPresent: true, Next: "D", Output: {} }), ["WRONG_QUERY_LANGUAGE_FIELD /States/C/Choices/0/Output"]],
    ["Choices empty", machine({ C: { Type: "Choice", Choices: [], Default: "D" }, D: pass() }), ["SCHEMA_VALIDATION_FAILED /States/C/Choices"]],
  ])("%s", (_name, definition, errors) => expectErrors(definition, errors));
});

describe("resources", () => {
  it.each<Case>([
    ["not an ARN", machine({ A: task({ Resource: "my-lambda" }) }), ["INVALID_RESOURCE /States/A/Resource"]],
    ["ARN with too few parts", machine({ A: task({ Resource: "arn:aws:lambda" }) }), ["INVALID_RESOURCE /States/A/Resource"]],
  ])("%s", (_name, definition, errors) => expectErrors(definition, errors));

  it("accepts ARNs with placeholders and placeholders with qualifiers", () => {
    for (const Resource of ["arn:${AWS::Partition}:states:::sns:publish", "${FunctionArn}", "${FunctionArn}:$LATEST", "arn:aws:lambda:us-east-1:123456789012:function:f"]) {
      expect(validateDefinition(machine({ A: task({ Resource }) }))).toEqual([]);
    }
  });
});

describe("Terraform interpolation", () => {
  it("warns where a literal ${ would be interpolated, not for well-formed placeholders or $${", () => {
    const definition = machine({
      A: task({
        Parameters: {
          "price.$": "States.Format('Total: ${}', $.total)",
          "table": "${OrdersTable}",
          "escaped": "$${literal}",
          "partition": "arn:${AWS::Partition}:s3:::bucket",
        },
      }),
    });
    const diagnostics = validateDefinition(definition);
    expect(found(diagnostics)).toEqual([]);
    expect(found(diagnostics, "WARNING")).toEqual(["TERRAFORM_INTERPOLATION /States/A/Parameters/price.$"]);
    expect(validateDefinition(definition, { terraformInterpolation: false })).toEqual([]);
  });
});

describe("empty or non-object input", () => {
  it.each([null, [], {}, "definition", 3])("%j is MISSING_DESCRIPTION", (input) => {
    expectErrors(input, ["MISSING_DESCRIPTION "]);
  });
});
