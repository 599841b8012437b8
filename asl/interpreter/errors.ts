/**
 * Errors as Step Functions names them. Every failure inside an execution is a StatesError, so the
 * interpreter can retry, catch and report it exactly like the service does; anything else that escapes
 * an integration becomes States.TaskFailed rather than crashing the interpreter.
 */

export class StatesError extends Error {
  constructor(
    /** The error name, e.g. `States.Timeout` or `DynamoDB.ConditionalCheckFailedException`. */
    readonly error: string,
    /** Human-readable cause, as it appears in the execution history. */
    override readonly cause: string,
  ) {
    super(`${error}: ${cause}`);
    this.name = "StatesError";
  }
}

/** Errors that no Retry or Catch can handle: they always fail the execution (AWS documents this). */
const TERMINAL_ERRORS = new Set(["States.Runtime", "States.DataLimitExceeded"]);

export function isTerminal(error: string): boolean {
  return TERMINAL_ERRORS.has(error);
}

/** True when a Retrier's or Catcher's ErrorEquals list matches the error name. */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  if (isTerminal(error)) return false;
  for (const name of errorEquals) {
    if (name === error || name === "States.ALL") return true;
    // AWS: States.Timeout is "ran longer than TimeoutSeconds, or failed to send a heartbeat for longer
    // than HeartbeatSeconds", so it also names a heartbeat timeout...
    if (name === "States.Timeout" && error === "States.HeartbeatTimeout") return true;
    // ...and States.TaskFailed, a wildcard for any error except States.Timeout, excludes both.
    if (name === "States.TaskFailed" && error !== "States.Timeout" && error !== "States.HeartbeatTimeout") return true;
  }
  return false;
}

/** Turns anything thrown by user code into a StatesError, keeping a name and message when present. */
export function toStatesError(thrown: unknown): StatesError {
  if (thrown instanceof StatesError) return thrown;
  if (thrown instanceof Error) {
    const named = thrown as Error & { error?: unknown; cause?: unknown; errorType?: unknown };
    const name = typeof named.error === "string" ? named.error
      : typeof named.errorType === "string" ? named.errorType
        : thrown.name && thrown.name !== "Error" ? thrown.name : "States.TaskFailed";
    const cause = typeof named.cause === "string" ? named.cause : thrown.message;
    return new StatesError(name, cause);
  }
  if (thrown && typeof thrown === "object") {
    const o = thrown as { Error?: unknown; Cause?: unknown };
    if (typeof o.Error === "string") return new StatesError(o.Error, typeof o.Cause === "string" ? o.Cause : JSON.stringify(o.Cause ?? ""));
  }
  return new StatesError("States.TaskFailed", typeof thrown === "string" ? thrown : JSON.stringify(thrown ?? null));
}

/** Errors of the Step Functions API itself (SendTaskSuccess with a bad token, unknown execution...). */
export class SfnApiError extends Error {
  constructor(
    /**
     * The API error code, as AWS names it: `InvalidToken`, `TaskTimedOut`, `InvalidName`,
     * `ExecutionAlreadyExists`, `ExecutionDoesNotExist`, `StateMachineDoesNotExist`, `InvalidDefinition`...
     */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}
