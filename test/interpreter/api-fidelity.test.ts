/**
 * The interpreter's Step Functions API answers as AWS's do: the callback errors for closed and unknown
 * task tokens, the execution and state machine naming rule, and StartExecution's idempotency.
 */
import { describe, expect, it } from "vitest";
import type { StateMachineDefinition } from "../../asl/definition";
import { Interpreter, SfnApiError, VirtualClock, nameProblem, type Execution, type TaskHandler } from "../../asl/interpreter";
import { sequentialUuid } from "./helpers";

const CALLBACK = "arn:aws:states:::lambda:invoke.waitForTaskToken";

/** An interpreter whose only task waits for a callback (optionally with a timeout); tokens are collected. */
function waitingForCallback(timeoutSeconds?: number) {
  const clock = new VirtualClock({ autoAdvance: false });
  const tokens: string[] = [];
  const calls: string[] = [];
  const handler: TaskHandler = (request) => {
    tokens.push(request.taskToken!);
    calls.push(request.executionArn);
    return {};
  };
  const interpreter = new Interpreter({ clock, uuid: sequentialUuid(), integrations: { [CALLBACK]: handler } });
  const definition: StateMachineDefinition = {
    StartAt: "Wait For Callback",
    States: { "Wait For Callback": { Type: "Task", Resource: CALLBACK, ...(timeoutSeconds ? { TimeoutSeconds: timeoutSeconds } : {}), End: true } },
  };
  const sm = interpreter.createStateMachine(definition, { name: "Callbacks" });
  return { clock, tokens, calls, interpreter, sm };
}

/** The API error code `call` throws (fails the test when it throws anything else or nothing). */
function apiErrorOf(call: () => unknown): { code: string; message: string } {
  try {
    call();
  } catch (error) {
    if (error instanceof SfnApiError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected an SfnApiError");
}

async function startedAndWaiting(setup: ReturnType<typeof waitingForCallback>, input = {}, name?: string): Promise<Execution> {
  const execution = setup.interpreter.startExecution(setup.sm, input, name === undefined ? {} : { name });
  await setup.clock.advance(0);
  expect(execution.status).toBe("RUNNING");
  return execution;
}

describe("task token errors", () => {
  it("a token never issued is InvalidToken for SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat", () => {
    const { interpreter } = waitingForCallback();
    expect(apiErrorOf(() => interpreter.sendTaskSuccess("made-up", {}))).toEqual({ code: "InvalidToken", message: expect.stringContaining("'made-up'") });
    expect(apiErrorOf(() => interpreter.sendTaskFailure("made-up", "E", "c")).code).toBe("InvalidToken");
    expect(apiErrorOf(() => interpreter.sendTaskHeartbeat("made-up")).code).toBe("InvalidToken");
    expect(apiErrorOf(() => interpreter.sendTaskSuccess("", {})).code).toBe("InvalidToken");
  });

  it("a token issued by another interpreter is InvalidToken here", async () => {
    const first = waitingForCallback();
    await startedAndWaiting(first);
    const other = new Interpreter();
    expect(apiErrorOf(() => other.sendTaskSuccess(first.tokens[0]!, {})).code).toBe("InvalidToken");
  });

  it("an open token takes heartbeats; once answered, every callback on it is TaskTimedOut", async () => {
    const setup = waitingForCallback();
    const execution = await startedAndWaiting(setup);
    const token = setup.tokens[0]!;
    setup.interpreter.sendTaskHeartbeat(token);
    setup.interpreter.sendTaskSuccess(token, { Status: "OK" });
    expect(await execution.done).toEqual({ status: "SUCCEEDED", output: { Status: "OK" } });
    const again = apiErrorOf(() => setup.interpreter.sendTaskSuccess(token, {}));
    expect(again.code).toBe("TaskTimedOut");
    expect(again.message).toContain(token);
    expect(apiErrorOf(() => setup.interpreter.sendTaskFailure(token, "Late")).code).toBe("TaskTimedOut");
    expect(apiErrorOf(() => setup.interpreter.sendTaskHeartbeat(token)).code).toBe("TaskTimedOut");
  });

  it("a token answered by SendTaskFailure is closed too", async () => {
    const setup = waitingForCallback();
    const execution = await startedAndWaiting(setup);
    setup.interpreter.sendTaskFailure(setup.tokens[0]!, "Payment.Declined", "card expired");
    expect((await execution.done).error).toBe("Payment.Declined");
    expect(apiErrorOf(() => setup.interpreter.sendTaskSuccess(setup.tokens[0]!, {})).code).toBe("TaskTimedOut");
  });

  it("the token of a task that timed out is TaskTimedOut", async () => {
    const setup = waitingForCallback(60);
    const execution = await startedAndWaiting(setup);
    await setup.clock.advance(60_000);
    expect((await execution.done).error).toBe("States.Timeout");
    expect(apiErrorOf(() => setup.interpreter.sendTaskSuccess(setup.tokens[0]!, {})).code).toBe("TaskTimedOut");
    expect(apiErrorOf(() => setup.interpreter.sendTaskHeartbeat(setup.tokens[0]!)).code).toBe("TaskTimedOut");
  });

  it("the token of a task whose execution was stopped is TaskTimedOut", async () => {
    const setup = waitingForCallback();
    const execution = await startedAndWaiting(setup);
    setup.interpreter.stopExecution(execution.executionArn, "Operator", "stopped by hand");
    expect((await execution.done).status).toBe("ABORTED");
    expect(apiErrorOf(() => setup.interpreter.sendTaskSuccess(setup.tokens[0]!, {})).code).toBe("TaskTimedOut");
  });
});

describe("remembered closed tokens", () => {
  it("keeps at least rememberedClosedTokens of the latest closed tokens; older ones become InvalidToken", async () => {
    const clock = new VirtualClock({ autoAdvance: false });
    const tokens: string[] = [];
    const interpreter = new Interpreter({
      clock, uuid: sequentialUuid(), rememberedClosedTokens: 2,
      integrations: { [CALLBACK]: (request) => void tokens.push(request.taskToken!) },
    });
    const sm = interpreter.createStateMachine({ StartAt: "T", States: { T: { Type: "Task", Resource: CALLBACK, End: true } } });
    for (let i = 0; i < 5; i++) {
      const execution = interpreter.startExecution(sm, { i });
      await clock.advance(0);
      interpreter.sendTaskSuccess(tokens[i]!, {});
      await execution.done;
    }
    const codes = tokens.map((token) => apiErrorOf(() => interpreter.sendTaskHeartbeat(token)).code);
    // Generations of two: tokens 3 and 4 (the latest) are remembered, the first ones were dropped.
    expect(codes.slice(-2)).toEqual(["TaskTimedOut", "TaskTimedOut"]);
    expect(codes[0]).toBe("InvalidToken");
  });

  it("refuses a rememberedClosedTokens that is not a positive integer", () => {
    expect(() => new Interpreter({ rememberedClosedTokens: 0 })).toThrow(/rememberedClosedTokens must be a positive integer, got 0/);
  });
});

describe("names", () => {
  const accepted = ["a", "x".repeat(80), "order.1", "Order@2026-11-30T23.00", "ça-va", "注文-42", "cart+1=ok!'()", "🛒"];
  it.each(accepted)("accepts the execution name %j, as AWS does", (name) => {
    const interpreter = new Interpreter();
    const sm = interpreter.createStateMachine({ StartAt: "S", States: { S: { Type: "Succeed" } } }, { name: "Names" });
    const execution = interpreter.startExecution(sm, {}, { name });
    expect(execution.executionArn).toBe(`arn:aws:states:us-east-1:123456789012:execution:Names:${name}`);
    expect(nameProblem(name)).toBeUndefined();
  });

  const refused: Array<[string, string, RegExp]> = [
    ["empty", "", /0 characters, not 1 to 80/],
    ["81 characters", "x".repeat(81), /81 characters, not 1 to 80/],
    ["a space", "has space", /whitespace \(U\+0020\)/],
    ["a tab", "tab\tbed", /whitespace \(U\+0009\)/],
    ["a no-break space", "no\u00a0break", /whitespace \(U\+00A0\)/],
    ["a NUL", "nul\u0000", /U\+0000/],
    ["a DEL", "del\u007f", /U\+007F/],
    ["a C1 control", "c1\u009f", /U\+009F/],
    ["U+FFFE", "bad\ufffe", /U\+FFFE/],
    ["a lone surrogate", "half\ud800", /U\+D800/],
    ...[..."<>{}[]?*\"#%\\^|~`$&,;:/"].map((c): [string, string, RegExp] => [`'${c}'`, `order${c}1`, new RegExp(`contains '${c.replace(/[\\^$*+?.()|[\]{}]/g, "\\$&")}'`)]),
  ];
  it.each(refused)("refuses an execution name with %s as InvalidName, naming the problem", (_what, name, problem) => {
    const interpreter = new Interpreter();
    const sm = interpreter.createStateMachine({ StartAt: "S", States: { S: { Type: "Succeed" } } });
    const error = apiErrorOf(() => interpreter.startExecution(sm, {}, { name }));
    expect(error.code).toBe("InvalidName");
    expect(error.message).toMatch(problem);
    expect(error.message).toContain("execution name");
  });

  it("applies the same rule to state machine names", () => {
    const interpreter = new Interpreter();
    const definition: StateMachineDefinition = { StartAt: "S", States: { S: { Type: "Succeed" } } };
    expect(interpreter.createStateMachine(definition, { name: "Checkout.v2" }).stateMachineArn).toMatch(/:stateMachine:Checkout\.v2$/);
    const error = apiErrorOf(() => interpreter.createStateMachine(definition, { name: "my machine" }));
    expect(error).toEqual({ code: "InvalidName", message: expect.stringContaining("state machine name 'my machine'") });
  });
});

describe("StartExecution idempotency", () => {
  it("the same name and input while running returns the running execution, without a second run", async () => {
    const setup = waitingForCallback();
    const first = await startedAndWaiting(setup, { CartId: "1" }, "order-1");
    const second = setup.interpreter.startExecution(setup.sm, { CartId: "1" }, { name: "order-1" });
    expect(second).toBe(first);
    expect([second.executionArn, second.startDate]).toEqual([first.executionArn, first.startDate]);
    await setup.clock.advance(0);
    expect(setup.calls).toHaveLength(1);
    expect(setup.interpreter.listExecutions(setup.sm.stateMachineArn)).toHaveLength(1);
  });

  it("compares API input as the JSON text given", async () => {
    const setup = waitingForCallback();
    const first = setup.interpreter.startExecution(setup.sm, '{"CartId":"1"}', { name: "text", inputIsJsonText: true });
    expect(setup.interpreter.startExecution(setup.sm, '{"CartId":"1"}', { name: "text", inputIsJsonText: true })).toBe(first);
    expect(first.describe().input).toBe('{"CartId":"1"}');
    const different = apiErrorOf(() => setup.interpreter.startExecution(setup.sm, '{"CartId":"2"}', { name: "text", inputIsJsonText: true }));
    expect(different.code).toBe("ExecutionAlreadyExists");
    expect(different.message).toContain("running with a different input");
  });

  it("a different input while running is ExecutionAlreadyExists naming the execution", async () => {
    const setup = waitingForCallback();
    const first = await startedAndWaiting(setup, { CartId: "1" }, "order-1");
    const error = apiErrorOf(() => setup.interpreter.startExecution(setup.sm, { CartId: "2" }, { name: "order-1" }));
    expect(error.code).toBe("ExecutionAlreadyExists");
    expect(error.message).toContain(first.executionArn);
  });

  it("a name whose execution has ended is ExecutionAlreadyExists, whatever the input", async () => {
    const setup = waitingForCallback();
    const first = await startedAndWaiting(setup, { CartId: "1" }, "order-1");
    setup.interpreter.sendTaskSuccess(setup.tokens[0]!, {});
    await first.done;
    const error = apiErrorOf(() => setup.interpreter.startExecution(setup.sm, { CartId: "1" }, { name: "order-1" }));
    expect(error.code).toBe("ExecutionAlreadyExists");
    expect(error.message).toContain("has ended (SUCCEEDED)");
    const stopped = await startedAndWaiting(setup, {}, "to-stop");
    stopped.stop();
    await stopped.done;
    expect(apiErrorOf(() => setup.interpreter.startExecution(setup.sm, {}, { name: "to-stop" })).message).toContain("has ended (ABORTED)");
  });

  it("names are unique per state machine, not across machines", async () => {
    const setup = waitingForCallback();
    const first = await startedAndWaiting(setup, {}, "shared");
    const other = setup.interpreter.createStateMachine({ StartAt: "S", States: { S: { Type: "Succeed" } } }, { name: "Other" });
    const second = setup.interpreter.startExecution(other, { different: true }, { name: "shared" });
    expect(second).not.toBe(first);
    expect(second.executionArn).toMatch(/:execution:Other:shared$/);
  });
});
