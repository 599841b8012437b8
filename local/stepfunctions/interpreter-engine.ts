/**
 * The ASL interpreter as the local Step Functions API's engine: real time (callbacks come from real HTTP
 * handlers), local integrations by Resource ARN, and the callback errors AWS gives: a token that was
 * never issued is `InvalidToken`; one whose task closed, timed out or whose execution ended is
 * `TaskTimedOut` (the interpreter only knows "no task waits on it", so issued tokens are tracked here).
 */
import type { JsonValue, StateMachineDefinition } from "../../asl/definition";
import {
  Interpreter,
  RealClock,
  SfnApiError as InterpreterApiError,
  StatesError,
  type Execution,
  type Integrations,
  type StateMachine,
  type TaskHandler,
} from "../../asl/interpreter";
import { SfnApiError } from "./api-error";
import type { EngineExecution, ExecutionContext, ExecutionEngine } from "./engine";
import { IntegrationError, type IntegrationTable } from "./integrations";

export interface InterpreterEngineOptions {
  integrations: IntegrationTable;
  region: string;
  accountId: string;
}

/** Remembered issued tokens; old ones are forgotten first so a long `--serve` session stays bounded. */
const MAX_REMEMBERED_TOKENS = 100_000;

export function interpreterEngine(options: InterpreterEngineOptions): ExecutionEngine {
  const issuedTokens = new Set<string>();
  const integrations: Record<string, TaskHandler> = {};
  for (const [action, integration] of Object.entries(options.integrations)) {
    integrations[`arn:aws:states:::${action}`] = async (request) => {
      if (request.taskToken) {
        issuedTokens.add(request.taskToken);
        if (issuedTokens.size > MAX_REMEMBERED_TOKENS) issuedTokens.delete(issuedTokens.values().next().value as string);
      }
      try {
        return await integration(request.input, request.signal);
      } catch (error) {
        if (error instanceof IntegrationError) throw new StatesError(error.error, error.cause);
        throw error;
      }
    };
  }
  const interpreter = new Interpreter({
    clock: new RealClock(),
    integrations: integrations as Integrations,
    region: options.region,
    accountId: options.accountId,
  });
  const machines = new Map<string, StateMachine>();
  const running = new Set<Execution>();

  const callback = (taskToken: string, send: () => void): void => {
    try {
      send();
    } catch (error) {
      if (!(error instanceof InterpreterApiError)) throw error;
      if (error.code === "TaskDoesNotExist") {
        if (issuedTokens.has(taskToken)) throw new SfnApiError("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
        throw new SfnApiError("InvalidToken", "Invalid Token: 'Invalid token'");
      }
      throw new SfnApiError(error.code, error.message);
    }
  };

  return {
    start(definition: StateMachineDefinition, input: unknown, context: ExecutionContext): EngineExecution {
      let machine = machines.get(context.stateMachineArn);
      if (!machine) {
        const name = context.stateMachineArn.split(":").pop() ?? "StateMachine";
        machine = translate(() => interpreter.createStateMachine(definition, { name }));
        machines.set(context.stateMachineArn, machine);
      }
      const sm = machine;
      const execution = translate(() => interpreter.startExecution(sm, input as JsonValue, { name: context.name }));
      running.add(execution);
      const finished = execution.done.then(() => {
        running.delete(execution);
      });
      return {
        get status() {
          return execution.status;
        },
        get output() {
          return execution.output === undefined ? undefined : JSON.stringify(execution.output);
        },
        get error() {
          return execution.error;
        },
        get cause() {
          return execution.cause;
        },
        get stopDate() {
          return execution.stopDate;
        },
        finished,
        history: () => execution.history() as unknown as ReturnType<EngineExecution["history"]>,
        stop: (error?: string, cause?: string) => execution.stop(error, cause),
      };
    },
    sendTaskSuccess: (taskToken, output) => callback(taskToken, () => interpreter.sendTaskSuccess(taskToken, output as JsonValue)),
    sendTaskFailure: (taskToken, error, cause) => callback(taskToken, () => interpreter.sendTaskFailure(taskToken, error, cause)),
    sendTaskHeartbeat: (taskToken) => callback(taskToken, () => interpreter.sendTaskHeartbeat(taskToken)),
    async shutdown() {
      const ending = [...running].map((execution) => {
        execution.stop("Local.Shutdown", "local mode stopped");
        return execution.done;
      });
      await Promise.all(ending);
    },
  };
}

/** Interpreter API errors become the service's, with the same code. */
function translate<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof InterpreterApiError) throw new SfnApiError(error.code, error.message);
    throw error;
  }
}
