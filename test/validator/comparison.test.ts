/**
 * Where asl-validator and ours disagree (docs/validator.md lists them): it rejects definitions AWS
 * accepts and misses problems AWS rejects. These tests pin both sides, so a change in either shows.
 */
import { describe, expect, it } from "vitest";
import { validateDefinition } from "../../asl/validator";
import { aslValidator } from "./asl-validator";
import { BROKEN_UPSTREAM, corpusAvailable, readCorpusFile, readManifest } from "./corpus";
import { found, machine, pass, task } from "./helpers";

const errors = (definition: unknown) => found(validateDefinition(definition));

describe("asl-validator rejects real definitions that AWS accepts; ours accepts them", () => {
  it.each([
    ["$.[0] in a ResultSelector", machine({ A: task({ ResultSelector: { "first.$": "$.[0]" } }) })],
    ["a placeholder inside a Resource ARN", machine({ A: task({ Resource: "arn:${AWS::Partition}:states:::sns:publish" }) })],
    ["a dot before a bracket", machine({ A: task({ ResultSelector: { "state.$": "$.Snapshots.[0].State" } }) })],
  ])("%s", (_name, definition) => {
    expect(aslValidator(definition).isValid).toBe(false);
    expect(errors(definition)).toEqual([]);
  });
});

describe("asl-validator misses problems; ours reports them", () => {
  it.each([
    ["orphan states that point at each other", machine({ A: pass(), X: pass({ Next: "Y", End: undefined }), Y: pass({ Next: "X", End: undefined }) }), ["UNREACHABLE_STATE /States/X", "UNREACHABLE_STATE /States/Y"]],
    ["BackoffRate below 1", machine({ A: task({ Retry: [{ ErrorEquals: ["X"], BackoffRate: 0.5 }] }) }), ["SCHEMA_VALIDATION_FAILED /States/A/Retry/0/BackoffRate"]],
    ["an unknown JitterStrategy", machine({ A: task({ Retry: [{ ErrorEquals: ["X"], JitterStrategy: "HALF" }] }) }), ["SCHEMA_VALIDATION_FAILED /States/A/Retry/0/JitterStrategy"]],
    ["MaxDelaySeconds 0", machine({ A: task({ Retry: [{ ErrorEquals: ["X"], MaxDelaySeconds: 0 }] }) }), ["SCHEMA_VALIDATION_FAILED /States/A/Retry/0/MaxDelaySeconds"]],
    ["States.ALL not alone", machine({ A: task({ Retry: [{ ErrorEquals: ["States.ALL", "States.Timeout"] }] }) }), ["INVALID_ERROR_EQUALS /States/A/Retry/0/ErrorEquals/0"]],
    ["States.ALL not last", machine({ A: task({ Retry: [{ ErrorEquals: ["States.ALL"] }, { ErrorEquals: ["X"] }] }) }), ["INVALID_ERROR_EQUALS /States/A/Retry/0/ErrorEquals/0"]],
    ["a JSONata variable never assigned", machine({ A: pass({ Output: "{% $nope %}" }) }, { QueryLanguage: "JSONata" }), ["UNDEFINED_VARIABLE /States/A/Output"]],
  ])("%s", (_name, definition, expected) => {
    expect(aslValidator(definition).isValid).toBe(true);
    expect(errors(definition)).toEqual(expected);
  });
});

/**
 * The corpus files asl-validator rejects although AWS accepts them (docs/validator.md explains each).
 * Only these are run through asl-validator here: it recompiles its schemas on every call (~300 ms a
 * definition), so the whole-corpus comparison lives in bench/validator.bench.ts.
 */
const WRONGLY_REJECTED = [
  "account-vending-machine__statemachine__statemachine.asl.json",
  "ec2-instance-isolation-cdk__python__statemachine__statemachine.asl.json",
  "ec2-instance-isolation-sam__statemachine__statemachine.asl.json",
  "idempotent-workflow-sam__statemachine__statemachine.asl.json",
  "idempotent-workflow__statemachine__statemachine.asl.json",
  "s3-glacier-multi-file-restore-sam__statemachine__statemachine.asl.json",
  "step-functions-load-testing__statemachine__load-generator-statemachine.asl.json",
  "step-functions-load-testing__statemachine__load-orchestrator-statemachine.asl.json",
  "train-ml-model__statemachine__statemachine.asl.json",
  "derived__human-task-reminder__statemachine__statemachine.asl.yaml.json",
  "derived__call-microservice-apigw__template.yml__ApiGatewayECSStateMachine__DefinitionString.json",
];

describe.runIf(corpusAvailable)("on the corpus", () => {
  it.each(WRONGLY_REJECTED)("asl-validator rejects %s, which AWS and ours accept", (file) => {
    expect(readManifest().map((entry) => entry.file)).toContain(file);
    const definition: unknown = JSON.parse(readCorpusFile(file));
    expect(aslValidator(definition).isValid).toBe(false);
    expect(errors(definition)).toEqual([]);
  });

  it("asl-validator accepts the broken parallel-translate filters, which ours rejects", () => {
    const file = "derived__parallel-translate__statemachine__statemachine.asl.yaml.json";
    const definition: unknown = JSON.parse(readCorpusFile(file));
    expect(aslValidator(definition).isValid).toBe(true);
    expect(errors(definition)).toEqual(BROKEN_UPSTREAM[file]);
  });
});
