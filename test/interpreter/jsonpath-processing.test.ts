/**
 * JSONPath input and output processing (InputPath, Parameters, ResultSelector, ResultPath, OutputPath,
 * the context object), with the worked examples of AWS's "Processing input and output" pages.
 */
import { describe, expect, it } from "vitest";
import type { JsonValue, StateMachineDefinition } from "../../asl/definition";
import type { TaskHandler } from "../../asl/interpreter";
import { run } from "./helpers";

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction";
const hello: TaskHandler = (req) => `Hello, ${(req.input as { who: string }).who}!`;

function task(fields: Record<string, JsonValue>): StateMachineDefinition {
  return { StartAt: "T", States: { T: { Type: "Task", Resource: LAMBDA, End: true, ...fields } } };
}

describe("InputPath, Parameters, ResultSelector, ResultPath, OutputPath", () => {
  it("InputPath selects part of the input (AWS example)", async () => {
    const input = { comment: "Example for InputPath.", dataset1: { val1: 1, val2: 2, val3: 3 }, dataset2: { val1: "a", val2: "b", val3: "c" } };
    const r = await run({ StartAt: "P", States: { P: { Type: "Pass", InputPath: "$.dataset2", End: true } } }, input);
    expect(r.output).toEqual({ val1: "a", val2: "b", val3: "c" });
  });

  it("Parameters builds a new input from static values and paths (AWS example)", async () => {
    const input = { comment: "Example for Parameters.", product: { details: { color: "blue", size: "small", material: "cotton" }, availability: "in stock", sku: "2317", cost: "$23" } };
    const r = await run({
      StartAt: "P",
      States: { P: { Type: "Pass", Parameters: { comment: "Selecting what I care about.", MyDetails: { "size.$": "$.product.details.size", "exists.$": "$.product.availability", StaticValue: "foo" } }, End: true } },
    }, input);
    expect(r.output).toEqual({ comment: "Selecting what I care about.", MyDetails: { size: "small", exists: "in stock", StaticValue: "foo" } });
  });

  it("ResultSelector reshapes the task result before ResultPath (AWS example)", async () => {
    const emrResult = {
      resourceType: "elasticmapreduce", resource: "createCluster.sync",
      output: { SdkHttpMetadata: { HttpStatusCode: 200 }, SdkResponseMetadata: { RequestId: "1234-5678-9012" }, ClusterId: "AKIAIOSFODNN7EXAMPLE" },
    };
    const r = await run(task({ ResultSelector: { "ClusterId.$": "$.output.ClusterId", "ResourceType.$": "$.resourceType" }, ResultPath: "$.EMROutput" }), { x: 1 }, { integrations: { [LAMBDA]: () => emrResult } });
    expect(r.output).toEqual({ x: 1, EMROutput: { ClusterId: "AKIAIOSFODNN7EXAMPLE", ResourceType: "elasticmapreduce" } });
  });

  describe("ResultPath (AWS examples with the Hello function)", () => {
    const input = { comment: "This is a test of the input and output of a Task state.", details: "Default example", who: "AWS Step Functions" };
    const integrations = { [LAMBDA]: hello };

    it("$ (default) replaces the input with the result", async () => {
      expect((await run(task({}), input, { integrations })).output).toBe("Hello, AWS Step Functions!");
    });

    it("$.taskresult adds the result to the input", async () => {
      expect((await run(task({ ResultPath: "$.taskresult" }), input, { integrations })).output).toEqual({ ...input, taskresult: "Hello, AWS Step Functions!" });
    });

    it("null discards the result and passes the input through", async () => {
      expect((await run(task({ ResultPath: null }), input, { integrations })).output).toEqual(input);
    });

    it("a path into an existing node replaces that node; missing nodes are created", async () => {
      const r = await run(task({ ResultPath: "$.strings.lambdaresult" }), { ...input, strings: { string1: "foo" } }, { integrations });
      expect(r.output).toEqual({ ...input, strings: { string1: "foo", lambdaresult: "Hello, AWS Step Functions!" } });
      const created = await run(task({ ResultPath: "$.a.b.c" }), input, { integrations });
      expect(created.output).toEqual({ ...input, a: { b: { c: "Hello, AWS Step Functions!" } } });
    });

    it("a path through a non-object is States.ResultPathMatchFailure (catchable)", async () => {
      const r = await run(task({ ResultPath: "$.who.result" }), input, { integrations });
      expect(r.error).toBe("States.ResultPathMatchFailure");
    });
  });

  it("InputPath, ResultPath and OutputPath together (AWS example): ResultPath applies to the raw input", async () => {
    const input = { comment: "An input comment.", data: { val1: 23, val2: 17 }, extra: "foo", lambda: { who: "AWS Step Functions" } };
    const r = await run(task({ InputPath: "$.lambda", ResultPath: "$.data.lambdaresult", OutputPath: "$.data" }), input, { integrations: { [LAMBDA]: hello } });
    expect(r.output).toEqual({ val1: 23, val2: 17, lambdaresult: "Hello, AWS Step Functions!" });
  });

  it("InputPath null gives {} and OutputPath null outputs {}", async () => {
    const seen: JsonValue[] = [];
    const r = await run(task({ InputPath: null, OutputPath: null }), { a: 1 }, { integrations: { [LAMBDA]: (req) => { seen.push(req.input); return 5; } } });
    expect(seen).toEqual([{}]);
    expect(r.output).toEqual({});
  });

  it("wildcards, filters and slices return lists (jsonpath-plus)", async () => {
    const input = { items: [{ n: 1, ok: true }, { n: 2, ok: false }, { n: 3, ok: true }] };
    const r = await run({ StartAt: "P", States: { P: { Type: "Pass", Parameters: { "all.$": "$.items[*].n", "ok.$": "$.items[?(@.ok == true)].n", "first2.$": "$.items[0:2].n" }, End: true } } }, input);
    expect(r.output).toEqual({ all: [1, 2, 3], ok: [1, 3], first2: [1, 2] });
  });

  it.each([
    ["InputPath", { InputPath: "$.nope" }, "The JSONPath '$.nope' specified for the field 'InputPath' could not be found in the input '{\"a\":1}'"],
    ["Parameters", { Parameters: { "x.$": "$.nope" } }, "The JSONPath '$.nope' specified for the field 'x.$' could not be found in the input '{\"a\":1}'"],
    ["OutputPath", { OutputPath: "$.nope" }, "The JSONPath '$.nope' specified for the field 'OutputPath' could not be found"],
  ])("a missing path in %s is States.Runtime naming the path, and Catch cannot catch it", async (_field, fields, cause) => {
    const definition: StateMachineDefinition = {
      StartAt: "T",
      States: {
        T: { Type: "Task", Resource: LAMBDA, ...fields, Catch: [{ ErrorEquals: ["States.ALL"], Next: "Caught" }], End: true },
        Caught: { Type: "Succeed" },
      },
    };
    const r = await run(definition, { a: 1 }, { integrations: { [LAMBDA]: () => ({ b: 2 }) } });
    expect(r.status).toBe("FAILED");
    expect(r.error).toBe("States.Runtime");
    expect(r.cause).toContain(cause);
    expect(r.cause).toContain("'T'");
    expect(r.execution.statesVisited).toEqual(["T"]);
  });
});

describe("context object", () => {
  it("exposes Execution, State, StateMachine and Task fields", async () => {
    const r = await run({
      StartAt: "P",
      States: {
        P: {
          Type: "Pass",
          Parameters: {
            "id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name", "input.$": "$$.Execution.Input", "start.$": "$$.Execution.StartTime",
            "state.$": "$$.State.Name", "entered.$": "$$.State.EnteredTime", "retry.$": "$$.State.RetryCount", "sm.$": "$$.StateMachine.Name",
          },
          End: true,
        },
      },
    }, { k: "v" });
    const o = r.output as Record<string, JsonValue>;
    expect(o.id).toBe(r.execution.executionArn);
    expect(o.id).toMatch(/^arn:aws:states:us-east-1:123456789012:execution:StateMachine\d+:/);
    expect(o.name).toBe(r.execution.name);
    expect(o.input).toEqual({ k: "v" });
    expect(o.start).toBe("2024-01-01T00:00:00.000Z");
    expect(o.state).toBe("P");
    expect(o.entered).toBe("2024-01-01T00:00:00.000Z");
    expect(o.retry).toBe(0);
    expect(o.sm).toMatch(/^StateMachine\d+$/);
  });

  it("gives Map iterations $$.Map.Item.Index and Value (AWS example)", async () => {
    const input = { "delivery-partner": "UQS", shipped: [{ prod: "R31", "dest-code": 9511, quantity: 1344 }, { prod: "S39", "dest-code": 9511, quantity: 40 }] };
    const r = await run({
      StartAt: "M",
      States: {
        M: {
          Type: "Map", ItemsPath: "$.shipped",
          ItemSelector: { "ContextIndex.$": "$$.Map.Item.Index", "ContextValue.$": "$$.Map.Item.Value" },
          ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } },
          End: true,
        },
      },
    }, input);
    expect(r.output).toEqual([
      { ContextIndex: 0, ContextValue: { prod: "R31", "dest-code": 9511, quantity: 1344 } },
      { ContextIndex: 1, ContextValue: { prod: "S39", "dest-code": 9511, quantity: 40 } },
    ]);
  });

  it("reads a legacy Map's Parameters as its ItemSelector, naming Parameters when it is invalid", async () => {
    const legacy = (parameters: Record<string, string>) => ({
      StartAt: "M",
      States: { M: { Type: "Map", Parameters: parameters, Iterator: { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true } },
    }) as const;
    const r = await run(legacy({ "i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value" }), ["a", "b"]);
    expect(r.output).toEqual([{ i: 0, v: "a" }, { i: 1, v: "b" }]);
    await expect(run(legacy({ "v.$": "States.Nope()" }), ["a"])).rejects.toThrow(/States\/M\/Parameters/);
  });
});

describe("JSONPath variables", () => {
  it("Assign stores values that later states read with $name", async () => {
    const r = await run({
      StartAt: "A",
      States: {
        A: { Type: "Pass", Assign: { "who.$": "$.name", count: 3 }, Next: "B" },
        B: { Type: "Pass", Parameters: { "greeting.$": "States.Format('hi {} x{}', $who, $count)" }, End: true },
      },
    }, { name: "Ann" });
    expect(r.output).toEqual({ greeting: "hi Ann x3" });
  });
});
