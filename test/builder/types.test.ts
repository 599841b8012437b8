/**
 * Type-level refusals. These lines are checked by `tsc --noEmit` (test/ is in the tsconfig): each
 * `@ts-expect-error` fails the typecheck if the line it guards ever compiles. The runtime assertions
 * make sure the file also runs under vitest.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  ChoiceNode, FailNode, SucceedNode, TaskNode, cond, dynamodb, jsonata, jsonPath, path, stateMachine,
  type StateMachineDefinition,
} from "../../asl";

describe("the type system refuses", () => {
  it("next() on Choice, Succeed and Fail", () => {
    const done = jsonPath.succeed("Done");
    const failed = jsonPath.fail("Failed");
    const choice = jsonPath.choice("Pick").when(cond.isPresent("$.x"), done);
    // @ts-expect-error Choice has no next(): its rules name their targets
    expect(() => choice.next(done)).toThrow();
    // @ts-expect-error Succeed ends the execution
    expect(() => done.next(failed)).toThrow();
    // @ts-expect-error Fail ends the execution
    expect(() => failed.next(done)).toThrow();
    expectTypeOf<ChoiceNode>().not.toHaveProperty("next");
    expectTypeOf<SucceedNode>().not.toHaveProperty("next");
    expectTypeOf<FailNode>().not.toHaveProperty("next");
    expectTypeOf<TaskNode>().toHaveProperty("next");
  });

  it("JSONata fields on JSONPath states", () => {
    // @ts-expect-error Output is a JSONata field
    jsonPath.pass("A", { Output: { a: 1 } });
    // @ts-expect-error Arguments is a JSONata field
    jsonPath.task("B", "arn:aws:lambda:eu-west-1:123456789012:function:f", { Arguments: {} });
    // @ts-expect-error Items is a JSONata field
    jsonPath.map("C", { Items: [1, 2] });
    expect(jsonPath.queryLanguage).toBe("JSONPath");
  });

  it("JSONPath fields on JSONata states", () => {
    // @ts-expect-error ResultPath is a JSONPath field
    jsonata.task("A", "arn:aws:lambda:eu-west-1:123456789012:function:f", { ResultPath: "$.x" });
    // @ts-expect-error Parameters is a JSONPath field
    jsonata.pass("B", { Parameters: {} });
    // @ts-expect-error InputPath is a JSONPath field
    jsonata.succeed("C", { InputPath: "$" });
    // @ts-expect-error ItemsPath is a JSONPath field
    jsonata.map("D", { ItemsPath: "$.items" });
    // @ts-expect-error SecondsPath is a JSONPath field
    jsonata.wait("E", { SecondsPath: "$.s" });
    // @ts-expect-error ErrorPath is a JSONPath field
    jsonata.fail("F", { ErrorPath: "$.e" });
    // @ts-expect-error a JSONPath catcher's ResultPath
    jsonata.task("G", "arn:aws:lambda:eu-west-1:123456789012:function:f").catch(["States.ALL"], jsonata.succeed("H"), { ResultPath: "$.e" });
    // @ts-expect-error a JSONata catcher's Output on a JSONPath state
    jsonPath.task("I", "arn:aws:lambda:eu-west-1:123456789012:function:f").catch(["States.ALL"], jsonPath.succeed("J"), { Output: 1 });
    expect(jsonata.queryLanguage).toBe("JSONata");
  });

  it("a JSONata expression that is not wrapped in {% %}", () => {
    // @ts-expect-error a JSONata condition must be a {% ... %} string
    jsonata.choice("A").when("$states.input.x > 1", jsonata.succeed("B"));
    // @ts-expect-error a JSONPath Choice takes cond.* rules, not expressions
    jsonPath.choice("C").when("{% true %}", jsonPath.succeed("D"));
    jsonata.choice("E").when("{% $states.input.x > 1 %}", jsonata.succeed("F"));
    // @ts-expect-error a JSONata number field takes a number or a {% %} expression
    jsonata.task("G", "arn:aws:lambda:eu-west-1:123456789012:function:f", { TimeoutSeconds: "30" });
    // @ts-expect-error same for a Wait
    jsonata.wait("H", { Seconds: "5" });
    jsonata.wait("I", { Seconds: "{% $states.input.delay %}" });
  });

  it("ambiguous or missing Wait and Fail fields", () => {
    // @ts-expect-error a Wait takes exactly one of its four duration fields
    jsonPath.wait("A", { Seconds: 1, SecondsPath: "$.s" });
    // @ts-expect-error a Wait needs one
    jsonPath.wait("B", {});
    // @ts-expect-error Error and ErrorPath are exclusive
    jsonPath.fail("C", { Error: "E", ErrorPath: "$.e" });
    jsonPath.wait("D", { Timestamp: "2026-01-01T00:00:00Z" });
  });

  it("wrong operand types in conditions", () => {
    // @ts-expect-error NumericEquals compares numbers
    cond.numericEquals("$.n", "1");
    // @ts-expect-error BooleanEquals compares booleans
    cond.booleanEquals("$.b", "true");
    // @ts-expect-error StringEquals compares strings
    cond.stringEquals("$.s", 1);
    cond.numericEqualsPath("$.n", path("$.m"));
  });

  it("a payload beside an integration, and a table name that is not a string", () => {
    // @ts-expect-error the integration supplies Parameters
    jsonPath.task("A", dynamodb.getItem({ TableName: "t", Key: {} }), { Parameters: {} });
    // @ts-expect-error the permission needs a table name
    dynamodb.getItem({ TableName: path("$.table"), Key: {} });
  });

  it("keeps the definition typed", () => {
    const machine = stateMachine({ startAt: jsonPath.succeed("Only") });
    expectTypeOf(machine.toJSON()).toEqualTypeOf<StateMachineDefinition>();
    expectTypeOf(jsonata.pass("X")).toEqualTypeOf<import("../../asl").PassNode<"JSONata">>();
    expect(machine.toJSON().StartAt).toBe("Only");
  });
});
