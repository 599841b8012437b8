/**
 * Control flow on virtual time: Retry (interval, backoff, MaxDelaySeconds, jitter, MaxAttempts 0),
 * Catch with the predefined errors, Wait, task and execution timeouts, heartbeats, task tokens, Parallel,
 * Map (MaxConcurrency, tolerated failures, item reader and batcher), StopExecution, mocks, step limit.
 */
import { describe, expect, it } from "vitest";
import type { JsonValue, Retrier, StateMachineDefinition } from "../../asl/definition";
import { errorMatches, Interpreter, SfnApiError, StatesError, VirtualClock, type TaskHandler } from "../../asl/interpreter";
import { run, sequentialUuid } from "./helpers";

const FN = "arn:aws:lambda:us-east-1:123456789012:function:f";
const CALLBACK = "arn:aws:states:::lambda:invoke.waitForTaskToken";

/** A handler that fails `failures` times with `error`, then returns `{ ok: true }`; records call times. */
function flaky(failures: number, error: string, clock: () => number, times: number[]): TaskHandler {
  let calls = 0;
  return () => {
    times.push(clock());
    if (calls++ < failures) throw new StatesError(error, `attempt ${calls} failed`);
    return { ok: true };
  };
}

function retrying(retry: Retrier[]): StateMachineDefinition {
  return {
    StartAt: "T",
    States: {
      T: { Type: "Task", Resource: FN, Retry: retry, Catch: [{ ErrorEquals: ["States.ALL"], Next: "Caught" }], End: true },
      Caught: { Type: "Pass", End: true },
    },
  };
}

async function runRetries(retry: Retrier[], failures: number, error = "Boom", random = 0.5) {
  const clock = new VirtualClock({ start: 0 });
  const times: number[] = [];
  const r = await run(retrying(retry), {}, { clock, random: () => random, integrations: { [FN]: flaky(failures, error, () => clock.now(), times) } });
  return { r, delays: times.slice(1).map((t, i) => (t - times[i]!) / 1000) };
}

describe("Retry", () => {
  it("waits IntervalSeconds × BackoffRate^n between attempts, on the virtual clock", async () => {
    const { r, delays } = await runRetries([{ ErrorEquals: ["Boom"], IntervalSeconds: 3, BackoffRate: 2, MaxAttempts: 3 }], 3);
    expect(r.status).toBe("SUCCEEDED");
    expect(delays).toEqual([3, 6, 12]);
  });

  it("defaults to 1 s, rate 2.0, 3 attempts, then Catch takes over", async () => {
    const { r, delays } = await runRetries([{ ErrorEquals: ["States.ALL"] }], 10);
    expect(delays).toEqual([1, 2, 4]);
    expect(r.execution.statesVisited).toEqual(["T", "Caught"]);
    expect(r.output).toEqual({ Error: "Boom", Cause: "attempt 4 failed" });
  });

  it("caps delays at MaxDelaySeconds and scales them by the random source with FULL jitter", async () => {
    const capped = await runRetries([{ ErrorEquals: ["Boom"], IntervalSeconds: 10, BackoffRate: 3, MaxAttempts: 3, MaxDelaySeconds: 25 }], 3);
    expect(capped.delays).toEqual([10, 25, 25]);
    const jittered = await runRetries([{ ErrorEquals: ["Boom"], IntervalSeconds: 10, BackoffRate: 2, MaxAttempts: 2, JitterStrategy: "FULL" }], 2, "Boom", 0.25);
    expect(jittered.delays).toEqual([2.5, 5]);
  });

  it("MaxAttempts 0 never retries; only the first matching retrier counts", async () => {
    const { r, delays } = await runRetries([{ ErrorEquals: ["Boom"], MaxAttempts: 0 }, { ErrorEquals: ["States.ALL"], MaxAttempts: 5 }], 1);
    expect(delays).toEqual([]);
    expect(r.execution.statesVisited).toEqual(["T", "Caught"]);
  });

  it("States.TaskFailed matches any error except States.Timeout", async () => {
    const { delays } = await runRetries([{ ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 1, MaxAttempts: 1 }], 1, "Custom.Error");
    expect(delays).toEqual([1]);
    const timeout = await runRetries([{ ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 1, MaxAttempts: 1 }], 1, "States.Timeout");
    expect(timeout.delays).toEqual([]);
  });

  it("exposes the retry count as $$.State.RetryCount", async () => {
    const seen: JsonValue[] = [];
    let n = 0;
    const r = await run({
      StartAt: "T",
      States: { T: { Type: "Task", Resource: FN, Parameters: { "retry.$": "$$.State.RetryCount" }, Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 2 }], End: true } },
    }, {}, { integrations: { [FN]: (req) => { seen.push(req.input); if (n++ < 2) throw new Error("x"); return 1; } } });
    expect(r.status).toBe("SUCCEEDED");
    expect(seen).toEqual([{ retry: 0 }, { retry: 1 }, { retry: 2 }]);
  });
});

describe("Catch", () => {
  it("puts {Error, Cause} at ResultPath and goes to Next; the first matching catcher wins", async () => {
    const r = await run({
      StartAt: "T",
      States: {
        T: {
          Type: "Task", Resource: FN,
          Catch: [{ ErrorEquals: ["Other"], Next: "Wrong" }, { ErrorEquals: ["Custom.Error", "Another"], ResultPath: "$.error", Next: "Right" }, { ErrorEquals: ["States.ALL"], Next: "Wrong" }],
          End: true,
        },
        Right: { Type: "Succeed" },
        Wrong: { Type: "Fail" },
      },
    }, { order: 1 }, { integrations: { [FN]: () => { const e = new Error("it broke"); e.name = "Custom.Error"; throw e; } } });
    expect(r.output).toEqual({ order: 1, error: { Error: "Custom.Error", Cause: "it broke" } });
    expect([...r.execution.takenBranches]).toEqual(["T.Catch[1]"]);
  });

  it("a Fail state inside a Parallel branch is caught by the Parallel's Catch with its Error and Cause", async () => {
    const r = await run({
      StartAt: "Par",
      States: {
        Par: {
          Type: "Parallel",
          Branches: [{ StartAt: "F", States: { F: { Type: "Fail", Error: "Branch.Failed", Cause: "nope" } } }, { StartAt: "W", States: { W: { Type: "Wait", Seconds: 10, End: true } } }],
          Catch: [{ ErrorEquals: ["Branch.Failed"], Next: "Handled" }],
          End: true,
        },
        Handled: { Type: "Pass", End: true },
      },
    });
    expect(r.status).toBe("SUCCEEDED");
    expect(r.output).toEqual({ Error: "Branch.Failed", Cause: "nope" });
  });

  it("an uncaught error fails the execution with its name and cause; no Choice match is States.NoChoiceMatched", async () => {
    const r = await run({ StartAt: "C", States: { C: { Type: "Choice", Choices: [{ Variable: "$.x", NumericEquals: 1, Next: "S" }] }, S: { Type: "Succeed" } } }, { x: 2 });
    expect([r.status, r.error]).toEqual(["FAILED", "States.NoChoiceMatched"]);
  });

  it("a handler that throws a non-Error becomes States.TaskFailed", async () => {
    const r = await run({ StartAt: "T", States: { T: { Type: "Task", Resource: FN, End: true } } }, {}, { integrations: { [FN]: () => { throw "plain string"; } } });
    expect([r.error, r.cause]).toEqual(["States.TaskFailed", "plain string"]);
  });

  it("a resource with no handler fails with States.Runtime naming the resource and state", async () => {
    const r = await run({ StartAt: "T", States: { T: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage", End: true } } });
    expect(r.error).toBe("States.Runtime");
    expect(r.cause).toContain("arn:aws:states:::sqs:sendMessage");
    expect(r.cause).toContain("'T'");
  });
});

describe("Choice rules (JSONPath)", () => {
  const choose = (rule: object) => run({ StartAt: "C", States: { C: { Type: "Choice", Choices: [{ ...rule, Next: "Yes" }], Default: "No" }, Yes: { Type: "Pass", Result: "yes", End: true }, No: { Type: "Pass", Result: "no", End: true } } } as StateMachineDefinition, {
    s: "abc", n: 5, b: true, t: "2024-05-01T10:00:00Z", nul: null, other: 5, files: "log-2024.txt",
  }).then((r) => r.output ?? r.error);

  it.each([
    [{ Variable: "$.s", StringEquals: "abc" }, "yes"],
    [{ Variable: "$.s", StringGreaterThan: "abb" }, "yes"],
    [{ Variable: "$.n", NumericLessThanEquals: 5 }, "yes"],
    [{ Variable: "$.n", NumericEqualsPath: "$.other" }, "yes"],
    [{ Variable: "$.n", StringEquals: "5" }, "no"],
    [{ Variable: "$.b", BooleanEquals: true }, "yes"],
    [{ Variable: "$.t", TimestampGreaterThan: "2024-01-01T00:00:00Z" }, "yes"],
    [{ Variable: "$.files", StringMatches: "log-*.txt" }, "yes"],
    [{ Variable: "$.nul", IsNull: true }, "yes"],
    [{ Variable: "$.missing", IsPresent: false }, "yes"],
    [{ Variable: "$.t", IsTimestamp: true }, "yes"],
    [{ And: [{ Variable: "$.n", NumericGreaterThan: 1 }, { Not: { Variable: "$.s", StringEquals: "x" } }] }, "yes"],
    [{ Or: [{ Variable: "$.n", NumericGreaterThan: 10 }, { Variable: "$.b", BooleanEquals: false }] }, "no"],
    [{ Variable: "$.missing", StringEquals: "x" }, "States.Runtime"],
  ])("%j -> %s", async (rule, expected) => {
    expect(await choose(rule)).toBe(expected);
  });
});

describe("Wait and timeouts on the virtual clock", () => {
  it("a one-hour Wait and a Timestamp wait take no real time", async () => {
    const started = Date.now();
    const r = await run({
      StartAt: "W1",
      States: {
        W1: { Type: "Wait", Seconds: 3600, Next: "W2" },
        W2: { Type: "Wait", TimestampPath: "$.until", Next: "Now" },
        Now: { Type: "Pass", Parameters: { "at.$": "$$.State.EnteredTime" }, End: true },
      },
    }, { until: "2024-01-02T00:00:00Z" });
    expect(r.output).toEqual({ at: "2024-01-02T00:00:00.000Z" });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a task slower than TimeoutSeconds fails with States.Timeout", async () => {
    const r = await run({ StartAt: "T", States: { T: { Type: "Task", Resource: CALLBACK, TimeoutSeconds: 3600, End: true } } }, {}, { integrations: { [CALLBACK]: () => ({}) } });
    expect([r.error, r.execution.stopDate?.toISOString()]).toEqual(["States.Timeout", "2024-01-01T01:00:00.000Z"]);
    expect(r.execution.history().map((e) => e.type)).toContain("TaskTimedOut");
  });

  it("the execution's TimeoutSeconds ends it as TIMED_OUT", async () => {
    const r = await run({ TimeoutSeconds: 60, StartAt: "W", States: { W: { Type: "Wait", Seconds: 120, End: true } } });
    expect([r.status, r.error]).toEqual(["TIMED_OUT", "States.Timeout"]);
    expect(r.execution.history().at(-1)?.type).toBe("ExecutionTimedOut");
  });

  it("HeartbeatSeconds fails a silent task with States.HeartbeatTimeout; heartbeats keep it alive", async () => {
    const clock = new VirtualClock({ start: 0, autoAdvance: false });
    const interpreter = new Interpreter({ clock, integrations: { [CALLBACK]: () => ({}) } });
    const sm = interpreter.createStateMachine({ StartAt: "T", States: { T: { Type: "Task", Resource: CALLBACK, HeartbeatSeconds: 10, TimeoutSeconds: 100, Parameters: { "token.$": "$$.Task.Token" }, End: true } } });
    const tokenOf = (e: ReturnType<typeof interpreter.startExecution>) => JSON.parse((e.history().find((h) => h.type === "TaskScheduled")!.taskScheduledEventDetails as { parameters: string }).parameters).token as string;
    const alive = interpreter.startExecution(sm, {});
    await clock.advance(0);
    const token = tokenOf(alive);
    for (let i = 0; i < 5; i++) {
      await clock.advance(8000);
      interpreter.sendTaskHeartbeat(token);
    }
    interpreter.sendTaskSuccess(token, { done: true });
    expect(await alive.done).toEqual({ status: "SUCCEEDED", output: { done: true } });
    const silent = interpreter.startExecution(sm, {});
    await clock.advance(11_000);
    expect((await silent.done).error).toBe("States.HeartbeatTimeout");
  });
});

describe("virtual time and real asynchronous work", () => {
  it("does not advance while an integration is still working, so a slow real call does not time out", async () => {
    const slowReal: TaskHandler = () => new Promise((resolve) => setTimeout(() => resolve({ done: true }), 30));
    const r = await run({
      StartAt: "Par",
      States: {
        Par: {
          Type: "Parallel",
          Branches: [
            { StartAt: "Slow", States: { Slow: { Type: "Task", Resource: FN, TimeoutSeconds: 1, End: true } } },
            { StartAt: "Long", States: { Long: { Type: "Wait", Seconds: 5, End: true } } },
          ],
          End: true,
        },
      },
    }, {}, { integrations: { [FN]: slowReal } });
    expect(r.status).toBe("SUCCEEDED");
    expect(r.output).toEqual([{ done: true }, {}]);
  });

  it("startExecution returns before the first state runs", () => {
    const calls: string[] = [];
    const interpreter = new Interpreter({ integrations: { [FN]: () => { calls.push("task"); return {}; } } });
    const sm = interpreter.createStateMachine({ StartAt: "T", States: { T: { Type: "Task", Resource: FN, End: true } } });
    interpreter.startExecution(sm, {});
    calls.push("returned");
    return new Promise<void>((resolve) => setImmediate(() => { expect(calls).toEqual(["returned", "task"]); resolve(); }));
  });

  it("names must be unique per state machine; unknown executions are ExecutionDoesNotExist", () => {
    const interpreter = new Interpreter();
    const sm = interpreter.createStateMachine({ StartAt: "S", States: { S: { Type: "Succeed" } } });
    interpreter.startExecution(sm, {}, { name: "once" });
    expect(() => interpreter.startExecution(sm, { other: true }, { name: "once" })).toThrow(/Execution Already Exists/);
    expect(() => interpreter.getExecution("arn:aws:states:us-east-1:123456789012:execution:x:y")).toThrow(/Execution Does Not Exist/);
  });
});

describe("task tokens", () => {
  it("pauses until SendTaskSuccess; the output is the task result", async () => {
    const clock = new VirtualClock({ autoAdvance: false });
    const tokens: string[] = [];
    const interpreter = new Interpreter({ clock, uuid: sequentialUuid(), integrations: { [CALLBACK]: (req) => { tokens.push(req.taskToken!); return { StatusCode: 200 }; } } });
    const sm = interpreter.createStateMachine({ StartAt: "T", States: { T: { Type: "Task", Resource: CALLBACK, Parameters: { "token.$": "$$.Task.Token" }, ResultPath: "$.answer", End: true } } });
    const execution = interpreter.startExecution(sm, { order: 7 });
    await clock.advance(0);
    expect(execution.status).toBe("RUNNING");
    expect(interpreter.executionOfToken(tokens[0]!)).toBe(execution.executionArn);
    interpreter.sendTaskSuccess(tokens[0]!, { Status: "OK" });
    expect(await execution.done).toEqual({ status: "SUCCEEDED", output: { order: 7, answer: { Status: "OK" } } });
    expect(execution.history().map((e) => e.type)).toEqual([
      "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded",
    ]);
    expect(() => interpreter.sendTaskSuccess(tokens[0]!, {})).toThrow(SfnApiError);
  });

  it("SendTaskFailure fails the task with the given error and cause", async () => {
    const interpreter = new Interpreter({ integrations: { [CALLBACK]: (req) => { queueMicrotask(() => req.callbacks.sendTaskFailure(req.taskToken!, "Payment.Declined", "card expired")); } } });
    const r = await interpreter.run(interpreter.createStateMachine({ StartAt: "T", States: { T: { Type: "Task", Resource: CALLBACK, End: true } } }));
    expect([r.status, r.error, r.cause]).toEqual(["FAILED", "Payment.Declined", "card expired"]);
  });

  it("a token never issued is InvalidToken", () => {
    expect(() => new Interpreter().sendTaskSuccess("nope", {})).toThrow(/Invalid Token/);
  });
});

describe("Parallel and Map", () => {
  it("Parallel outputs the branch outputs in order", async () => {
    const r = await run({
      StartAt: "P",
      States: {
        P: {
          Type: "Parallel", ResultPath: "$.results",
          Branches: [
            { StartAt: "Slow", States: { Slow: { Type: "Wait", Seconds: 5, Next: "A" }, A: { Type: "Pass", Result: "a", End: true } } },
            { StartAt: "B", States: { B: { Type: "Pass", Result: "b", End: true } } },
          ],
          End: true,
        },
      },
    }, { x: 1 });
    expect(r.output).toEqual({ x: 1, results: ["a", "b"] });
  });

  it("Map respects MaxConcurrency", async () => {
    let running = 0;
    let peak = 0;
    const slow: TaskHandler = async (req) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 1));
      running--;
      return (req.input as number) * 2;
    };
    const definition = (max: number): StateMachineDefinition => ({
      StartAt: "M",
      States: { M: { Type: "Map", MaxConcurrency: max, ItemProcessor: { StartAt: "T", States: { T: { Type: "Task", Resource: FN, End: true } } }, End: true } },
    });
    const r = await run(definition(2), [1, 2, 3, 4, 5], { integrations: { [FN]: slow } });
    expect(r.output).toEqual([2, 4, 6, 8, 10]);
    expect(peak).toBe(2);
  });

  it("tolerated failures let a Map succeed until the threshold is exceeded", async () => {
    const definition = (count: number): StateMachineDefinition => ({
      StartAt: "M",
      States: {
        M: {
          Type: "Map", ToleratedFailureCount: count,
          ItemProcessor: { StartAt: "C", States: { C: { Type: "Choice", Choices: [{ Variable: "$", NumericGreaterThan: 2, Next: "Bad" }], Default: "Good" }, Good: { Type: "Succeed" }, Bad: { Type: "Fail", Error: "TooBig" } } },
          End: true,
        },
      },
    });
    const ok = await run(definition(2), [1, 2, 3, 4]);
    expect(ok.output).toEqual([1, 2, { Error: "TooBig", Cause: "" }, { Error: "TooBig", Cause: "" }]);
    const over = await run(definition(1), [1, 2, 3, 4]);
    expect(over.error).toBe("States.ExceedToleratedFailureThreshold");
  });

  it("a distributed Map reads items with the item reader and batches them", async () => {
    const r = await run({
      StartAt: "M",
      States: {
        M: {
          Type: "Map",
          ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "JSON" }, Parameters: { Bucket: "b", "Key.$": "$.key" } },
          ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { "source.$": "$.key" } },
          ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" }, StartAt: "Count", States: { Count: { Type: "Pass", Parameters: { "n.$": "States.ArrayLength($.Items)", "source.$": "$.BatchInput.source" }, End: true } } },
          End: true,
        },
      },
    }, { key: "items.json" }, { itemReader: (req) => { expect(req.input).toEqual({ Bucket: "b", Key: "items.json" }); return [1, 2, 3, 4, 5]; } });
    expect(r.output).toEqual([{ n: 2, source: "items.json" }, { n: 2, source: "items.json" }, { n: 1, source: "items.json" }]);
  });
});

describe("executions", () => {
  it("StopExecution aborts a waiting execution", async () => {
    const clock = new VirtualClock({ autoAdvance: false });
    const interpreter = new Interpreter({ clock });
    const sm = interpreter.createStateMachine({ StartAt: "W", States: { W: { Type: "Wait", Seconds: 10, End: true } } });
    const e = interpreter.startExecution(sm, {}, { name: "to-stop" });
    interpreter.stopExecution(e.executionArn, "Stopped.ByUser", "test");
    expect(await e.done).toEqual({ status: "ABORTED", error: "Stopped.ByUser", cause: "test" });
    expect(interpreter.getExecution(e.executionArn).describe()).toMatchObject({ status: "ABORTED", name: "to-stop", input: "{}" });
  });

  it("an endless loop stops at the step limit with a clear States.Runtime", async () => {
    const r = await run({ StartAt: "A", States: { A: { Type: "Pass", Next: "B" }, B: { Type: "Pass", Next: "A" } } }, {}, { maxSteps: 50 });
    expect(r.error).toBe("States.Runtime");
    expect(r.cause).toContain("limit of 50 state transitions");
  });

  it("mocks answer per attempt, Step Functions Local style", async () => {
    const r = await run({
      StartAt: "T",
      States: { T: { Type: "Task", Resource: FN, Retry: [{ ErrorEquals: ["Throttled"], MaxAttempts: 3 }], End: true } },
    }, {}, { mocks: { T: [{ Throw: { Error: "Throttled", Cause: "slow down" } }, { Throw: { Error: "Throttled" } }, { Return: { ok: 1 } }] } });
    expect(r.output).toEqual({ ok: 1 });
    expect(r.execution.history().filter((e) => e.type === "LambdaFunctionFailed")).toHaveLength(2);
  });

  it("history events link to their predecessor and carry payloads as JSON", async () => {
    const r = await run({ StartAt: "P", States: { P: { Type: "Pass", Result: { b: 2 }, End: true } } }, { a: 1 });
    const h = r.execution.history();
    expect(h.map((e) => [e.id, e.previousEventId, e.type])).toEqual([[1, 0, "ExecutionStarted"], [2, 1, "PassStateEntered"], [3, 2, "PassStateExited"], [4, 3, "ExecutionSucceeded"]]);
    expect(h[1]!.stateEnteredEventDetails).toEqual({ name: "P", input: "{\"a\":1}", inputDetails: { truncated: false } });
    expect(h[3]!.executionSucceededEventDetails).toEqual({ output: "{\"b\":2}", outputDetails: { truncated: false } });
  });

  it("refuses definitions that cannot run, naming the culprit", () => {
    const interpreter = new Interpreter();
    expect(() => interpreter.createStateMachine({ StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" } } })).toThrow(/transition to 'Nowhere'.*\/States\/A/);
    expect(() => interpreter.createStateMachine("{not json")).toThrow(/not JSON/);
    expect(() => interpreter.startExecution(interpreter.createStateMachine({ StartAt: "A", States: { A: { Type: "Succeed" } } }), "{bad", { inputIsJsonText: true })).toThrow(/InvalidExecutionInput|not JSON/);
  });
});

describe("distributed Map ResultWriter", () => {
  it("hands the results to the writer's integration and outputs the map run details", async () => {
    const written: JsonValue[] = [];
    const r = await run({
      StartAt: "M",
      States: {
        M: {
          Type: "Map",
          ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, StartAt: "P", States: { P: { Type: "Pass", End: true } } },
          ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "out", Prefix: "runs" } },
          End: true,
        },
      },
    }, [1, 2], { integrations: { "arn:aws:states:::s3:putObject": (req) => { written.push(req.input); return {}; } } });
    expect(written).toEqual([{ Bucket: "out", Prefix: "runs", Results: [1, 2] }]);
    expect(r.output).toMatchObject({ ResultWriterDetails: { Bucket: "out", Prefix: "runs" } });
    expect((r.output as { MapRunArn: string }).MapRunArn).toContain(":mapRun:");
  });
});

describe("bad values are refused, never ignored", () => {
  const map = (fields: Record<string, JsonValue>): StateMachineDefinition => ({
    StartAt: "M",
    States: { M: { Type: "Map", ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true, ...fields } },
  });

  it.each([
    [{ ToleratedFailurePercentage: 150 }, "ToleratedFailurePercentage"],
    [{ ToleratedFailureCountPath: "$.n" }, "ToleratedFailureCount"],
    [{ MaxConcurrencyPath: "$.n" }, "MaxConcurrency"],
  ])("%j", async (fields, name) => {
    const r = await run(map(fields), [1]);
    expect(r.error).toBe("States.Runtime");
    expect(r.cause).toContain(name);
  });

  it("a negative Wait, a non-string Fail cause, and a non-array Map input", async () => {
    expect((await run({ StartAt: "W", States: { W: { Type: "Wait", SecondsPath: "$.s", End: true } } }, { s: -1 })).cause).toContain("non-negative integer");
    expect((await run({ StartAt: "F", States: { F: { Type: "Fail", CausePath: "$.c" } } }, { c: 5 })).cause).toContain("must be a string");
    expect((await run(map({}), { not: "an array" })).cause).toContain("must be an array");
  });
});

describe("history of Parallel and Map", () => {
  it("records branch and iteration events, each iteration chained to its own previous event", async () => {
    const r = await run({
      StartAt: "M",
      States: { M: { Type: "Map", ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true } },
    }, ["a", "b"]);
    const h = r.execution.history();
    const types = h.map((e) => e.type);
    // Iterations run concurrently, so their events interleave; the frame around them is fixed.
    expect(types.slice(0, 3)).toEqual(["ExecutionStarted", "MapStateEntered", "MapStateStarted"]);
    expect(types.slice(-3)).toEqual(["MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"]);
    expect([...types].sort()).toEqual([
      "ExecutionStarted", "ExecutionSucceeded", "MapIterationStarted", "MapIterationStarted", "MapIterationSucceeded", "MapIterationSucceeded",
      "MapStateEntered", "MapStateExited", "MapStateStarted", "MapStateSucceeded", "PassStateEntered", "PassStateEntered", "PassStateExited", "PassStateExited",
    ]);
    expect(h[2]!.mapStateStartedEventDetails).toEqual({ length: 2 });
    const iterations = h.filter((e) => e.type === "MapIterationStarted");
    expect(iterations.map((e) => e.mapIterationStartedEventDetails)).toEqual([{ name: "M", index: 0 }, { name: "M", index: 1 }]);
    const passes = h.filter((e) => e.type === "PassStateEntered");
    expect(passes.map((e) => e.previousEventId).sort()).toEqual(iterations.map((e) => e.id).sort());
  });
});

describe("error name matching in Retry and Catch", () => {
  it("States.Timeout also names a heartbeat timeout, and States.TaskFailed matches neither", async () => {
    expect(errorMatches(["States.Timeout"], "States.HeartbeatTimeout")).toBe(true);
    expect(errorMatches(["States.Timeout"], "States.Timeout")).toBe(true);
    expect(errorMatches(["States.TaskFailed"], "States.HeartbeatTimeout")).toBe(false);
    expect(errorMatches(["States.TaskFailed"], "States.Timeout")).toBe(false);
    expect(errorMatches(["States.TaskFailed"], "Lambda.ServiceException")).toBe(true);
    expect(errorMatches(["States.HeartbeatTimeout"], "States.Timeout")).toBe(false);

    const clock = new VirtualClock({ start: 0 });
    const interpreter = new Interpreter({ clock, integrations: { [CALLBACK]: () => ({}) } });
    const sm = interpreter.createStateMachine({
      StartAt: "T",
      States: {
        T: {
          Type: "Task", Resource: CALLBACK, HeartbeatSeconds: 5, TimeoutSeconds: 60, Parameters: { "token.$": "$$.Task.Token" },
          Catch: [{ ErrorEquals: ["States.Timeout"], ResultPath: "$.error", Next: "Handled" }], End: true,
        },
        Handled: { Type: "Pass", End: true },
      },
    });
    const result = await interpreter.startExecution(sm, {}).done;
    expect(result.status).toBe("SUCCEEDED");
    expect(result.output).toMatchObject({ error: { Error: "States.HeartbeatTimeout" } });
  });
});
