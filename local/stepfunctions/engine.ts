/**
 * What the local Step Functions API needs from an execution engine. The engine owns what AWS decides per
 * execution (names, ARNs, StartExecution's idempotency, task tokens and their errors); the service
 * (state machines, listing, paging, the wire format) is engine-agnostic. interpreter-engine.ts adapts
 * the ASL interpreter.
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
  readonly executionArn: string;
  readonly name: string;
  readonly startDate: Date;
  /** The input as StartExecution got it (JSON text). */
  readonly input: string;
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
  stateMachineArn: string;
  /** The execution name; the engine makes one up when absent. */
  name?: string;
}

/**
 * Errors are SfnApiErrors with AWS's codes: InvalidName, InvalidExecutionInput, ExecutionAlreadyExists
 * from `start`; InvalidToken (never issued) and TaskTimedOut (task closed) from the callbacks.
 */
export interface ExecutionEngine {
  /**
   * StartExecution with the input as JSON text. Idempotent as on AWS: the same name and input as a
   * running execution returns that execution (same ARN and start date).
   */
  start(definition: StateMachineDefinition, input: string, context: ExecutionContext): EngineExecution;
  sendTaskSuccess(taskToken: string, output: unknown): void;
  sendTaskFailure(taskToken: string, error?: string, cause?: string): void;
  sendTaskHeartbeat(taskToken: string): void;
  /** Aborts every running execution and releases timers (called when the stand-ins stop). */
  shutdown(): Promise<void>;
}
