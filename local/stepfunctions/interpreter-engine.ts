/**
 * The ASL interpreter as the local Step Functions API's engine: real time (callbacks come from real HTTP
 * handlers) and local integrations by Resource ARN. Names, StartExecution's idempotency and the callback
 * errors (InvalidToken for a token never issued, TaskTimedOut for a closed task) are the interpreter's,
 * which behaves as AWS does, and so are the API errors (asl/interpreter's SfnApiError); this adapter only
 * translates the shapes.
 */
import type { JsonValue, StateMachineDefinition } from "../../asl/definition";
import {
  Interpreter,
  RealClock,
  type Execution,
  type Integrations,
  type StateMachine,
  type TaskHandler,
} from "../../asl/interpreter";
import type { EngineExecution, ExecutionContext, ExecutionEngine } from "./engine";
import type { IntegrationTable } from "./integrations";

export interface InterpreterEngineOptions {
  integrations: IntegrationTable;
  region: string;
  accountId: string;
}

export function interpreterEngine(options: InterpreterEngineOptions): ExecutionEngine {
  const integrations: Record<string, TaskHandler> = {};
  for (const [action, integration] of Object.entries(options.integrations)) {
    integrations[`arn:aws:states:::${action}`] = (request) => integration(request.input, request.signal);
  }
  const interpreter = new Interpreter({
    clock: new RealClock(),
    integrations: integrations as Integrations,
    region: options.region,
    accountId: options.accountId,
  });
  const machines = new Map<string, StateMachine>();
  const running = new Set<Execution>();
  // An idempotent StartExecution returns the interpreter's existing execution: answer with its record.
  const records = new WeakMap<Execution, EngineExecution>();

  const record = (execution: Execution): EngineExecution => {
    const known = records.get(execution);
    if (known) return known;
    running.add(execution);
    const finished = execution.done.then(() => {
      running.delete(execution);
    });
    const created: EngineExecution = {
      executionArn: execution.executionArn,
      name: execution.name,
      startDate: execution.startDate,
      input: execution.inputText,
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
    records.set(execution, created);
    return created;
  };

  return {
    start(definition: StateMachineDefinition, input: string, context: ExecutionContext): EngineExecution {
      let machine = machines.get(context.stateMachineArn);
      if (!machine) {
        const name = context.stateMachineArn.split(":").pop() ?? "StateMachine";
        machine = interpreter.createStateMachine(definition, { name });
        machines.set(context.stateMachineArn, machine);
      }
      const sm = machine;
      const options = { inputIsJsonText: true, ...(context.name !== undefined ? { name: context.name } : {}) };
      return record(interpreter.startExecution(sm, input, options));
    },
    sendTaskSuccess: (taskToken, output) => interpreter.sendTaskSuccess(taskToken, output as JsonValue),
    sendTaskFailure: (taskToken, error, cause) => interpreter.sendTaskFailure(taskToken, error, cause),
    sendTaskHeartbeat: (taskToken) => interpreter.sendTaskHeartbeat(taskToken),
    async shutdown() {
      const ending = [...running].map((execution) => {
        execution.stop("Local.Shutdown", "local mode stopped");
        return execution.done;
      });
      await Promise.all(ending);
    },
  };
}
