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
  type Integrations, type ItemReaderHandler, type MockResponse, type StateMocks, type TaskCallbacks, type TaskHandler, type TaskRequest,
} from "./integrations";
import type { IntrinsicEnv } from "./intrinsics";
import { seededRandom, type JsonataBindings } from "./jsonata-eval";
import { MISSING, setAtPath, type CompiledPath, type Lookup, type PathScope } from "./jsonpath";
import { parseTimestamp } from "../syntax/timestamp";
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
  beat(): void;
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
  /** The input as the API got it (JSON text), kept for DescribeExecution and StartExecution's idempotency. */
  readonly inputText?: string;
  /** False skips the history (for throughput runs); statesVisited and coverage are always kept. */
  readonly recordHistory: boolean;
  /** `$$.StateMachine`, shared by all executions of the machine. */
  readonly contextStateMachine: JsonValue;
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
type JsonObjectValue = { [key: string]: JsonValue };
/** The scope of frames that only record events (never read or assigned). */
const NO_VARIABLES = new VariableScope();

// Shared cancellation reasons: building an Error per finished task or execution is costly.
const EXECUTION_ENDED = new StatesError("States.Runtime", "The execution ended");
const BRANCH_ABANDONED = new StatesError("States.Runtime", "A sibling branch failed");

interface StateEvents {
  readonly entered: HistoryEventType;
  readonly exited: HistoryEventType;
  readonly isFail: boolean;
}

/** Kept on the compiled state (which compile.ts owns) under a private key: computed on its first visit. */
const STATE_EVENTS = Symbol("stateEvents");
type WithStateEvents = CompiledState & { [STATE_EVENTS]?: StateEvents };

/** The `<Type>StateEntered`/`Exited` event types of a state, built once rather than on every step. */
function stateEvents(state: CompiledState): StateEvents {
  const holder = state as WithStateEvents;
  let events = holder[STATE_EVENTS];
  if (!events) {
    const type = state.def.Type;
    events = { entered: `${type}StateEntered`, exited: `${type}StateExited`, isFail: type === "Fail" };
    holder[STATE_EVENTS] = events;
  }
  return events;
}

/** A path scope whose `$` is another value than the state input (a task result, an error output). */
class ScopeOver implements PathScope {
  constructor(private readonly visit: Visit, readonly input: JsonValue) {}

  context(): JsonValue {
    return this.visit.context();
  }

  variable(name: string): Lookup {
    return this.visit.frame.vars.lookup(name);
  }
}

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
    const state: { [k: string]: JsonValue } = { EnteredTime: this.execution.iso(this.enteredTime), Name: this.state.name, RetryCount: this.retryCount };
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
    return input === this.input ? this : new ScopeOver(this, input);
  }

  bindings(extra?: { result?: JsonValue; errorOutput?: JsonValue }): JsonataBindings {
    const states: { [k: string]: JsonValue } = { input: this.input, context: this.context() };
    if (extra?.result !== undefined) states.result = extra.result;
    if (extra?.errorOutput !== undefined) states.errorOutput = extra.errorOutput;
    const bindings = this.execution.variablesAndFunctions(this.frame.vars.bindings()) as JsonataBindings;
    bindings.states = states;
    return bindings;
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
  private jsonataFns: Record<string, unknown> | undefined;

  private readonly events: RawEvent[] = [];
  private nextEventId = 1;
  private steps = 0;
  private readonly cancellation = new Cancellation();
  private invocations: Map<string, number> | undefined;

  constructor(private readonly host: ExecutionHost, private readonly config: ExecutionConfig, input: JsonValue) {
    this.executionArn = config.executionArn;
    this.name = config.name;
    this.stateMachineArn = config.stateMachineArn;
    this.input = input;
    const start = host.clock.now();
    this.startDate = new Date(start);
    this.contextExecution = { Id: config.executionArn, Input: input, Name: config.name, RoleArn: config.roleArn, StartTime: this.startDate.toISOString(), RedriveCount: 0 };
    this.contextStateMachine = config.contextStateMachine;
    // Start on a microtask: StartExecution returns (and callers can register the execution) before any
    // state runs or any integration is called.
    this.done = Promise.resolve().then(() => this.run());
  }

  private lastVariables: Readonly<Record<string, unknown>> | undefined;
  private lastVariablesAndFunctions: Record<string, unknown> | undefined;

  /**
   * A fresh bindings object holding the variables then the functions (functions win, as before). The
   * merge is built once per variables view (which stays the same object until an assignment), so each
   * evaluation pays one copy of it rather than two spreads.
   */
  variablesAndFunctions(variables: Readonly<Record<string, unknown>>): Record<string, unknown> {
    if (variables !== this.lastVariables || !this.lastVariablesAndFunctions) {
      this.lastVariables = variables;
      this.lastVariablesAndFunctions = { ...variables, ...this.jsonataFunctions };
    }
    return { ...this.lastVariablesAndFunctions };
  }

  /** $random, $uuid, $now and $millis bound to this interpreter's sources and clock. */
  get jsonataFunctions(): Record<string, unknown> {
    if (this.jsonataFns) return this.jsonataFns;
    const { env, clock } = this.host;
    this.jsonataFns = {
      random: (seed?: unknown) => (seed === undefined ? env.random() : seededRandom(seed)),
      uuid: () => env.uuid(),
      now: () => new Date(clock.now()).toISOString(),
      millis: () => clock.now(),
    };
    return this.jsonataFns;
  }

  private regionText: string | undefined;

  /** The region of the execution's ARN, for TaskScheduled events: only needed when history is recorded. */
  private get region(): string {
    return (this.regionText ??= this.config.executionArn.split(":")[3] ?? "");
  }

  private isoTime = -1;
  private isoText = "";

  /** ISO 8601 text of a clock time (cached: many states of a run share one virtual instant). */
  iso(time: number): string {
    if (time !== this.isoTime) {
      this.isoTime = time;
      this.isoText = new Date(time).toISOString();
    }
    return this.isoText;
  }

  /** The input as JSON text: as StartExecution got it, else the input value's JSON. */
  get inputText(): string {
    return this.config.inputText ?? JSON.stringify(this.input);
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
      startDate: this.startDate, input: this.inputText,
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
    const frame: Frame = { vars: NO_VARIABLES, cancel: this.cancellation, lastEventId: this.nextEventId - 1 };
    if (result.status === "SUCCEEDED") {
      this.output = result.output;
      this.record(frame, "ExecutionSucceeded", { output: result.output });
    } else {
      this.error = result.error || undefined;
      this.cause = result.cause || undefined;
      const type = result.status === "TIMED_OUT" ? "ExecutionTimedOut" : result.status === "ABORTED" ? "ExecutionAborted" : "ExecutionFailed";
      this.record(frame, type, { error: result.error, cause: result.cause });
    }
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

  /** Takes the next event id without building the event: history is off, but ids must stay the same. */
  private skipEvent(frame: Frame): number {
    const id = this.nextEventId++;
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
    const events = stateEvents(state);
    const history = this.config.recordHistory;
    this.statesVisited.push(state.name);
    const entered = history ? this.record(frame, events.entered, { name: state.name, input }) : this.skipEvent(frame);
    const visit = new Visit(this, state, frame, this.host.clock.now(), entered, input);
    try {
      const t = await this.withRetry(visit);
      if (t.next !== undefined || !events.isFail) {
        if (history) this.record(frame, events.exited, { name: state.name, output: t.output });
        else this.skipEvent(frame);
      }
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
    if (this.config.recordHistory) this.record(visit.frame, stateEvents(visit.state).exited, { name: visit.state.name, output });
    else this.skipEvent(visit.frame);
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
    // Intrinsics here draw on the interpreter's random and uuid sources, as in Parameters.
    if (source.kind === "intrinsic") return source.call(visit.over(scopeInput), this.host.env);
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
      const scheduled: RawDetails = task.isLambda
        ? { resource: task.resource, input: payload }
        : { resourceType: task.eventBase.resourceType, resource: task.eventBase.resource, region: this.region, parameters: payload };
      if (timeout !== undefined) scheduled.timeoutInSeconds = timeout;
      if (heartbeat !== undefined) scheduled.heartbeatInSeconds = heartbeat;
      this.record(visit.frame, `${prefix}Scheduled`, scheduled);
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
    if (history) this.record(visit.frame, `${prefix}Succeeded`, { resourceType: task.eventBase.resourceType, resource: task.eventBase.resource, output: result });
    else this.nextEventId++;
    return { output: await this.finishState(visit, result), next: s.next };
  }

  private async invoke(
    visit: Visit, resource: string, integration: string, pattern: TaskRequest["pattern"], payload: JsonValue,
    timeout: number | undefined, heartbeat: number | undefined, eventBase: RawDetails,
  ): Promise<JsonValue> {
    const name = visit.state.name;
    const mocked = this.config.mocks ? this.nextMock(name) : undefined;
    if (mocked) {
      if ("Throw" in mocked) throw new StatesError(mocked.Throw.Error, mocked.Throw.Cause ?? "");
      return mocked.Return;
    }
    const handler = resolveHandler(this.config.integrations, resource, integration);
    if (!handler) throw noHandler(resource, name);
    const pending = new PendingTask(this, this.host, visit, name, timeout, heartbeat, eventBase);
    const request = new Request(resource, integration, pattern, payload, name, visit, this.executionArn, this.host.callbacks, pending.cancel);
    return pending.start(handler, request, pattern === "waitForTaskToken" ? visit.token : undefined);
  }

  private nextMock(name: string): MockResponse | undefined {
    const invocations = (this.invocations ??= new Map());
    const invocation = invocations.get(name) ?? 0;
    invocations.set(name, invocation + 1);
    return mockAnswer(this.config.mocks, name, invocation);
  }

  /** Records an event for a running task (TaskSubmitted); used by PendingTask. */
  recordFor(frame: Frame, type: HistoryEventType, details: RawDetails): void {
    this.record(frame, type, details);
  }

  async callHandler(handler: NonNullable<ReturnType<typeof resolveHandler>>, request: TaskRequest): Promise<JsonValue> {
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
    const toleratedCount = await this.positiveInt(s.toleratedFailureCount, visit, effective, "ToleratedFailureCount", true);
    const toleratedPercent = await this.numberField(s.toleratedFailurePercentage, visit, effective);
    if (toleratedPercent !== undefined && (typeof toleratedPercent !== "number" || toleratedPercent < 0 || toleratedPercent > 100)) {
      throw new StatesError(s.toleratedFailurePercentage?.kind === "jsonata" ? "States.QueryEvaluationError" : "States.Runtime", `The ToleratedFailurePercentage of Map state '${s.name}' must be a number from 0 to 100, got ${JSON.stringify(toleratedPercent)}`);
    }
    const tolerance = toleratedCount !== undefined || toleratedPercent !== undefined ? { count: toleratedCount, percent: toleratedPercent as number | undefined } : undefined;
    this.record(visit.frame, "MapStateStarted", { length: inputs.length });
    const results = await this.runAll(inputs.length, maxConcurrency, visit, (i, frame) => this.runMachine(s.processor!, inputs[i]!, frame), (i) => ({ Index: i, Value: items[i] ?? null }), "Map", tolerance);
    this.record(visit.frame, "MapStateSucceeded");
    const output = def.ResultWriter ? await this.writeResults(visit, def.ResultWriter, effective, results) : results;
    return { output: await this.finishState(visit, output), next: s.next };
  }

  /**
   * A distributed Map's ResultWriter: the integration of its Resource (e.g. s3:putObject) receives the
   * writer's parameters plus `Results`; the Map's result becomes `{ MapRunArn, ResultWriterDetails }`.
   */
  private async writeResults(visit: Visit, writer: NonNullable<import("../definition").MapState["ResultWriter"]>, effective: JsonValue, results: JsonValue[]): Promise<JsonValue> {
    const s = visit.state;
    const params = s.resultWriterArguments ? await s.resultWriterArguments.evaluate(visit.bindings()) : s.resultWriterParameters ? s.resultWriterParameters(visit.over(effective), this.host.env) : EMPTY;
    const mapRunArn = `${this.executionArn.replace(":execution:", ":mapRun:")}/${s.name}:${visit.enteredEventId}`;
    if (writer.Resource) {
      const handler = resolveHandler(this.config.integrations, writer.Resource, writer.Resource);
      if (!handler) throw new StatesError("States.ResultWriterFailed", `No integration handles the ResultWriter resource '${writer.Resource}' of Map state '${s.name}'`);
      const request = new Request(writer.Resource, writer.Resource, "request-response", { ...(params as JsonObjectValue), Results: results }, s.name, visit, this.executionArn, this.host.callbacks, new Cancellation());
      try {
        await this.callHandler(handler, request);
      } catch (e) {
        const err = toStatesError(e);
        throw new StatesError("States.ResultWriterFailed", `${err.error}: ${err.cause}`);
      }
    }
    return { MapRunArn: mapRunArn, ResultWriterDetails: params };
  }

  private recordIteration(frame: Frame, type: "MapIterationStarted" | "MapIterationSucceeded" | "MapIterationFailed", visit: Visit, index: number): void {
    if (this.config.recordHistory) this.record(frame, type, { name: visit.state.name, index });
    else this.skipEvent(frame);
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
        if (kind === "Map") this.recordIteration(frame, "MapIterationStarted", visit, index);
        try {
          results[index] = await run(index, frame);
          if (kind === "Map") this.recordIteration(frame, "MapIterationSucceeded", visit, index);
        } catch (e) {
          const err = e instanceof StatesError ? e : internalError(e);
          if (group.aborted) return;
          if (kind === "Map") this.recordIteration(frame, "MapIterationFailed", visit, index);
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

/**
 * One running task: races the handler (and, for `.waitForTaskToken`, the callback) against its timeout,
 * heartbeat and the cancellation of its branch. A class rather than closures: it runs on every Task.
 */
class PendingTask {
  readonly cancel = new Cancellation();
  private resolve!: (value: JsonValue) => void;
  private reject!: (error: unknown) => void;
  private settled = false;
  private stopTimeout: (() => void) | undefined;
  private stopHeartbeat: (() => void) | undefined;
  private unsubscribe: (() => void) | undefined;
  private token: string | undefined;
  private lastBeat: number;
  private answer: { output: JsonValue } | undefined;
  private submitted = false;

  constructor(
    private readonly execution: Execution,
    private readonly host: ExecutionHost,
    private readonly visit: Visit,
    private readonly name: string,
    private readonly timeout: number | undefined,
    private readonly heartbeat: number | undefined,
    private readonly eventBase: RawDetails,
  ) {
    this.lastBeat = host.clock.now();
  }

  start(handler: TaskHandler, request: TaskRequest, token: string | undefined): Promise<JsonValue> {
    const promise = new Promise<JsonValue>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    const parent = this.visit.frame.cancel;
    this.unsubscribe = parent.onCancel(() => this.settle(parent.reason));
    if (this.timeout !== undefined) {
      const timeout = this.timeout;
      this.stopTimeout = this.host.clock.schedule(timeout * 1000, () => {
        this.settle(new StatesError("States.Timeout", `The task of state '${this.name}' did not finish within its TimeoutSeconds of ${timeout}`));
      });
    }
    if (this.heartbeat !== undefined) this.stopHeartbeat = this.host.clock.schedule(this.heartbeat * 1000, () => this.checkHeartbeat());
    if (token === undefined) {
      this.execution.callHandler(handler, request).then((v) => this.settle(undefined, v), (e) => this.settle(e));
      return promise;
    }
    this.token = token;
    this.host.registerToken(token, this);
    this.execution.callHandler(handler, request).then((response) => {
      if (this.settled) return;
      this.execution.recordFor(this.visit.frame, "TaskSubmitted", { resourceType: this.eventBase.resourceType, resource: this.eventBase.resource, output: response });
      this.submitted = true;
      if (this.answer) this.settle(undefined, this.answer.output);
    }, (e) => this.settle(e));
    return promise;
  }

  // TokenWaiter
  get executionArn(): string {
    return this.execution.executionArn;
  }

  succeed(output: JsonValue): void {
    this.answer = { output };
    if (this.submitted) this.settle(undefined, output);
  }

  fail(error: StatesError): void {
    this.settle(error);
  }

  beat(): void {
    this.lastBeat = this.host.clock.now();
  }

  private checkHeartbeat(): void {
    const due = this.lastBeat + this.heartbeat! * 1000;
    const now = this.host.clock.now();
    if (now >= due) {
      this.settle(new StatesError("States.HeartbeatTimeout", `The task of state '${this.name}' sent no heartbeat within its HeartbeatSeconds of ${this.heartbeat}`));
    } else {
      this.stopHeartbeat = this.host.clock.schedule(due - now, () => this.checkHeartbeat());
    }
  }

  private settle(error: unknown, value?: JsonValue): void {
    if (this.settled) return;
    this.settled = true;
    this.unsubscribe?.();
    this.stopTimeout?.();
    this.stopHeartbeat?.();
    if (this.token !== undefined) this.host.releaseToken(this.token);
    this.cancel.cancel(EXECUTION_ENDED);
    if (error !== undefined) this.reject(error);
    else this.resolve(value!);
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
