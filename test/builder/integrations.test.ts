import { describe, expect, it } from "vitest";
import { apiGateway, awsSdk, context, dynamodb, eventBridge, jsonata, jsonPath, lambda, path, stateMachine } from "../../asl";

describe("service integrations", () => {
  it("write the optimized integration resources and payloads", () => {
    const put = jsonPath.task("Put", dynamodb.putItem({ TableName: "orders", Item: { id: { S: path("$.id") } }, ConditionExpression: "attribute_not_exists(id)" }));
    const get = jsonPath.task("Get", dynamodb.getItem({ TableName: "orders", Key: { id: { S: path("$.id") } } }));
    const update = jsonPath.task("Update", dynamodb.updateItem({ TableName: "orders", Key: { id: { S: "1" } }, UpdateExpression: "SET a = :a", ExpressionAttributeValues: { ":a": { S: "x" } } }));
    const remove = jsonPath.task("Delete", dynamodb.deleteItem({ TableName: "archive", Key: { id: { S: "1" } } }));
    const send = jsonPath.task("Send", eventBridge.putEvents({ Entries: [{ Source: "app", DetailType: "Done", Detail: { id: path("$.id") }, EventBusName: "bus" }, { Source: "app", DetailType: "Audit", Detail: {} }] }));
    const call = jsonPath.task(
      "Call",
      apiGateway.invoke({ ApiEndpoint: "abc.execute-api.eu-west-1.amazonaws.com", Method: "POST", Stage: "prod", Path: "/pay", AuthType: "IAM_ROLE", RequestBody: { token: context.taskToken } }, { waitForTaskToken: true }),
      { TimeoutSeconds: 60 },
    );
    const invoke = jsonPath.task("Invoke", lambda.invoke({ FunctionName: "worker:live", Payload: { input: path("$") } }));
    const sdk = jsonPath.task("List", awsSdk("s3", "listObjectsV2", { Bucket: "data" }, { target: "data" }));
    const sfn = jsonPath.task("Start Child", awsSdk("sfn", "startExecution", { StateMachineArn: "arn:x" }, { iamActions: ["states:StartExecution"], target: "arn:x" }));
    put.next(get).next(update).next(remove).next(send).next(call).next(invoke).next(sdk).next(sfn);
    const machine = stateMachine({ startAt: put });
    const states = machine.toJSON().States;
    expect(Object.fromEntries(Object.entries(states).map(([name, s]) => [name, s.Type === "Task" ? s.Resource : ""]))).toStrictEqual({
      Put: "arn:aws:states:::dynamodb:putItem",
      Get: "arn:aws:states:::dynamodb:getItem",
      Update: "arn:aws:states:::dynamodb:updateItem",
      Delete: "arn:aws:states:::dynamodb:deleteItem",
      Send: "arn:aws:states:::events:putEvents",
      Call: "arn:aws:states:::apigateway:invoke.waitForTaskToken",
      Invoke: "arn:aws:states:::lambda:invoke",
      List: "arn:aws:states:::aws-sdk:s3:listObjectsV2",
      "Start Child": "arn:aws:states:::aws-sdk:sfn:startExecution",
    });
    expect(states.Call).toMatchObject({
      Parameters: { ApiEndpoint: "abc.execute-api.eu-west-1.amazonaws.com", Method: "POST", Stage: "prod", Path: "/pay", AuthType: "IAM_ROLE", RequestBody: { "token.$": "$$.Task.Token" } },
    });
    expect(states.Send).toMatchObject({ Parameters: { Entries: [{ Source: "app", DetailType: "Done", Detail: { "id.$": "$.id" }, EventBusName: "bus" }, { Source: "app", DetailType: "Audit", Detail: {} }] } });

    expect(machine.permissions()).toStrictEqual([
      { service: "dynamodb", actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], target: "orders" },
      { service: "dynamodb", actions: ["dynamodb:DeleteItem"], target: "archive" },
      { service: "events", actions: ["events:PutEvents"], target: "bus" },
      { service: "events", actions: ["events:PutEvents"], target: "default" },
      { service: "apigateway", actions: ["execute-api:Invoke"], target: "abc.execute-api.eu-west-1.amazonaws.com" },
      { service: "lambda", actions: ["lambda:InvokeFunction"], target: "worker:live" },
      { service: "s3", actions: ["s3:ListObjectsV2"], target: "data" },
      { service: "sfn", actions: ["states:StartExecution"], target: "arn:x" },
    ]);
  });

  it("write Arguments in JSONata tasks and collect permissions from nested scopes", () => {
    const inner = jsonata.task("Notify", lambda.invoke({ FunctionName: "notify", Payload: "{% $states.input %}" }, { waitForTaskToken: true }), {
      Output: "{% $states.result %}",
    });
    expect(() => stateMachine({ startAt: inner })).toThrow(/State "Notify": waits for a task token/);
    const withToken = jsonata.task("Notify With Token", lambda.invoke({ FunctionName: "notify", Payload: { token: "{% $states.context.Task.Token %}" } }, { waitForTaskToken: true }));
    const map = jsonata.map("Each", { Items: "{% $states.input.items %}" }).itemProcessor(withToken);
    const machine = stateMachine({ startAt: map });
    expect(machine.toJSON().States.Each).toMatchObject({
      ItemProcessor: { States: { "Notify With Token": { Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken", Arguments: { FunctionName: "notify", Payload: { token: "{% $states.context.Task.Token %}" } } } } },
    });
    expect(machine.permissions()).toStrictEqual([{ service: "lambda", actions: ["lambda:InvokeFunction"], target: "notify" }]);
  });

  it("a plain Lambda ARN resource needs lambda:InvokeFunction on it; placeholders pass through", () => {
    const machine = stateMachine({ startAt: jsonPath.task("Direct", "arn:aws:lambda:eu-west-1:123456789012:function:direct") });
    expect(machine.permissions()).toStrictEqual([{ service: "lambda", actions: ["lambda:InvokeFunction"], target: "arn:aws:lambda:eu-west-1:123456789012:function:direct" }]);
    const placeholder = stateMachine({ startAt: jsonPath.task("Put", dynamodb.putItem({ TableName: "${Table}", Item: {} })) });
    expect(placeholder.permissions()).toStrictEqual([{ service: "dynamodb", actions: ["dynamodb:PutItem"], target: "${Table}" }]);
  });

  it("refuse malformed aws-sdk names and empty event lists", () => {
    expect(() => awsSdk("S3", "getObject", {})).toThrow(/service "S3"/);
    expect(() => awsSdk("s3", "GetObject", {})).toThrow(/action "GetObject"/);
    expect(() => eventBridge.putEvents({ Entries: [] })).toThrow(/Entries is empty/);
  });
});
