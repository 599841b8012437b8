/**
 * What the local Step Functions API needs from an execution engine. The service (names, ARNs,
 * idempotency, listing, paging) is engine-agnostic; interpreter-engine.ts adapts the ASL interpreter.
 */
import type { StateMachineDefinition } from "../../asl/definition";

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

/** A history event as GetExecutionHistory returns it (details under their `<type>EventDetails` key). */
export interface HistoryEventRecord {
  timestamp: Date;
  type: string;
  id: number;
  previousEventId?: number;
  [details: string]: unknown;
}

export interface EngineExecution {
  readonly status: ExecutionStatus;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly stopDate?: Date;
  /** Settles when the execution closes, whatever its status. */
  readonly finished: Promise<void>;
  history(): HistoryEventRecord[];
  stop(error?: string, cause?: string): void;
}

export interface ExecutionContext {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  startTime: Date;
}

/** Errors the callbacks raise, named as the Step Functions API names them. */
export type TaskCallbackErrorCode = "TaskDoesNotExist" | "TaskTimedOut" | "InvalidToken" | "InvalidOutput";

export interface ExecutionEngine {
  start(definition: StateMachineDefinition, input: unknown, context: ExecutionContext): EngineExecution;
  sendTaskSuccess(taskToken: string, output: unknown): void;
  sendTaskFailure(taskToken: string, error?: string, cause?: string): void;
  sendTaskHeartbeat(taskToken: string): void;
  /** Aborts every running execution and releases timers (called when the stand-ins stop). */
  shutdown(): Promise<void>;
}
