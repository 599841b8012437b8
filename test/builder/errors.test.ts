import { describe, expect, it } from "vitest";
import { AslBuildError, apiGateway, cond, jsonata, jsonPath, path, stateMachine, type StateNode } from "../../asl";

const FN = "arn:aws:lambda:eu-west-1:123456789012:function:f";
const build = (start: StateNode) => () => stateMachine({ startAt: start });

/** Asserts the build throws an AslBuildError whose message names `state` and matches `detail`. */
function expectBuildError(start: StateNode, state: string, detail: RegExp): void {
  let caught: unknown;
  try {
    build(start)();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AslBuildError);
  const error = caught as AslBuildError;
  expect(error.stateName).toBe(state);
  expect(error.message).toContain(`"${state}"`);
  expect(error.message).toMatch(detail);
}

describe("bad use fails at build time, naming the state", () => {
  it("two states with one name", () => {
    const first = jsonPath.pass("Same");
    first.next(jsonPath.pass("Middle")).next(jsonPath.pass("Same"));
    expectBuildError(first, "Same", /unique/);
  });

  it("two states with one name in different Parallel branches", () => {
    const parallel = jsonPath.parallel("Fan").branch(jsonPath.pass("Step")).branch(jsonPath.pass("Step"));
    expectBuildError(parallel, "Step", /unique/);
  });

  it("an empty Choice", () => {
    expectBuildError(jsonPath.choice("Nothing To Choose"), "Nothing To Choose", /at least one rule/);
  });

  it("a Map without item processor", () => {
    expectBuildError(jsonPath.map("No Processor"), "No Processor", /item processor/);
  });

  it("a Parallel without branches", () => {
    expectBuildError(jsonPath.parallel("No Branches"), "No Branches", /at least one branch/);
  });

  it("a name over 80 characters, and an empty name", () => {
    const long = "L".repeat(81);
    expectBuildError(jsonPath.pass(long), long, /81 characters.*limit is 80/);
    expect(build(jsonPath.pass("x".repeat(80)))).not.toThrow();
    expectBuildError(jsonPath.pass(""), "", /empty/);
  });

  it("a control character in a name, as the validator refuses it", () => {
    expectBuildError(jsonPath.pass("P\u0001"), "P\u0001", /control character U\+0001/);
    const inner = jsonPath.pass("Inner\u007f");
    expectBuildError(jsonPath.parallel("Fan").branch(inner), "Inner\u007f", /control character U\+007F/);
  });

  it("a transition into a Parallel branch from outside", () => {
    const inside = jsonPath.pass("Inside");
    const parallel = jsonPath.parallel("Fan").branch(inside);
    const start = jsonPath.pass("Start");
    start.next(parallel).next(jsonPath.pass("Jump")).next(inside);
    expectBuildError(start, "Inside", /cannot cross/);
  });

  it("a second next() on the same state", () => {
    const a = jsonPath.pass("A");
    a.next(jsonPath.pass("B"));
    expect(() => a.next(jsonPath.pass("C"))).toThrow(/State "A": already continues with "B"/);
  });

  it("States.ALL that is not alone or not last", () => {
    const handler = jsonPath.pass("Handler");
    expectBuildError(jsonPath.task("Alone", FN).catch(["States.ALL", "X"], handler), "Alone", /alone/);
    expectBuildError(jsonPath.task("Last", FN).retry({ ErrorEquals: ["States.ALL"] }).retry({ ErrorEquals: ["X"] }), "Last", /last/);
    expectBuildError(jsonPath.task("Empty", FN).retry({ ErrorEquals: [] }), "Empty", /empty ErrorEquals/);
  });

  it("retry values out of range", () => {
    expectBuildError(jsonPath.task("Backoff", FN).retry({ ErrorEquals: ["X"], BackoffRate: 0.5 }), "Backoff", /BackoffRate/);
    expectBuildError(jsonPath.task("Attempts", FN).retry({ ErrorEquals: ["X"], MaxAttempts: -1 }), "Attempts", /MaxAttempts/);
    expectBuildError(jsonPath.task("Delay", FN).retry({ ErrorEquals: ["X"], MaxDelaySeconds: 0 }), "Delay", /MaxDelaySeconds/);
  });

  it("a callback task that never passes its task token", () => {
    const task = jsonPath.task("Wait For Answer", apiGateway.invoke({ ApiEndpoint: "api.example.com", Method: "POST", RequestBody: { a: 1 } }, { waitForTaskToken: true }));
    expectBuildError(task, "Wait For Answer", /\$\$\.Task\.Token/);
  });

  it("task timeouts that contradict each other", () => {
    expectBuildError(jsonPath.task("Heartbeat", FN, { TimeoutSeconds: 10, HeartbeatSeconds: 10 }), "Heartbeat", /HeartbeatSeconds/);
    expectBuildError(jsonPath.task("Zero", FN, { TimeoutSeconds: 0 }), "Zero", /positive integer/);
  });

  it("Wait and Fail field combinations the types cannot see", () => {
    expectBuildError(jsonPath.wait("Bad Wait", {} as never), "Bad Wait", /exactly one/);
    expectBuildError(jsonPath.wait("Bad Stamp", { Timestamp: "tomorrow" }), "Bad Stamp", /RFC 3339/);
    expectBuildError(jsonPath.fail("Bad Fail", { Error: "E", ErrorPath: "$.e" } as never), "Bad Fail", /not both/);
  });

  it("paths that are not paths", () => {
    expectBuildError(jsonPath.pass("Bad Path", { ResultPath: "result" }), "Bad Path", /ResultPath must be a path/);
    expectBuildError(jsonPath.pass("Bad Key", { Parameters: { "x.$": "plain text" } }), "Bad Key", /x\.\$/);
    expectBuildError(jsonPath.choice("Bad Variable").when(cond.stringEquals("status", "ok"), jsonPath.succeed("Ok")), "Bad Variable", /Variable must be a path/);
    expectBuildError(jsonPath.choice("Bad Time").when(cond.timestampEquals("$.t", "yesterday"), jsonPath.succeed("Ok2")), "Bad Time", /RFC 3339/);
  });

  it("a key given both with and without \".$\", but not keys that merely share a prefix", () => {
    expectBuildError(jsonPath.pass("Twice", { Parameters: { a: "x", "a.$": path("$.y") } }), "Twice", /given twice/);
    expectBuildError(jsonPath.pass("Twice Again", { Parameters: { b: path("$.y"), "b.$": "$.z" } }), "Twice Again", /given twice/);
    expectBuildError(jsonPath.pass("Literal Twin", { Parameters: { "c.$": "$.z", c: "w" } }), "Literal Twin", /given twice/);
    const prefixes = jsonPath.pass("Prefixes", { Parameters: { ab: "x", abcd: path("$.y"), "cd.$": path("$.z"), c: "w", toString: path("$.s"), constructor: "k" } });
    expect(stateMachine({ startAt: prefixes }).toJSON().States.Prefixes).toMatchObject({
      Parameters: { ab: "x", "abcd.$": "$.y", "cd.$": "$.z", c: "w", "toString.$": "$.s", constructor: "k" },
    });
  });

  it("references where JSONPath cannot evaluate them", () => {
    expectBuildError(jsonPath.pass("In Array", { Parameters: { list: [path("$.a")] } }), "In Array", /inside an array/);
    const jsonataTask = jsonata.task("Wrong Language", apiGateway.invoke({ ApiEndpoint: "api.example.com", Method: "GET", Path: path("$.p") }));
    expectBuildError(jsonataTask, "Wrong Language", /JSONata state/);
  });

  it("JSONata expressions that do not parse, or are not closed", () => {
    expectBuildError(jsonata.pass("Bad Output", { Output: { total: "{% $sum($states.input.items %}" } }), "Bad Output", /Output\.total: the JSONata expression .* does not parse/);
    expectBuildError(jsonata.choice("Bad Condition").when("{% $states.input.a = = 1 %}", jsonata.succeed("Fine")), "Bad Condition", /Choices\[0\]\.Condition/);
    expectBuildError(jsonata.pass("Unclosed", { Output: "{% $states.input" }), "Unclosed", /start with "\{%" and end with "%\}"/);
    expectBuildError(
      jsonata.task("Bad Catch", FN).catch(["States.ALL"], jsonata.succeed("Caught"), { Output: "{% ) %}" }),
      "Bad Catch",
      /Catch\[0\]\.Output/,
    );
  });

  it("distributed-only fields on an inline Map, and a distributed Map without execution type", () => {
    expectBuildError(jsonPath.map("Inline", { ToleratedFailureCount: 1 }).itemProcessor(jsonPath.pass("P1")), "Inline", /distributed Map/);
    expectBuildError(jsonPath.map("Distributed", {}).itemProcessor(jsonPath.pass("P2"), { mode: "DISTRIBUTED" }), "Distributed", /executionType/);
  });

  it("a second default or item processor", () => {
    const choice = jsonPath.choice("Twice").otherwise(jsonPath.succeed("One"));
    expect(() => choice.otherwise(jsonPath.succeed("Two"))).toThrow(/State "Twice": already has the default "One"/);
    const map = jsonPath.map("Map Twice").itemProcessor(jsonPath.pass("First"));
    expect(() => map.itemProcessor(jsonPath.pass("Second"))).toThrow(/State "Map Twice"/);
  });
});
