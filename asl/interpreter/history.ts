/**
 * Execution history shaped like GetExecutionHistory: each event has an id, the id of the event before
 * it on the same branch, a timestamp, a type and `<camelCaseType>EventDetails`. Payloads are kept as
 * values and serialised only when the history is read, so recording costs little on the hot path.
 */
import type { JsonValue } from "../definition";

export type HistoryEventType =
  | "ExecutionStarted" | "ExecutionSucceeded" | "ExecutionFailed" | "ExecutionAborted" | "ExecutionTimedOut"
  | `${"Task" | "Choice" | "Pass" | "Wait" | "Succeed" | "Fail" | "Parallel" | "Map"}State${"Entered" | "Exited"}`
  | "TaskScheduled" | "TaskStarted" | "TaskSubmitted" | "TaskSucceeded" | "TaskFailed" | "TaskTimedOut"
  | "LambdaFunctionScheduled" | "LambdaFunctionStarted" | "LambdaFunctionSucceeded" | "LambdaFunctionFailed" | "LambdaFunctionTimedOut"
  | "ParallelStateStarted" | "ParallelStateSucceeded" | "ParallelStateFailed" | "ParallelStateAborted"
  | "MapStateStarted" | "MapStateSucceeded" | "MapStateFailed" | "MapStateAborted"
  | "MapIterationStarted" | "MapIterationSucceeded" | "MapIterationFailed" | "MapIterationAborted";

/** Details as recorded: JSON payloads still as values (`input`, `output`, `parameters`). */
export type RawDetails = Record<string, JsonValue | undefined>;

export interface RawEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: HistoryEventType;
  details?: RawDetails;
}

/** One event as GetExecutionHistory returns it (payloads as JSON strings, timestamps as Dates). */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: Date;
  type: HistoryEventType;
  [detailsKey: `${string}EventDetails`]: Record<string, unknown>;
}

const PAYLOAD_FIELDS = new Set(["input", "output", "parameters"]);

function detailsKey(type: HistoryEventType): string {
  if (type.endsWith("StateEntered")) return "stateEnteredEventDetails";
  if (type.endsWith("StateExited")) return "stateExitedEventDetails";
  if (type === "MapStateStarted") return "mapStateStartedEventDetails";
  if (type.startsWith("MapIteration")) return "mapIterationStartedEventDetails".replace("Started", type.slice("MapIteration".length));
  return `${type[0]!.toLowerCase()}${type.slice(1)}EventDetails`;
}

export function renderEvent(event: RawEvent): HistoryEvent {
  const out = { id: event.id, previousEventId: event.previousEventId, timestamp: new Date(event.timestamp), type: event.type } as HistoryEvent;
  if (event.details) {
    const details: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(event.details)) {
      if (v === undefined) continue;
      if (PAYLOAD_FIELDS.has(k)) {
        details[k] = JSON.stringify(v);
        details[`${k}Details`] = { truncated: false };
      } else if (k === "assignedVariables" && v && typeof v === "object" && !Array.isArray(v)) {
        details[k] = Object.fromEntries(Object.entries(v).map(([name, value]) => [name, JSON.stringify(value)]));
      } else {
        details[k] = v;
      }
    }
    out[detailsKey(event.type) as `${string}EventDetails`] = details;
  }
  return out;
}
