/**
 * The interpreter: owns state machines, executions, task tokens and the clock, and exposes the Step
 * Functions API operations (StartExecution, DescribeExecution, GetExecutionHistory, StopExecution,
 * SendTaskSuccess/Failure/Heartbeat) in-process, so local mode can serve them over HTTP unchanged.
 */
import type { JsonValue, StateMachineDefinition } from "../definition";
import { VirtualClock, type Clock } from "./clock";
import { compileDefinition, type CompiledMachine } from "./compile";
import { SfnApiError, StatesError } from "./errors";
import { Execution, type ExecutionHost, type ExecutionResult, type TokenWaiter } from "./execution";
import type { Integrations, ItemReaderHandler, StateMocks, TaskCallbacks } from "./integrations";
import type { IntrinsicEnv } from "./intrinsics";
import { awsNameProblem, MAX_AWS_NAME_LENGTH } from "../syntax/names";

export interface InterpreterOptions {
  /** Default: a VirtualClock that auto-advances (no real waiting). Pass a RealClock for live use. */
  clock?: Clock;
  /** Task handlers by resource (see Integrations). Can be extended per state machine and execution. */
  integrations?: Integrations;
  itemReader?: ItemReaderHandler;
  /** Source of randomness for jitter, States.MathRandom and $random (default Math.random). */
  random?: () => number;
  /** Source of UUIDs for States.UUID, $uuid, task tokens and execution names (default crypto.randomUUID). */
  uuid?: () => string;
  /** Bound on state transitions per execution, so an endless loop ends in States.Runtime (default 25,000, AWS's history limit). */
  maxSteps?: number;
  region?: string;
  accountId?: string;
  /** Keep GetExecutionHistory events (default true). */
  recordHistory?: boolean;
  /** Keep finished executions addressable (default true; throughput runs may turn it off). */
  retainExecutions?: boolean;
  /**
   * Closed task tokens remembered, so a late callback gets `TaskTimedOut` as on AWS rather than
   * `InvalidToken` (default 50,000: at least that many of the latest are kept, at most twice as many).
   */
  rememberedClosedTokens?: number;
}

export interface StateMachineOptions {
  name?: string;
  roleArn?: string;
  integrations?: Integrations;
  mocks?: StateMocks;
}

export interface StartExecutionOptions {
  name?: string;
  integrations?: Integrations;
  mocks?: StateMocks;
}

export interface StateMachine {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly roleArn: string;
  readonly definition: StateMachineDefinition;
  readonly machine: CompiledMachine;
  readonly integrations: Integrations;
  readonly mocks?: StateMocks;
  readonly contextObject: JsonValue;
}

export class Interpreter {
  readonly clock: Clock;
  private readonly integrations: Integrations;
  private readonly itemReader?: ItemReaderHandler;
  private readonly region: string;
  private readonly accountId: string;
  private readonly recordHistory: boolean;
  private readonly retainExecutions: boolean;
  private readonly machines = new Map<string, StateMachine>();
  private readonly executions = new Map<string, Execution>();
  private readonly tokens = new Map<string, TokenWaiter>();
  private readonly closedTokens: RecentTokens;
  private readonly host: ExecutionHost;
  private machineCounter = 0;

  constructor(options: InterpreterOptions = {}) {
    this.clock = options.clock ?? new VirtualClock();
    this.integrations = options.integrations ?? {};
    if (options.itemReader) this.itemReader = options.itemReader;
    this.region = options.region ?? "us-east-1";
    this.accountId = options.accountId ?? "123456789012";
    this.recordHistory = options.recordHistory ?? true;
    this.retainExecutions = options.retainExecutions ?? true;
    this.closedTokens = new RecentTokens(options.rememberedClosedTokens ?? 50_000);
    const env: IntrinsicEnv = { random: options.random ?? Math.random, uuid: options.uuid ?? (() => crypto.randomUUID()) };
    const callbacks: TaskCallbacks = {
      sendTaskSuccess: (t, o) => this.sendTaskSuccess(t, o),
      sendTaskFailure: (t, e, c) => this.sendTaskFailure(t, e, c),
      sendTaskHeartbeat: (t) => this.sendTaskHeartbeat(t),
    };
    this.host = {
      clock: this.clock, env, maxSteps: options.maxSteps ?? 25_000, callbacks,
      registerToken: (token, waiter) => this.tokens.set(token, waiter),
      releaseToken: (token) => this.closeToken(token),
    };
  }

  /**
   * CreateStateMachine: compiles the definition (an object or its JSON text). A definition that cannot
   * run throws SfnApiError `InvalidDefinition` naming the state and field.
   */
  createStateMachine(definition: StateMachineDefinition | string, options: StateMachineOptions = {}): StateMachine {
    let parsed: StateMachineDefinition;
    if (typeof definition === "string") {
      try {
        parsed = JSON.parse(definition) as StateMachineDefinition;
      } catch (e) {
        throw new SfnApiError("InvalidDefinition", `Invalid State Machine Definition: not JSON (${(e as Error).message})`);
      }
    } else parsed = definition;
    const name = options.name ?? `StateMachine${++this.machineCounter}`;
    assertValidName(name, "state machine name");
    const stateMachineArn = `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${name}`;
    const sm: StateMachine = {
      stateMachineArn, name, definition: parsed, machine: compileDefinition(parsed),
      roleArn: options.roleArn ?? `arn:aws:iam::${this.accountId}:role/StepFunctionsRole`,
      integrations: { ...this.integrations, ...options.integrations },
      ...(options.mocks ? { mocks: options.mocks } : {}),
      contextObject: { Id: stateMachineArn, Name: name },
    };
    this.machines.set(stateMachineArn, sm);
    return sm;
  }

  getStateMachine(stateMachineArn: string): StateMachine {
    const sm = this.machines.get(stateMachineArn);
    if (!sm) throw new SfnApiError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${stateMachineArn}'`);
    return sm;
  }

  /**
   * StartExecution. `input` is a value, or JSON text as the API takes it (text that is not JSON throws
   * SfnApiError `InvalidExecutionInput`). Returns at once; await `execution.done` for the outcome.
   *
   * Idempotent as a STANDARD workflow on AWS: the same name and the same input (JSON text as given, or
   * the value's JSON) as a running execution returns that execution; a different input, or a name whose
   * execution has ended, is `ExecutionAlreadyExists`. Names follow AWS's rule (see `nameProblem`).
   */
  startExecution(stateMachine: StateMachine | string, input: JsonValue | undefined = {}, options: StartExecutionOptions & { inputIsJsonText?: boolean } = {}): Execution {
    const sm = typeof stateMachine === "string" ? this.getStateMachine(stateMachine) : stateMachine;
    let value: JsonValue = input ?? {};
    if (options.inputIsJsonText) {
      try {
        value = JSON.parse(String(input)) as JsonValue;
      } catch (e) {
        throw new SfnApiError("InvalidExecutionInput", `Invalid execution input: not JSON (${(e as Error).message})`);
      }
    }
    const name = options.name ?? this.host.env.uuid();
    assertValidName(name, "execution name");
    const executionArn = `arn:aws:states:${this.region}:${this.accountId}:execution:${sm.name}:${name}`;
    const inputText = options.inputIsJsonText ? String(input) : undefined;
    const existing = this.executions.get(executionArn);
    if (existing) {
      const running = existing.status === "RUNNING";
      if (running && existing.inputText === (inputText ?? JSON.stringify(value))) return existing;
      throw new SfnApiError("ExecutionAlreadyExists", `Execution Already Exists: '${executionArn}' ${running ? "is running with a different input" : `has ended (${existing.status})`}`);
    }
    const mocks = options.mocks ?? sm.mocks;
    const execution = new Execution(this.host, {
      executionArn, name, stateMachineArn: sm.stateMachineArn, stateMachineName: sm.name, roleArn: sm.roleArn,
      definition: sm.definition, machine: sm.machine,
      integrations: options.integrations ? { ...sm.integrations, ...options.integrations } : sm.integrations,
      ...(mocks ? { mocks } : {}), ...(this.itemReader ? { itemReader: this.itemReader } : {}),
      recordHistory: this.recordHistory, contextStateMachine: sm.contextObject,
      ...(inputText !== undefined ? { inputText } : {}),
    }, value);
    if (this.retainExecutions) this.executions.set(executionArn, execution);
    return execution;
  }

  /** Starts an execution and waits for its end. */
  async run(stateMachine: StateMachine | string, input?: JsonValue, options: StartExecutionOptions = {}): Promise<ExecutionResult & { execution: Execution }> {
    const execution = this.startExecution(stateMachine, input, options);
    return { ...(await execution.done), execution };
  }

  getExecution(executionArn: string): Execution {
    const e = this.executions.get(executionArn);
    if (!e) throw new SfnApiError("ExecutionDoesNotExist", `Execution Does Not Exist: '${executionArn}'`);
    return e;
  }

  listExecutions(stateMachineArn?: string): Execution[] {
    return [...this.executions.values()].filter((e) => !stateMachineArn || e.stateMachineArn === stateMachineArn);
  }

  stopExecution(executionArn: string, error?: string, cause?: string): Execution {
    const e = this.getExecution(executionArn);
    e.stop(error, cause);
    return e;
  }

  /**
   * SendTaskSuccess. As on AWS, a token whose task is closed (answered, timed out, or its execution
   * ended) throws SfnApiError `TaskTimedOut`, and a token this interpreter never issued `InvalidToken`.
   */
  sendTaskSuccess(taskToken: string, output: JsonValue): void {
    this.waiter(taskToken).succeed(output);
    this.closeToken(taskToken);
  }

  /** SendTaskFailure; token errors as for sendTaskSuccess. */
  sendTaskFailure(taskToken: string, error?: string, cause?: string): void {
    this.waiter(taskToken).fail(new StatesError(error ?? "", cause ?? ""));
    this.closeToken(taskToken);
  }

  /** SendTaskHeartbeat; token errors as for sendTaskSuccess. */
  sendTaskHeartbeat(taskToken: string): void {
    this.waiter(taskToken).beat();
  }

  /** The execution waiting on a task token (for local mode's routing), if any. */
  executionOfToken(taskToken: string): string | undefined {
    return this.tokens.get(taskToken)?.executionArn;
  }

  private waiter(taskToken: string): TokenWaiter {
    if (typeof taskToken !== "string" || taskToken.length === 0) throw new SfnApiError("InvalidToken", "Invalid Token: the task token is empty");
    const w = this.tokens.get(taskToken);
    if (w) return w;
    if (this.closedTokens.has(taskToken)) {
      throw new SfnApiError("TaskTimedOut", `Task Timed Out: the task of token '${taskToken}' is closed (already answered, timed out, or its execution ended)`);
    }
    throw new SfnApiError("InvalidToken", `Invalid Token: '${taskToken}' is not a token this interpreter issued (or it closed before the last ${this.closedTokens.capacity} closed tokens)`);
  }

  /** A token's task is closed: it stops routing callbacks and is remembered as closed (TaskTimedOut). */
  private closeToken(taskToken: string): void {
    if (this.tokens.delete(taskToken)) this.closedTokens.add(taskToken);
  }
}

/**
 * The latest `capacity` closed tokens (up to twice as many), so a long-lived interpreter (local mode's
 * --serve, throughput runs) stays bounded: two generations, the older dropped whole when the newer fills.
 */
class RecentTokens {
  private current = new Set<string>();
  private previous = new Set<string>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`rememberedClosedTokens must be a positive integer, got ${capacity}`);
  }

  add(token: string): void {
    this.current.add(token);
    if (this.current.size >= this.capacity) {
      this.previous = this.current;
      this.current = new Set();
    }
  }

  has(token: string): boolean {
    return this.current.has(token) || this.previous.has(token);
  }
}

/** What is wrong with a state machine or execution name by AWS's rule (see `awsNameProblem`), or undefined when it is valid. */
export function nameProblem(name: string): string | undefined {
  return awsNameProblem(name, MAX_AWS_NAME_LENGTH);
}

/** Throws SfnApiError `InvalidName` naming the culprit when `name` breaks AWS's naming rule. */
export function assertValidName(name: string, what: string): void {
  const problem = typeof name === "string" ? nameProblem(name) : "it is not a string";
  if (problem !== undefined) throw new SfnApiError("InvalidName", `Invalid Name: ${what} '${name}': ${problem}`);
}

/** One-shot convenience: compile, run once with a fresh interpreter, return the outcome. */
export async function runStateMachine(
  definition: StateMachineDefinition | string, input: JsonValue = {}, options: InterpreterOptions & StartExecutionOptions = {},
): Promise<ExecutionResult & { execution: Execution }> {
  const interpreter = new Interpreter(options);
  const sm = interpreter.createStateMachine(definition);
  return interpreter.run(sm, input, options);
}
