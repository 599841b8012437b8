/**
 * One execution of a state machine: the state-by-state run loop, input/output processing of both query
 * languages, Retry and Catch, Parallel and Map, waits and timeouts on the injected clock, task tokens,
 * history, and the record of which Choice rules and Catchers were taken (for branch coverage).
 */
import type { JsonValue, Retrier, StateMachineDefinition } from "../definition";
import { Cancellation } from "./cancellation";
import { sleep, type Clock } from "./clock";
import type { CompiledCatcher, CompiledMachine, CompiledState, NumberSource } from "./compile";
import { errorMatches, isTerminal, SfnApiError, StatesError, toStatesError } from "./errors";
import { renderEvent, type HistoryEvent, type HistoryEventType, type RawDetails, type RawEvent } from "./history";
import {
  mockAnswer, noHandler, resolveHandler,
  type Integrations, type ItemReaderHandler, type StateMocks, type TaskCallbacks, type TaskRequest,
} from "./integrations";
import type { IntrinsicEnv } from "./intrinsics";
import type { JsonataBindings } from "./jsonata-eval";
import { MISSING, setAtPath, type CompiledPath, type Lookup, type PathScope } from "./jsonpath";
import { parseTimestamp } from "./choice";
import { missingPath } from "./templates";
import { VariableScope } from "./variables";

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

export interface ExecutionResult {
  status: Exclude<ExecutionStatus, "RUNNING">;
  output?: JsonValue;
  error?: string;
  cause?: string;
}

/** What an execution needs from the interpreter that owns it. */
export interface ExecutionHost {
  readonly clock: Clock;
  readonly env: IntrinsicEnv;
  readonly maxSteps: number;
  registerToken(token: string, waiter: TokenWaiter): void;
  releaseToken(token: string): void;
  readonly callbacks: TaskCallbacks;
}

export interface TokenWaiter {
  readonly executionArn: string;
  succeed(output: JsonValue): void;
  fail(error: StatesError): void;
  heartbeat(): void;
}

export interface ExecutionConfig {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly roleArn: string;
  readonly definition: StateMachineDefinition;
  readonly machine: CompiledMachine;
  readonly integrations: Integrations;
  readonly mocks?: StateMocks;
  readonly itemReader?: ItemReaderHandler;
  /** False skips the history (for throughput runs); statesVisited and coverage are always kept. */
  readonly recordHistory: boolean;
}

interface Frame {
  readonly vars: VariableScope;
  readonly cancel: Cancellation;
  lastEventId: number;
  readonly mapItem?: { Index: number; Value: JsonValue };
}

interface Transition {
  output: JsonValue;
  next: string | undefined;
}

/** Thrown by a Fail state: its error is caught only by an enclosing Parallel or Map, never by itself. */
class FailStateError extends StatesError {}

const EMPTY: JsonValue = {};

// Shared cancellation reasons: building an Error per finished task or execution is costly.
const EXECUTION_ENDED = new StatesError("States.Runtime", "The execution ended");
const BRANCH_ABANDONED = new StatesError("States.Runtime", "A sibling branch failed");

/** Per-visit data of a state: what `$$` and `$states.context` are built from. */
class Visit implements PathScope {
  input: JsonValue;
  private ctx: JsonValue | undefined;
  retryCount = 0;
  token: string | undefined;

  constructor(
    readonly execution: Execution,
    readonly state: CompiledState,
    readonly frame: Frame,
    readonly enteredTime: number,
    readonly enteredEventId: number,
    input: JsonValue,
  ) {
    this.input = input;
  }

  context(): JsonValue {
    if (this.ctx) return this.ctx;
    const state: { [k: string]: JsonValue } = { EnteredTime: new Date(this.enteredTime).toISOString(), Name: this.state.name, RetryCount: this.retryCount };
    const ctx: { [k: string]: JsonValue } = { Execution: this.execution.contextExecution, State: state, StateMachine: this.execution.contextStateMachine };
    if (this.token !== undefined) ctx.Task = { Token: this.token };
    if (this.frame.mapItem) ctx.Map = { Item: this.frame.mapItem };
    this.ctx = ctx;
    return ctx;
  }

  resetContext(): void {
    this.ctx = undefined;
  }

  variable(name: string): Lookup {
    return this.frame.vars.lookup(name);
  }

  /** A PathScope over another value with the same context and variables. */
  over(input: JsonValue): PathScope {
    return { input, context: () => this.context(), variable: (n) => this.frame.vars.lookup(n) };
  }

  bindings(extra?: { result?: JsonValue; errorOutput?: JsonValue }): JsonataBindings {
    const states: { [k: string]: JsonValue } = { input: this.input, context: this.context() };
    if (extra?.result !== undefined) states.result = extra.result;
    if (extra?.errorOutput !== undefined) states.errorOutput = extra.errorOutput;
    return { ...this.frame.vars.bindings(), ...this.execution.jsonataFunctions, states };
  }
}

export class Execution {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly input: JsonValue;
  readonly startDate: Date;
  stopDate: Date | undefined;
  status: ExecutionStatus = "RUNNING";
  output: JsonValue | undefined;
  error: string | undefined;
  cause: string | undefined;
  /** Names of the states entered, in order (nested states included). */
  readonly statesVisited: string[] = [];
  /** Ids of the Choice rules, Defaults and Catchers taken (see coverage.ts). */
  readonly takenBranches = new Set<string>();
  /** Resolves when the execution ends, whatever the outcome; never rejects. */
  readonly done: Promise<ExecutionResult>;

  readonly contextExecution: JsonValue;
  readonly contextStateMachine: JsonValue;
  readonly jsonataFunctions: Record<string, unknown>;

  private readonly events: RawEvent[] = [];
  private nextEventId = 1;
  private steps = 0;
  private readonly cancellation = new Cancellation();
  private readonly region: string;
  private readonly invocations = new Map<string, number>();
  private readonly openTokens = new Set<string>();

  constructor(private readonly host: ExecutionHost, private readonly config: ExecutionConfig, input: JsonValue) {
    this.executionArn = config.executionArn;
    this.name = config.name;
    this.stateMachineArn = config.stateMachineArn;
    this.input = input;
    const start = host.clock.now();
    this.startDate = new Date(start);
    this.region = config.executionArn.split(":")[3] ?? "";
    this.contextExecution = { Id: config.executionArn, Input: input, Name: config.name, RoleArn: config.roleArn, StartTime: this.startDate.toISOString(), RedriveCount: 0 };
    this.contextStateMachine = { Id: config.stateMachineArn, Name: config.stateMachineName };
    this.jsonataFunctions = {
      random: () => host.env.random(),
      uuid: () => host.env.uuid(),
      now: () => new Date(host.clock.now()).toISOString(),
      millis: () => host.clock.now(),
    };
    this.done = this.run();
  }

  /** GetExecutionHistory's events, oldest first. */
  history(): HistoryEvent[] {
    return this.events.map(renderEvent);
  }

  /** DescribeExecution's fields (payloads as JSON strings). */
  describe(): {
    executionArn: string; stateMachineArn: string; name: string; status: ExecutionStatus; startDate: Date;
    stopDate?: Date; input: string; output?: string; error?: string; cause?: string;
  } {
    return {
      executionArn: this.executionArn, stateMachineArn: this.stateMachineArn, name: this.name, status: this.status,
      startDate: this.startDate, input: JSON.stringify(this.input),
      ...(this.stopDate ? { stopDate: this.stopDate } : {}),
      ...(this.output !== undefined ? { output: JSON.stringify(this.output) } : {}),
      ...(this.error !== undefined ? { error: this.error } : {}),
      ...(this.cause !== undefined ? { cause: this.cause } : {}),
    };
  }

  /** StopExecution: ends a running execution as ABORTED. */
  stop(error?: string, cause?: string): void {
    if (this.status !== "RUNNING") return;
    this.finish({ status: "ABORTED", ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) });
  }

  private async run(): Promise<ExecutionResult> {
    const frame: Frame = { vars: new VariableScope(), cancel: this.cancellation, lastEventId: 0 };
    frame.lastEventId = this.record(frame, "ExecutionStarted", { input: this.input, roleArn: this.config.roleArn });
    const timeout = this.config.definition.TimeoutSeconds;
    let stopTimer: (() => void) | undefined;
    if (typeof timeout === "number" && timeout > 0) {
      stopTimer = this.host.clock.schedule(timeout * 1000, () => {
        this.finish({ status: "TIMED_OUT", error: "States.Timeout", cause: `The execution exceeded its TimeoutSeconds of ${timeout}` });
      });
    }
    try {
      const output = await this.runMachine(this.config.machine, this.input, frame);
      this.finish({ status: "SUCCEEDED", output });
    } catch (e) {
      if (this.status === "RUNNING") {
        const err = e instanceof StatesError ? e : internalError(e);
        this.finish({ status: "FAILED", error: err.error, cause: err.cause });
      }
    } finally {
      stopTimer?.();
    }
    return this.result();
  }

  /** The outcome so far (status RUNNING excluded once done). */
  result(): ExecutionResult {
    const r: ExecutionResult = { status: this.status === "RUNNING" ? "FAILED" : this.status };
    if (this.output !== undefined) r.output = this.output;
    if (this.error !== undefined) r.error = this.error;
    if (this.cause !== undefined) r.cause = this.cause;
    return r;
  }

  private finish(result: ExecutionResult): void {
    if (this.status !== "RUNNING") return;
    this.status = result.status;
    this.stopDate = new Date(this.host.clock.now());
    const frame: Frame = { vars: new VariableScope(), cancel: this.cancellation, lastEventId: this.nextEventId - 1 };
    if (result.status === "SUCCEEDED") {
      this.output = result.output;
      this.record(frame, "ExecutionSucceeded", { output: result.output });
    } else {
      this.error = result.error || undefined;
      this.cause = result.cause || undefined;
      const type = result.status === "TIMED_OUT" ? "ExecutionTimedOut" : result.status === "ABORTED" ? "ExecutionAborted" : "ExecutionFailed";
      this.record(frame, type, { error: result.error, cause: result.cause });
    }
    for (const token of this.openTokens) this.host.releaseToken(token);
    this.openTokens.clear();
    this.cancellation.cancel(EXECUTION_ENDED);
  }

  private record(frame: Frame, type: HistoryEventType, details?: RawDetails): number {
    const id = this.nextEventId++;
    if (this.config.recordHistory) {
      this.events.push({ id, previousEventId: frame.lastEventId, timestamp: this.host.clock.now(), type, ...(details ? { details } : {}) });
    }
    frame.lastEventId = id;
    return id;
  }

  private async runMachine(machine: CompiledMachine, input: JsonValue, frame: Frame): Promise<JsonValue> {
    let state = machine.states.get(machine.startAt)!;
    let value = input;
    for (;;) {
      if (frame.cancel.aborted) throw frame.cancel.reason;
      if (++this.steps > this.host.maxSteps) {
        throw new StatesError("States.Runtime", `The execution exceeded the interpreter's limit of ${this.host.maxSteps} state transitions at state '${state.name}' (a loop that never ends?). Raise maxSteps if this is intended.`);
      }
      const t = await this.runState(state, value, frame);
      if (t.next === undefined) return t.output;
      state = machine.states.get(t.next)!;
      value = t.output;
    }
  }

  private async runState(state: CompiledState, input: JsonValue, frame: Frame): Promise<Transition> {
    const type = state.def.Type;
    this.statesVisited.push(state.name);
    const entered = this.record(frame, `${type}StateEntered`, { name: state.name, input });
    const visit = new Visit(this, state, frame, this.host.clock.now(), entered, input);
    try {
      const t = await this.withRetry(visit);
      if (t.next !== undefined || type !== "Fail") this.record(frame, `${type}StateExited`, { name: state.name, output: t.output });
      return t;
    } catch (e) {
      const err = this.asStatesError(e, visit);
      if (frame.cancel.aborted || err instanceof FailStateError || isTerminal(err.error)) throw err;
      for (const catcher of state.catchers) {
        if (errorMatches(catcher.def.ErrorEquals, err.error)) return await this.applyCatcher(catcher, visit, err);
      }
      throw err;
    }
  }

  private asStatesError(e: unknown, visit: Visit): StatesError {
    if (e instanceof StatesError) {
      if (e.error === "States.Runtime" && !e.cause.startsWith("An error occurred while executing the state")) {
        return new StatesError("States.Runtime", `An error occurred while executing the state '${visit.state.name}' (entered at the event id #${visit.enteredEventId}). ${e.cause}`);
      }
      return e;
    }
    if (visit.frame.cancel.aborted) return toStatesError(visit.frame.cancel.reason);
    return internalError(e);
  }

  private async applyCatcher(catcher: CompiledCatcher, visit: Visit, err: StatesError): Promise<Transition> {
    this.takenBranches.add(catcher.id);
    const errorOutput: JsonValue = { Error: err.error, Cause: err.cause };
    let output: JsonValue;
    if (visit.state.jsonata) {
      const bindings = visit.bindings({ errorOutput });
      output = catcher.output ? await catcher.output.evaluate(bindings) : errorOutput;
      if (catcher.assignJsonata) visit.frame.vars.assign(asObject(await catcher.assignJsonata.evaluate(bindings), "Assign"));
    } else {
      if (catcher.assignPath) visit.frame.vars.assign(asObject(catcher.assignPath(visit.over(errorOutput), this.host.env), "Assign"));
      output = catcher.resultPath === null ? visit.input : catcher.resultPath === undefined ? errorOutput : setAtPath(visit.input, catcher.resultPath, errorOutput);
    }
    this.record(visit.frame, `${visit.state.def.Type}StateExited`, { name: visit.state.name, output });
    return { output, next: catcher.def.Next };
  }

  private async withRetry(visit: Visit): Promise<Transition> {
    const retriers = visit.state.retriers;
    if (retriers.length === 0) return this.execute(visit);
    let counts: number[] | undefined;
    for (;;) {
      try {
        return await this.execute(visit);
      } catch (e) {
        const err = this.asStatesError(e, visit);
        if (visit.frame.cancel.aborted || err instanceof FailStateError) throw err;
        const index = retriers.findIndex((r) => errorMatches(r.ErrorEquals, err.error));
        if (index < 0) throw err;
        counts ??= retriers.map(() => 0);
        const retrier = retriers[index]!;
        const attempt = counts[index]!;
        if (attempt >= (retrier.MaxAttempts ?? 3)) throw err;
        counts[index] = attempt + 1;
        await sleep(this.host.clock, this.backoffMs(retrier, attempt), visit.frame.cancel);
        visit.retryCount++;
        visit.token = undefined;
        visit.resetContext();
      }
    }
  }

  private backoffMs(retrier: Retrier, attempt: number): number {
    let seconds = (retrier.IntervalSeconds ?? 1) * Math.pow(retrier.BackoffRate ?? 2, attempt);
    if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
    if (retrier.JitterStrategy === "FULL") seconds = this.host.env.random() * seconds;
    return seconds * 1000;
  }

  private execute(visit: Visit): Promise<Transition> | Transition {
    switch (visit.state.def.Type) {
      case "Task": return this.task(visit);
      case "Pass": return this.pass(visit);
      case "Choice": return this.choice(visit);
      case "Wait": return this.wait(visit);
      case "Succeed": return this.succeed(visit);
      case "Fail": return this.fail(visit);
      case "Parallel": return this.parallel(visit);
      case "Map": return this.map(visit);
    }
  }

  // ---- input and output processing ----

  private selectPath(path: CompiledPath | null | undefined, value: JsonValue, visit: Visit, field: string): JsonValue {
    if (path === undefined) return value;
    if (path === null) return EMPTY;
    const found = path.get(visit.over(value));
    if (found === MISSING) throw missingPath(path.source, field, value);
    return found;
  }

  /** JSONPath: InputPath then Parameters. JSONata: Arguments. Returns [effective input, payload]. */
  private async effectiveInput(visit: Visit): Promise<[JsonValue, JsonValue]> {
    const s = visit.state;
    if (s.jsonata) return [visit.input, s.arguments ? await s.arguments.evaluate(visit.bindings()) : visit.input];
    const effective = this.selectPath(s.inputPath, visit.input, visit, "InputPath");
    return [effective, s.parameters ? s.parameters(visit.over(effective), this.host.env) : effective];
  }

  /** ResultSelector, Assign, ResultPath, OutputPath (JSONPath) or Assign and Output (JSONata). */
  private async finishState(visit: Visit, result: JsonValue, jsonataDefault: "result" | "input" = "result"): Promise<JsonValue> {
    const s = visit.state;
    if (s.jsonata) {
      const needs = s.output || s.assignJsonata;
      const bindings = needs ? visit.bindings({ result }) : undefined;
      const output = s.output ? await s.output.evaluate(bindings!) : jsonataDefault === "result" ? result : visit.input;
      if (s.assignJsonata) visit.frame.vars.assign(asObject(await s.assignJsonata.evaluate(bindings!), "Assign"));
      return output;
    }
    if (s.resultSelector) result = s.resultSelector(visit.over(result), this.host.env);
    if (s.assignPath) visit.frame.vars.assign(asObject(s.assignPath(visit.over(result), this.host.env), "Assign"));
    const combined = s.resultPath === undefined ? result : s.resultPath === null ? visit.input : setAtPath(visit.input, s.resultPath, result);
    return this.selectPath(s.outputPath, combined, visit, "OutputPath");
  }

  private async numberField(source: NumberSource | undefined, visit: Visit, scopeInput: JsonValue): Promise<JsonValue | undefined> {
    if (!source) return undefined;
    if (source.kind === "literal") return source.value;
    if (source.kind === "jsonata") return source.expr.evaluate(visit.bindings(), source.field);
    const v = source.path.get(visit.over(scopeInput));
    if (v === MISSING) throw missingPath(source.path.source, source.field, scopeInput);
    return v;
  }

  private async positiveInt(source: NumberSource | undefined, visit: Visit, scopeInput: JsonValue, name: string, allowZero = false): Promise<number | undefined> {
    const v = await this.numberField(source, visit, scopeInput);
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || (!allowZero && v === 0)) {
      throw new StatesError(source?.kind === "jsonata" ? "States.QueryEvaluationError" : "States.Runtime", `The value of ${name} must be a ${allowZero ? "non-negative" : "positive"} integer, got ${JSON.stringify(v)}`);
    }
    return v;
  }

  // ---- state types ----

  private async pass(visit: Visit): Promise<Transition> {
    const s = visit.state;
    const def = visit.state.def as { Result?: JsonValue };
    if (s.jsonata) return { output: await this.finishState(visit, visit.input, "input"), next: s.next };
    const effective = this.selectPath(s.inputPath, visit.input, visit, "InputPath");
    const result = def.Result !== undefined ? def.Result : s.parameters ? s.parameters(visit.over(effective), this.host.env) : effective;
    return { output: await this.finishState(visit, result), next: s.next };
  }

  private async succeed(visit: Visit): Promise<Transition> {
    const s = visit.state;
    if (s.jsonata) return { output: s.output ? await s.output.evaluate(visit.bindings()) : visit.input, next: undefined };
    const effective = this.selectPath(s.inputPath, visit.input, visit, "InputPath");
    return { output: this.selectPath(s.outputPath, effective, visit, "OutputPath"), next: undefined };
  }

  private async fail(visit: Visit): Promise<Transition> {
    const s = visit.state;
    const error = await this.numberField(s.error, visit, visit.input);
    const cause = await this.numberField(s.cause, visit, visit.input);
    for (const [name, v] of [["Error", error], ["Cause", cause]] as const) {
      if (v !== undefined && typeof v !== "string") throw new StatesError("States.Runtime", `The ${name} of Fail state '${s.name}' must be a string, got ${JSON.stringify(v)}`);
    }
    throw new FailStateError((error as string | undefined) ?? "", (cause as string | undefined) ?? "");
  }

  private async choice(visit: Visit): Promise<Transition> {
    const s = visit.state;
    const effective = s.jsonata ? visit.input : this.selectPath(s.inputPath, visit.input, visit, "InputPath");
    const scope = s.jsonata ? undefined : visit.over(effective);
    const bindings = s.jsonata ? visit.bindings() : undefined;
    for (const rule of s.choices!) {
      let matched: boolean;
      if (rule.condition) {
        const v = await rule.condition.evaluate(bindings!, "Condition");
        if (typeof v !== "boolean") throw new StatesError("States.QueryEvaluationError", `The JSONata expression '${rule.condition.source}' specified for the field 'Condition' returned ${JSON.stringify(v)}, not a boolean`);
        matched = v;
      } else matched = rule.predicate!(scope!);
      if (!matched) continue;
      this.takenBranches.add(rule.id);
      return { output: await this.choiceOutput(visit, effective, rule), next: rule.next };
    }
    if (s.defaultNext === undefined) throw new StatesError("States.NoChoiceMatched", `No Choice rule of state '${s.name}' matched the input '${JSON.stringify(effective)}' and it has no Default`);
    this.takenBranches.add(s.defaultId!);
    return { output: await this.choiceOutput(visit, effective, { assignPath: s.assignPath, assignJsonata: s.assignJsonata, output: s.output }), next: s.defaultNext };
  }

  private async choiceOutput(visit: Visit, effective: JsonValue, rule: Pick<NonNullable<CompiledState["choices"]>[number], "assignPath" | "assignJsonata" | "output">): Promise<JsonValue> {
    const s = visit.state;
    if (s.jsonata) {
      const bindings = visit.bindings();
      const output = rule.output ?? s.output;
      const result = output ? await output.evaluate(bindings) : visit.input;
      const assign = rule.assignJsonata ?? s.assignJsonata;
      if (assign) visit.frame.vars.assign(asObject(await assign.evaluate(bindings), "Assign"));
      return result;
    }
    const assign = rule.assignPath ?? s.assignPath;
    if (assign) visit.frame.vars.assign(asObject(assign(visit.over(effective), this.host.env), "Assign"));
    return this.selectPath(s.outputPath, effective, visit, "OutputPath");
  }

  private async wait(visit: Visit): Promise<Transition> {
    const s = visit.state;
    const effective = s.jsonata ? visit.input : this.selectPath(s.inputPath, visit.input, visit, "InputPath");
    let ms: number;
    if (s.seconds) {
      const seconds = await this.numberField(s.seconds, visit, effective);
      if (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds < 0) {
        throw new StatesError(s.seconds.kind === "jsonata" ? "States.QueryEvaluationError" : "States.Runtime", `The Seconds of Wait state '${s.name}' must be a non-negative integer, got ${JSON.stringify(seconds)}`);
      }
      ms = seconds * 1000;
    } else {
      const stamp = await this.numberField(s.timestamp, visit, effective);
      const at = parseTimestamp(stamp);
      if (at === undefined) throw new StatesError(s.timestamp!.kind === "jsonata" ? "States.QueryEvaluationError" : "States.Runtime", `The Timestamp of Wait state '${s.name}' must be an RFC 3339 timestamp, got ${JSON.stringify(stamp)}`);
      ms = at - this.host.clock.now();
    }
    if (ms > 0) await sleep(this.host.clock, ms, visit.frame.cancel);
    if (s.jsonata) return { output: await this.finishState(visit, visit.input, "input"), next: s.next };
    if (s.assignPath) visit.frame.vars.assign(asObject(s.assignPath(visit.over(effective), this.host.env), "Assign"));
    return { output: this.selectPath(s.outputPath, effective, visit, "OutputPath"), next: s.next };
  }

  private async task(visit: Visit): Promise<Transition> {
    const s = visit.state;
    const task = s.task!;
    if (task.pattern === "waitForTaskToken") {
      visit.token = this.host.env.uuid();
      visit.resetContext();
    }
    const [effective, payload] = await this.effectiveInput(visit);
    const timeout = s.timeoutSeconds ? await this.positiveInt(s.timeoutSeconds, visit, effective, "TimeoutSeconds") : undefined;
    const heartbeat = s.heartbeatSeconds ? await this.positiveInt(s.heartbeatSeconds, visit, effective, "HeartbeatSeconds") : undefined;
    const prefix = task.isLambda ? "LambdaFunction" : "Task";
    const history = this.config.recordHistory;
    if (history) {
      this.record(visit.frame, `${prefix}Scheduled`, {
        ...task.eventBase, ...(task.isLambda ? { resource: task.resource } : { region: this.region }), [task.isLambda ? "input" : "parameters"]: payload,
        ...(timeout !== undefined ? { timeoutInSeconds: timeout } : {}), ...(heartbeat !== undefined ? { heartbeatInSeconds: heartbeat } : {}),
      });
      this.record(visit.frame, `${prefix}Started`, task.isLambda ? undefined : task.eventBase);
    } else this.nextEventId += 2;
    let result: JsonValue;
    try {
      result = await this.invoke(visit, task.resource, task.integration, task.pattern, payload, timeout, heartbeat, task.eventBase);
    } catch (e) {
      const err = this.asStatesError(e, visit);
      if (!visit.frame.cancel.aborted) {
        const timedOut = err.error === "States.Timeout" || err.error === "States.HeartbeatTimeout";
        this.record(visit.frame, `${prefix}${timedOut ? "TimedOut" : "Failed"}`, { ...task.eventBase, error: err.error, cause: err.cause });
      }
      throw err;
    }
    if (history) this.record(visit.frame, `${prefix}Succeeded`, { ...task.eventBase, output: result });
    else this.nextEventId++;
    return { output: await this.finishState(visit, result), next: s.next };
  }

  private async invoke(
    visit: Visit, resource: string, integration: string, pattern: TaskRequest["pattern"], payload: JsonValue,
    timeout: number | undefined, heartbeat: number | undefined, eventBase: RawDetails,
  ): Promise<JsonValue> {
    const name = visit.state.name;
    const invocation = this.invocations.get(name) ?? 0;
    this.invocations.set(name, invocation + 1);
    const mocked = mockAnswer(this.config.mocks, name, invocation);
    if (mocked) {
      if ("Throw" in mocked) throw new StatesError(mocked.Throw.Error, mocked.Throw.Cause ?? "");
      return mocked.Return;
    }
    const handler = resolveHandler(this.config.integrations, resource, integration);
    if (!handler) throw noHandler(resource, name);
    const cancel = new Cancellation();
    const parent = visit.frame.cancel;
    const request = new Request(resource, integration, pattern, payload, name, visit, this.executionArn, this.host.callbacks, cancel);
    return new Promise<JsonValue>((resolve, reject) => {
      let settled = false;
      const cleanups: (() => void)[] = [];
      const settle = (error: unknown, value?: JsonValue): void => {
        if (settled) return;
        settled = true;
        for (const c of cleanups) c();
        cancel.cancel(EXECUTION_ENDED);
        if (error !== undefined) reject(error);
        else resolve(value!);
      };
      cleanups.push(parent.onCancel(() => settle(parent.reason)));
      if (timeout !== undefined) {
        cleanups.push(this.host.clock.schedule(timeout * 1000, () => {
          settle(new StatesError("States.Timeout", `The task of state '${name}' did not finish within its TimeoutSeconds of ${timeout}`));
        }));
      }
      let lastBeat = this.host.clock.now();
      if (heartbeat !== undefined) {
        let stopWatch: () => void = () => undefined;
        const watch = (): void => {
          const due = lastBeat + heartbeat * 1000;
          const now = this.host.clock.now();
          if (now >= due) settle(new StatesError("States.HeartbeatTimeout", `The task of state '${name}' sent no heartbeat within its HeartbeatSeconds of ${heartbeat}`));
          else stopWatch = this.host.clock.schedule(due - now, watch);
        };
        stopWatch = this.host.clock.schedule(heartbeat * 1000, watch);
        cleanups.push(() => stopWatch());
      }
      if (pattern !== "waitForTaskToken") {
        this.callHandler(handler, request).then((v) => settle(undefined, v), (e) => settle(e));
        return;
      }
      const token = visit.token!;
      let answer: { output: JsonValue } | undefined;
      let submitted = false;
      this.openTokens.add(token);
      this.host.registerToken(token, {
        executionArn: this.executionArn,
        succeed: (output) => {
          answer = { output };
          if (submitted) settle(undefined, output);
        },
        fail: (error) => settle(error),
        heartbeat: () => { lastBeat = this.host.clock.now(); },
      });
      cleanups.push(() => {
        this.openTokens.delete(token);
        this.host.releaseToken(token);
      });
      this.callHandler(handler, request).then((response) => {
        if (settled) return;
        this.record(visit.frame, "TaskSubmitted", { ...eventBase, output: response });
        submitted = true;
        if (answer) settle(undefined, answer.output);
      }, (e) => settle(e));
    });
  }

  private async callHandler(handler: NonNullable<ReturnType<typeof resolveHandler>>, request: TaskRequest): Promise<JsonValue> {
    let response: JsonValue | void;
    try {
      const r = handler(request);
      response = r instanceof Promise ? await this.host.clock.busy(r) : r;
    } catch (e) {
      throw toStatesError(e);
    }
    return response === undefined ? EMPTY : response;
  }

  private async parallel(visit: Visit): Promise<Transition> {
    const s = visit.state;
    const [, payload] = await this.effectiveInput(visit);
    this.record(visit.frame, "ParallelStateStarted");
    const results = await this.runAll(s.branches!.length, 0, visit, (i, frame) => this.runMachine(s.branches![i]!, payload, frame), undefined, "Parallel");
    this.record(visit.frame, "ParallelStateSucceeded");
    return { output: await this.finishState(visit, results), next: s.next };
  }

  private async map(visit: Visit): Promise<Transition> {
    const s = visit.state;
    const def = s.def as import("../definition").MapState;
    const effective = s.jsonata ? visit.input : this.selectPath(s.inputPath, visit.input, visit, "InputPath");
    let items: JsonValue;
    if (def.ItemReader) {
      const reader = this.config.itemReader;
      if (!reader) throw new StatesError("States.ItemReaderFailed", `Map state '${s.name}' has an ItemReader (${def.ItemReader.Resource}) but the interpreter was given no itemReader`);
      const input = s.itemReaderArguments ? await s.itemReaderArguments.evaluate(visit.bindings()) : s.itemReaderParameters ? s.itemReaderParameters(visit.over(effective), this.host.env) : EMPTY;
      try {
        items = await this.host.clock.busy(Promise.resolve(reader({ resource: def.ItemReader.Resource, input, readerConfig: (def.ItemReader.ReaderConfig ?? {}) as JsonValue, stateName: s.name })));
      } catch (e) {
        const err = toStatesError(e);
        throw new StatesError("States.ItemReaderFailed", `${err.error}: ${err.cause}`);
      }
    } else if (s.jsonata) {
      items = s.items ? await s.items.evaluate(visit.bindings()) : visit.input;
    } else {
      items = this.selectPath(s.itemsPath, effective, visit, "ItemsPath");
    }
    if (!Array.isArray(items)) {
      throw new StatesError(s.jsonata ? "States.QueryEvaluationError" : "States.Runtime", `The items of Map state '${s.name}' must be an array, got ${JSON.stringify(items)}`);
    }
    const batchSize = s.maxItemsPerBatch ? await this.positiveInt(s.maxItemsPerBatch, visit, effective, "MaxItemsPerBatch") : undefined;
    let inputs: JsonValue[];
    const selected = await Promise.all(items.map(async (value, index) => {
      const item = { Index: index, Value: value };
      if (!s.itemSelectorPath && !s.itemSelectorJsonata) return value;
      const itemVisit = new Visit(this, s, { ...visit.frame, mapItem: item }, visit.enteredTime, visit.enteredEventId, visit.input);
      return s.itemSelectorJsonata ? s.itemSelectorJsonata.evaluate(itemVisit.bindings()) : s.itemSelectorPath!(itemVisit.over(effective), this.host.env);
    }));
    if (batchSize !== undefined || def.ItemBatcher) {
      const size = batchSize ?? selected.length;
      const batchInput = s.batchInputJsonata ? await s.batchInputJsonata.evaluate(visit.bindings()) : s.batchInputPath ? s.batchInputPath(visit.over(effective), this.host.env) : undefined;
      inputs = [];
      for (let i = 0; i < selected.length; i += Math.max(1, size)) {
        inputs.push({ ...(batchInput && typeof batchInput === "object" && !Array.isArray(batchInput) ? { BatchInput: batchInput } : {}), Items: selected.slice(i, i + Math.max(1, size)) });
      }
    } else inputs = selected;
    const maxConcurrency = (await this.positiveInt(s.maxConcurrency, visit, effective, "MaxConcurrency", true)) ?? 0;
    const toleratedCount = await this.numberField(s.toleratedFailureCount, visit, effective);
    const toleratedPercent = await this.numberField(s.toleratedFailurePercentage, visit, effective);
    const tolerance = toleratedCount !== undefined || toleratedPercent !== undefined
      ? { count: typeof toleratedCount === "number" ? toleratedCount : undefined, percent: typeof toleratedPercent === "number" ? toleratedPercent : undefined }
      : undefined;
    this.record(visit.frame, "MapStateStarted", { length: inputs.length });
    const results = await this.runAll(inputs.length, maxConcurrency, visit, (i, frame) => this.runMachine(s.processor!, inputs[i]!, frame), (i) => ({ Index: i, Value: items[i] ?? null }), "Map", tolerance);
    this.record(visit.frame, "MapStateSucceeded");
    return { output: await this.finishState(visit, results), next: s.next };
  }

  /**
   * Runs branches (Parallel) or iterations (Map) with at most `limit` at a time (0: all). The first
   * failure aborts the siblings and fails the state, unless a Map's tolerated failures absorb it.
   */
  private async runAll(
    count: number, limit: number, visit: Visit, run: (index: number, frame: Frame) => Promise<JsonValue>,
    mapItem: ((index: number) => { Index: number; Value: JsonValue }) | undefined, kind: "Parallel" | "Map",
    tolerance?: Tolerance,
  ): Promise<JsonValue[]> {
    const parent = visit.frame.cancel;
    const group = new Cancellation();
    const detach = parent.onCancel(() => group.cancel(parent.reason));
    const results: JsonValue[] = new Array<JsonValue>(count);
    let failures = 0;
    let firstError: StatesError | undefined;
    let nextIndex = 0;
    const worker = async (): Promise<void> => {
      while (nextIndex < count && !group.aborted) {
        const index = nextIndex++;
        const frame: Frame = { vars: new VariableScope(visit.frame.vars), cancel: group, lastEventId: visit.frame.lastEventId, ...(mapItem ? { mapItem: mapItem(index) } : {}) };
        if (kind === "Map") this.record(frame, "MapIterationStarted", { name: visit.state.name, index });
        try {
          results[index] = await run(index, frame);
          if (kind === "Map") this.record(frame, "MapIterationSucceeded", { name: visit.state.name, index });
        } catch (e) {
          const err = e instanceof StatesError ? e : internalError(e);
          if (group.aborted) return;
          if (kind === "Map") this.record(frame, "MapIterationFailed", { name: visit.state.name, index });
          failures++;
          results[index] = { Error: err.error, Cause: err.cause };
          if (tolerance && !isTerminal(err.error) && !exceeds(tolerance, failures, count)) continue;
          firstError ??= tolerance ? new StatesError("States.ExceedToleratedFailureThreshold", `Map state '${visit.state.name}' exceeded its tolerated failures: ${failures} of ${count} items failed`) : err;
          group.cancel(BRANCH_ABANDONED);
          return;
        }
      }
    };
    const workers = Math.min(count, limit > 0 ? limit : count);
    try {
      await Promise.all(Array.from({ length: workers }, worker));
    } finally {
      detach();
    }
    if (parent.aborted) throw parent.reason;
    if (firstError) {
      this.record(visit.frame, `${kind}StateFailed` as HistoryEventType);
      throw firstError instanceof FailStateError ? new StatesError(firstError.error, firstError.cause) : firstError;
    }
    return results;
  }
}

/** The TaskRequest handed to integrations; `signal` and `context` are built only if read. */
class Request implements TaskRequest {
  readonly taskToken?: string;
  readonly credentials?: JsonValue;
  readonly attempt: number;

  constructor(
    readonly resource: string,
    readonly integration: string,
    readonly pattern: TaskRequest["pattern"],
    readonly input: JsonValue,
    readonly stateName: string,
    private readonly visit: Visit,
    readonly executionArn: string,
    readonly callbacks: TaskCallbacks,
    private readonly cancel: Cancellation,
  ) {
    this.attempt = visit.retryCount;
    if (visit.token !== undefined) this.taskToken = visit.token;
    const credentials = (visit.state.def as { Credentials?: JsonValue }).Credentials;
    if (credentials !== undefined) this.credentials = credentials;
  }

  get context(): JsonValue {
    return this.visit.context();
  }

  get signal(): AbortSignal {
    return this.cancel.toAbortSignal();
  }
}

interface Tolerance {
  count: number | undefined;
  percent: number | undefined;
}

/** A Map fails once its failures exceed either tolerated threshold that is set. */
function exceeds(tolerance: Tolerance, failures: number, total: number): boolean {
  if (tolerance.count !== undefined && failures > tolerance.count) return true;
  if (tolerance.percent !== undefined && (failures * 100) / total > tolerance.percent) return true;
  return false;
}

function asObject(value: JsonValue, field: string): { [k: string]: JsonValue } {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new StatesError("States.Runtime", `${field} must evaluate to an object, got ${JSON.stringify(value)}`);
  return value;
}

/** A bug of the interpreter or an integration: reported as States.Runtime with the message, not thrown. */
function internalError(e: unknown): StatesError {
  if (e instanceof SfnApiError) return new StatesError("States.Runtime", `${e.code}: ${e.message}`);
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new StatesError("States.Runtime", `Internal error of the interpreter: ${message}`);
}
