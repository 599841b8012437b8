import { describe, expect, it } from "vitest";
import type { StateMachineDefinition } from "../../asl/definition";
import { apiInvocations, integrationStatements } from "../../stacks/state-machine-policy";

const tableArn = () => ["arn:aws:dynamodb:eu-west-1:111122223333:table/orders"];
const targets = new Map([["orders", tableArn]]);

describe("integrationStatements", () => {
  it("maps each permission's target to the resource the stack provisioned for it", () => {
    expect(integrationStatements([{ service: "dynamodb", actions: ["dynamodb:UpdateItem", "dynamodb:PutItem"], target: "orders" }], targets)).toEqual([
      { Sid: "dynamodb0", Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:UpdateItem"], Resource: tableArn() },
    ]);
  });

  it("refuses a target the stack does not provision, naming it", () => {
    expect(() => integrationStatements([{ service: "lambda", actions: ["lambda:InvokeFunction"], target: "some-function" }], targets)).toThrow(
      'state machine needs lambda:InvokeFunction on "some-function", which this stack does not provision',
    );
  });

  it("refuses a target only known at run time (*)", () => {
    expect(() => integrationStatements([{ service: "s3", actions: ["s3:GetObject"], target: "*" }], targets)).toThrow(/on "\*", which this stack does not provision/);
  });

  it("refuses wildcard actions", () => {
    expect(() => integrationStatements([{ service: "dynamodb", actions: ["dynamodb:*"], target: "orders" }], targets)).toThrow(
      'state machine permission for dynamodb asks for the wildcard action "dynamodb:*"',
    );
  });
});

describe("apiInvocations", () => {
  const invoke = (parameters: Record<string, unknown>): StateMachineDefinition =>
    ({
      StartAt: "Outer",
      States: {
        Outer: {
          Type: "Parallel",
          End: true,
          Branches: [{ StartAt: "Call", States: { Call: { Type: "Task", Resource: "arn:aws:states:::apigateway:invoke.waitForTaskToken", Parameters: parameters, End: true } } }],
        },
      },
    }) as StateMachineDefinition;

  it("finds routes in nested branches", () => {
    expect(apiInvocations(invoke({ ApiEndpoint: "api.example", Stage: "v1", Method: "POST", Path: "/a/b" }))).toEqual([
      { endpoint: "api.example", stage: "v1", method: "POST", path: "/a/b" },
    ]);
  });

  it("refuses a route chosen at run time, which could not be scoped, naming the task", () => {
    expect(() => apiInvocations(invoke({ ApiEndpoint: "api.example", Stage: "v1", Method: "POST", "Path.$": "$.route" }))).toThrow(
      "task Call: apigateway:invoke needs a literal Path so the role can be scoped to the route (found null)",
    );
  });
});
