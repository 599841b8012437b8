/**
 * The local Step Functions API over HTTP, spoken to by @aws-sdk/client-sfn (and the AWS CLI when it is
 * installed): operations, AWS JSON 1.0 shapes, typed errors. The engine is the interpreter with no
 * integrations: these state machines only Pass and Wait.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidArn,
  InvalidExecutionInput,
  InvalidName,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import type { StateMachineDefinition } from "../../asl/definition";
import { interpreterEngine } from "../../local/stepfunctions/interpreter-engine";
import { startStepFunctionsApi, type StepFunctionsStandIn } from "../../local/stepfunctions/server";
import { StepFunctionsService } from "../../local/stepfunctions/service";
import { waitForExecution } from "../../local/run-checkout";

let api: StepFunctionsStandIn;
let service: StepFunctionsService;
let sfn: SFNClient;
let passArn: string;
let waitArn: string;

const PASS: StateMachineDefinition = { StartAt: "Hello", States: { Hello: { Type: "Pass", Result: { greeting: "hi" }, ResultPath: "$.said", End: true } } };
const WAIT = { StartAt: "Nap", States: { Nap: { Type: "Wait", Seconds: 3600, Next: "Done" }, Done: { Type: "Succeed" } } };

beforeAll(async () => {
  service = new StepFunctionsService(interpreterEngine({ integrations: {}, region: "us-east-1", accountId: "000000000000" }));
  passArn = service.register("pass", PASS);
  api = await startStepFunctionsApi(service);
  sfn = new SFNClient({ endpoint: api.endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  const created = await sfn.send(new CreateStateMachineCommand({ name: "napper", definition: JSON.stringify(WAIT), roleArn: "arn:aws:iam::000000000000:role/napper" }));
  waitArn = created.stateMachineArn as string;
});

afterAll(async () => {
  sfn?.destroy();
  await service?.shutdown();
  await api?.close();
});

describe("executions", () => {
  it("starts, describes and lists an execution with AWS's shapes", async () => {
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: passArn, name: "first", input: '{"n":1}' }));
    expect(started.executionArn).toBe("arn:aws:states:us-east-1:000000000000:execution:pass:first");
    expect(started.startDate).toBeInstanceOf(Date);
    const done = await waitForExecution(sfn, started.executionArn as string);
    expect(done).toMatchObject({ status: "SUCCEEDED", output: { n: 1, said: { greeting: "hi" } }, statesVisited: ["Hello"] });
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(described).toMatchObject({ name: "first", stateMachineArn: passArn, status: "SUCCEEDED", input: '{"n":1}' });
    expect(described.stopDate).toBeInstanceOf(Date);
    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: passArn, statusFilter: "SUCCEEDED" }));
    expect(listed.executions?.map((e) => e.name)).toContain("first");
  });

  it("pages the history and can read it newest first", async () => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: passArn, name: "paged" }));
    await waitForExecution(sfn, executionArn as string);
    const all = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const types = all.events?.map((e) => e.type);
    expect(types).toEqual(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]);
    expect(all.events?.[0]?.timestamp).toBeInstanceOf(Date);
    const first = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3 }));
    expect(first.events).toHaveLength(3);
    const rest = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3, nextToken: first.nextToken }));
    expect(rest.events?.map((e) => e.type)).toEqual(["ExecutionSucceeded"]);
    expect(rest.nextToken).toBeUndefined();
    const reversed = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }));
    expect(reversed.events?.[0]?.type).toBe("ExecutionSucceeded");
  });

  it("is idempotent by name for a running execution with the same input, else ExecutionAlreadyExists", async () => {
    const a = await sfn.send(new StartExecutionCommand({ stateMachineArn: waitArn, name: "same", input: "{}" }));
    const b = await sfn.send(new StartExecutionCommand({ stateMachineArn: waitArn, name: "same", input: "{}" }));
    expect(b.executionArn).toBe(a.executionArn);
    expect(b.startDate?.getTime()).toBe(a.startDate?.getTime());
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: waitArn, name: "same", input: '{"other":true}' }))).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    await sfn.send(new StopExecutionCommand({ executionArn: a.executionArn }));
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: waitArn, name: "same", input: "{}" }))).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it("stops a waiting execution as ABORTED with the given error and cause", async () => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: waitArn, name: "to-stop" }));
    const stopped = await sfn.send(new StopExecutionCommand({ executionArn, error: "Operator", cause: "changed my mind" }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: "ABORTED", error: "Operator", cause: "changed my mind" });
    const running = await sfn.send(new ListExecutionsCommand({ stateMachineArn: waitArn, statusFilter: "RUNNING" }));
    expect(running.executions?.map((e) => e.name)).not.toContain("to-stop");
  });
});

describe("typed errors", () => {
  const cases: Array<[string, () => Promise<unknown>, new (...args: never[]) => SFNServiceException]> = [
    ["an unknown execution", () => sfn.send(new DescribeExecutionCommand({ executionArn: "arn:aws:states:us-east-1:000000000000:execution:pass:nope" })), ExecutionDoesNotExist],
    ["an unknown state machine", () => sfn.send(new StartExecutionCommand({ stateMachineArn: "arn:aws:states:us-east-1:000000000000:stateMachine:nope" })), StateMachineDoesNotExist],
    ["input that is not JSON", () => sfn.send(new StartExecutionCommand({ stateMachineArn: passArn, input: "{oops" })), InvalidExecutionInput],
    ["a name with spaces", () => sfn.send(new StartExecutionCommand({ stateMachineArn: passArn, name: "has spaces" })), InvalidName],
    ["an ARN that is not one", () => sfn.send(new DescribeExecutionCommand({ executionArn: "execution-1" })), InvalidArn],
  ];
  it.each(cases)("refuses %s with the SDK's typed error", async (_name, call, type) => {
    await expect(call()).rejects.toBeInstanceOf(type);
  });
});

describe("state machines", () => {
  it("lists and describes registered and created machines", async () => {
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((m) => m.name).sort()).toEqual(["napper", "pass"]);
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: waitArn }));
    expect(JSON.parse(described.definition as string)).toEqual(WAIT);
    expect(described.roleArn).toBe("arn:aws:iam::000000000000:role/napper");
  });
});

const awsCli = await promisify(execFile)("aws", ["--version"]).then(() => true, () => false);

describe("AWS CLI", () => {
  it.skipIf(!awsCli)("starts and describes an execution unchanged", async () => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", AWS_DEFAULT_REGION: "us-east-1", AWS_REGION: "us-east-1" };
    const run = (args: string[]) => promisify(execFile)("aws", ["--endpoint-url", api.endpoint, "--output", "json", "stepfunctions", ...args], { env });
    const started = JSON.parse((await run(["start-execution", "--state-machine-arn", passArn, "--name", "from-cli", "--input", '{"cli":true}'])).stdout) as { executionArn: string };
    expect(started.executionArn).toBe("arn:aws:states:us-east-1:000000000000:execution:pass:from-cli");
    await waitForExecution(sfn, started.executionArn);
    const described = JSON.parse((await run(["describe-execution", "--execution-arn", started.executionArn])).stdout) as { status: string; output: string };
    expect(described.status).toBe("SUCCEEDED");
    expect(JSON.parse(described.output)).toEqual({ cli: true, said: { greeting: "hi" } });
    const refused = run(["describe-execution", "--execution-arn", "arn:aws:states:us-east-1:000000000000:execution:pass:missing"]);
    await expect(refused).rejects.toMatchObject({ stderr: expect.stringContaining("ExecutionDoesNotExist") });
  });
});
