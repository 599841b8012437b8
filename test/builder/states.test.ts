import { describe, expect, it } from "vitest";
import { context, intrinsic, jsonata, jsonataExpr, jsonPath, lambda, path, stateMachine, type StateNode } from "../../asl";

const FN = "arn:aws:lambda:eu-west-1:123456789012:function:work";
const statesOf = (start: StateNode, queryLanguage?: "JSONPath" | "JSONata") => stateMachine({ startAt: start, queryLanguage }).toJSON().States;

describe("JSONPath states", () => {
  it("Task with every I/O field, timeouts, retry and catch", () => {
    const handler = jsonPath.pass("Handle");
    const task = jsonPath
      .task("Work", FN, {
        Comment: "does the work",
        InputPath: "$.in",
        Parameters: { id: path("$.id"), "raw.$": "$.raw", fixed: 1, nested: { token: context.taskToken } },
        ResultSelector: { value: path("$.Payload.value") },
        ResultPath: "$.result",
        OutputPath: "$",
        Assign: { seen: path("$.id") },
        TimeoutSeconds: 30,
        HeartbeatSeconds: 10,
        Credentials: { RoleArn: "arn:aws:iam::123456789012:role/r" },
      })
      .retry({ ErrorEquals: ["Lambda.TooManyRequestsException"], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2, MaxDelaySeconds: 10, JitterStrategy: "FULL" })
      .catch(["States.ALL"], handler, { ResultPath: "$.error" });
    expect(statesOf(task).Work).toStrictEqual({
      Type: "Task",
      Comment: "does the work",
      Resource: FN,
      Credentials: { RoleArn: "arn:aws:iam::123456789012:role/r" },
      InputPath: "$.in",
      Parameters: { "id.$": "$.id", "raw.$": "$.raw", fixed: 1, nested: { "token.$": "$$.Task.Token" } },
      TimeoutSeconds: 30,
      HeartbeatSeconds: 10,
      ResultSelector: { "value.$": "$.Payload.value" },
      ResultPath: "$.result",
      OutputPath: "$",
      Assign: { "seen.$": "$.id" },
      Retry: [{ ErrorEquals: ["Lambda.TooManyRequestsException"], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2, MaxDelaySeconds: 10, JitterStrategy: "FULL" }],
      Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Handle" }],
      End: true,
    });
  });

  it("Pass with Result, Parameters and intrinsic functions", () => {
    const pass = jsonPath.pass("Shape", { Parameters: { id: intrinsic.uuid(), msg: intrinsic.format("hi {}", path("$.name")) }, ResultPath: "$.shaped" });
    pass.next(jsonPath.pass("Constant", { Result: { "literal.$": "not evaluated" }, ResultPath: "$.c" }));
    const states = statesOf(pass);
    expect(states.Shape).toStrictEqual({
      Type: "Pass",
      Parameters: { "id.$": "States.UUID()", "msg.$": "States.Format('hi {}', $.name)" },
      ResultPath: "$.shaped",
      Next: "Constant",
    });
    expect(states.Constant).toStrictEqual({ Type: "Pass", Result: { "literal.$": "not evaluated" }, ResultPath: "$.c", End: true });
  });

  it("Wait in each of its four forms", () => {
    const forms = [{ Seconds: 5 }, { SecondsPath: "$.s" }, { Timestamp: "2026-12-01T00:00:00Z" }, { TimestampPath: "$.t" }] as const;
    for (const form of forms) {
      expect(statesOf(jsonPath.wait("Pause", form)).Pause).toStrictEqual({ Type: "Wait", ...form, End: true });
    }
  });

  it("Succeed and Fail", () => {
    expect(statesOf(jsonPath.succeed("Ok", { InputPath: "$.a", OutputPath: "$.b" })).Ok).toStrictEqual({ Type: "Succeed", InputPath: "$.a", OutputPath: "$.b" });
    expect(statesOf(jsonPath.fail("Broken", { Error: "E", Cause: "because" })).Broken).toStrictEqual({ Type: "Fail", Error: "E", Cause: "because" });
    expect(statesOf(jsonPath.fail("Dynamic", { ErrorPath: "$.e", CausePath: "$.c" })).Dynamic).toStrictEqual({ Type: "Fail", ErrorPath: "$.e", CausePath: "$.c" });
  });

  it("Parallel with branches and its own error handling", () => {
    const left = jsonPath.pass("Left");
    left.next(jsonPath.succeed("Left Done"));
    const parallel = jsonPath
      .parallel("Both", { ResultPath: "$.both" })
      .branch(left)
      .branch(jsonPath.pass("Right"))
      .retry({ ErrorEquals: ["States.TaskFailed"], MaxAttempts: 1 })
      .catch(["States.ALL"], jsonPath.fail("Oops"));
    parallel.next(jsonPath.succeed("After"));
    const states = statesOf(parallel);
    expect(states.Both).toStrictEqual({
      Type: "Parallel",
      Branches: [
        { StartAt: "Left", States: { Left: { Type: "Pass", Next: "Left Done" }, "Left Done": { Type: "Succeed" } } },
        { StartAt: "Right", States: { Right: { Type: "Pass", End: true } } },
      ],
      ResultPath: "$.both",
      Retry: [{ ErrorEquals: ["States.TaskFailed"], MaxAttempts: 1 }],
      Catch: [{ ErrorEquals: ["States.ALL"], Next: "Oops" }],
      Next: "After",
    });
    expect(Object.keys(states)).toStrictEqual(["Both", "After", "Oops"]);
  });

  it("inline Map", () => {
    const map = jsonPath
      .map("Each", { ItemsPath: "$.items", ItemSelector: { item: context.mapItemValue, index: context.mapItemIndex }, MaxConcurrency: 4, ResultPath: "$.out" })
      .itemProcessor(jsonPath.pass("Per Item"));
    expect(statesOf(map).Each).toStrictEqual({
      Type: "Map",
      ItemsPath: "$.items",
      ItemSelector: { "item.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index" },
      ItemProcessor: { StartAt: "Per Item", States: { "Per Item": { Type: "Pass", End: true } } },
      MaxConcurrency: 4,
      ResultPath: "$.out",
      End: true,
    });
  });

  it("distributed Map with reader, batcher, writer and tolerated failures", () => {
    const map = jsonPath
      .map("Process Files", {
        ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "CSV", CSVHeaderLocation: "FIRST_ROW" }, Parameters: { Bucket: "b", Key: path("$.key") } },
        ItemBatcher: { MaxItemsPerBatch: 100 },
        ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "out", Prefix: "runs" } },
        ToleratedFailurePercentage: 5,
        ToleratedFailureCount: 10,
        MaxConcurrency: 1000,
        Label: "files",
      })
      .itemProcessor(jsonPath.task("Handle Batch", lambda.invoke({ FunctionName: "batch", Payload: { items: path("$.Items") } })), { mode: "DISTRIBUTED", executionType: "EXPRESS" });
    const machine = stateMachine({ startAt: map });
    expect(machine.toJSON().States["Process Files"]).toStrictEqual({
      Type: "Map",
      ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "CSV", CSVHeaderLocation: "FIRST_ROW" }, Parameters: { Bucket: "b", "Key.$": "$.key" } },
      ItemBatcher: { MaxItemsPerBatch: 100 },
      ItemProcessor: {
        ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" },
        StartAt: "Handle Batch",
        States: {
          "Handle Batch": { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "batch", Payload: { "items.$": "$.Items" } }, End: true },
        },
      },
      MaxConcurrency: 1000,
      ToleratedFailurePercentage: 5,
      ToleratedFailureCount: 10,
      Label: "files",
      ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "out", Prefix: "runs" } },
      End: true,
    });
    expect(machine.permissions()).toStrictEqual([{ service: "lambda", actions: ["lambda:InvokeFunction"], target: "batch" }]);
  });
});

describe("JSONata states", () => {
  it("Task with Arguments, Output, Assign and expression timeouts", () => {
    const task = jsonata
      .task("Call", FN, {
        Arguments: { id: "{% $states.input.id %}" },
        Output: "{% $states.result.Payload %}",
        Assign: { lastId: "{% $states.input.id %}" },
        TimeoutSeconds: "{% $timeout %}",
      })
      .catch(["States.ALL"], jsonata.fail("Failed", { Error: "{% $states.errorOutput.Error %}" }), { Output: "{% $states.errorOutput %}", Assign: { failed: true } });
    const json = stateMachine({ startAt: task }).toJSON();
    expect(json.QueryLanguage).toBe("JSONata");
    expect(json.States.Call).toStrictEqual({
      Type: "Task",
      Resource: FN,
      Arguments: { id: "{% $states.input.id %}" },
      TimeoutSeconds: "{% $timeout %}",
      Output: "{% $states.result.Payload %}",
      Assign: { lastId: "{% $states.input.id %}" },
      Catch: [{ ErrorEquals: ["States.ALL"], Output: "{% $states.errorOutput %}", Assign: { failed: true }, Next: "Failed" }],
      End: true,
    });
    expect(json.States.Failed).toStrictEqual({ Type: "Fail", Error: "{% $states.errorOutput.Error %}" });
  });

  it("Pass, Wait, Succeed, Choice, Parallel and Map", () => {
    const done = jsonata.succeed("Done", { Output: { ok: true } });
    const map = jsonata.map("Each", { Items: jsonataExpr("$states.input.items"), ItemSelector: { v: "{% $states.context.Map.Item.Value %}" } }).itemProcessor(jsonata.pass("Item"));
    const parallel = jsonata.parallel("Fan", { Arguments: { a: 1 }, Output: "{% $states.result[0] %}" }).branch(map);
    const choice = jsonata
      .choice("Decide", { Assign: { checked: true } })
      .when("{% $states.input.n > 10 %}", parallel, { Assign: { big: true }, Output: { n: "{% $states.input.n %}" } })
      .otherwise(done);
    const wait = jsonata.wait("Pause", { Seconds: "{% $states.input.delay %}" });
    const start = jsonata.pass("Start", { Output: { n: 11 }, Assign: { started: "{% $now() %}" } });
    start.next(wait).next(choice);
    parallel.next(done);
    const states = statesOf(start);
    expect(states.Start).toStrictEqual({ Type: "Pass", Output: { n: 11 }, Assign: { started: "{% $now() %}" }, Next: "Pause" });
    expect(states.Pause).toStrictEqual({ Type: "Wait", Seconds: "{% $states.input.delay %}", Next: "Decide" });
    expect(states.Decide).toStrictEqual({
      Type: "Choice",
      Choices: [{ Condition: "{% $states.input.n > 10 %}", Assign: { big: true }, Output: { n: "{% $states.input.n %}" }, Next: "Fan" }],
      Default: "Done",
      Assign: { checked: true },
    });
    expect(states.Fan).toStrictEqual({
      Type: "Parallel",
      Branches: [
        {
          StartAt: "Each",
          States: {
            Each: {
              Type: "Map",
              Items: "{% $states.input.items %}",
              ItemSelector: { v: "{% $states.context.Map.Item.Value %}" },
              ItemProcessor: { StartAt: "Item", States: { Item: { Type: "Pass", End: true } } },
              End: true,
            },
          },
        },
      ],
      Arguments: { a: 1 },
      Output: "{% $states.result[0] %}",
      Next: "Done",
    });
    expect(states.Done).toStrictEqual({ Type: "Succeed", Output: { ok: true } });
  });
});

describe("mixing query languages", () => {
  it("writes QueryLanguage only on states that differ from the machine's", () => {
    const jsonataStep = jsonata.pass("Compute", { Output: "{% $states.input %}" });
    const start = jsonPath.pass("Start", { ResultPath: "$.x" });
    start.next(jsonataStep);
    const json = stateMachine({ startAt: start }).toJSON();
    expect(json.QueryLanguage).toBe("JSONPath");
    expect(json.States.Start).toStrictEqual({ Type: "Pass", ResultPath: "$.x", Next: "Compute" });
    expect(json.States.Compute).toStrictEqual({ Type: "Pass", QueryLanguage: "JSONata", Output: "{% $states.input %}", End: true });

    const jsonataMachine = stateMachine({ startAt: start, queryLanguage: "JSONata" }).toJSON();
    expect(jsonataMachine.States.Start).toHaveProperty("QueryLanguage", "JSONPath");
    expect(jsonataMachine.States.Compute).not.toHaveProperty("QueryLanguage");
  });

  it("jsonataExpr wraps and refuses an empty expression", () => {
    expect(jsonataExpr("  $states.input.a ")).toBe("{% $states.input.a %}");
    expect(() => jsonataExpr(" ")).toThrow(/empty/);
  });
});
