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
    const env: IntrinsicEnv = { random: options.random ?? Math.random, uuid: options.uuid ?? (() => crypto.randomUUID()) };
    const callbacks: TaskCallbacks = {
      sendTaskSuccess: (t, o) => this.sendTaskSuccess(t, o),
      sendTaskFailure: (t, e, c) => this.sendTaskFailure(t, e, c),
      sendTaskHeartbeat: (t) => this.sendTaskHeartbeat(t),
    };
    this.host = {
      clock: this.clock, env, maxSteps: options.maxSteps ?? 25_000, callbacks,
      registerToken: (token, waiter) => this.tokens.set(token, waiter),
      releaseToken: (token) => this.tokens.delete(token),
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
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) throw new SfnApiError("InvalidName", `Invalid execution name '${name}': 1 to 80 letters, digits, '-' or '_'`);
    const executionArn = `arn:aws:states:${this.region}:${this.accountId}:execution:${sm.name}:${name}`;
    if (this.executions.has(executionArn)) throw new SfnApiError("ExecutionAlreadyExists", `Execution Already Exists: '${executionArn}'`);
    const mocks = options.mocks ?? sm.mocks;
    const execution = new Execution(this.host, {
      executionArn, name, stateMachineArn: sm.stateMachineArn, stateMachineName: sm.name, roleArn: sm.roleArn,
      definition: sm.definition, machine: sm.machine,
      integrations: options.integrations ? { ...sm.integrations, ...options.integrations } : sm.integrations,
      ...(mocks ? { mocks } : {}), ...(this.itemReader ? { itemReader: this.itemReader } : {}),
      recordHistory: this.recordHistory, contextStateMachine: sm.contextObject,
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

  /** SendTaskSuccess. Unknown or closed tokens throw SfnApiError `TaskDoesNotExist`. */
  sendTaskSuccess(taskToken: string, output: JsonValue): void {
    this.waiter(taskToken).succeed(output);
    this.tokens.delete(taskToken);
  }

  sendTaskFailure(taskToken: string, error?: string, cause?: string): void {
    this.waiter(taskToken).fail(new StatesError(error ?? "", cause ?? ""));
    this.tokens.delete(taskToken);
  }

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
    if (!w) throw new SfnApiError("TaskDoesNotExist", `Task Does Not Exist: no task is waiting on token '${taskToken}' (unknown, already answered, timed out or its execution ended)`);
    return w;
  }
}

/** One-shot convenience: compile, run once with a fresh interpreter, return the outcome. */
export async function runStateMachine(
  definition: StateMachineDefinition | string, input: JsonValue = {}, options: InterpreterOptions & StartExecutionOptions = {},
): Promise<ExecutionResult & { execution: Execution }> {
  const interpreter = new Interpreter(options);
  const sm = interpreter.createStateMachine(definition);
  return interpreter.run(sm, input, options);
}
