/**
 * How a Task reaches the outside world: handlers chosen by Resource ARN, supplied by the caller. The
 * interpreter never talks to AWS itself; in-memory handlers ship in ./memory, and local mode can plug in
 * real HTTP or DynamoDB calls because every handler may return a promise.
 */
import type { JsonValue } from "../definition";
import { StatesError } from "./errors";

export type IntegrationPattern = "request-response" | "sync" | "waitForTaskToken";

export interface TaskRequest {
  /** The Resource field exactly as written, e.g. `arn:aws:states:::apigateway:invoke.waitForTaskToken`. */
  readonly resource: string;
  /** The Resource without its pattern suffix, e.g. `arn:aws:states:::apigateway:invoke`. */
  readonly integration: string;
  readonly pattern: IntegrationPattern;
  /** The effective parameters: Parameters (JSONPath) or Arguments (JSONata), else the state input. */
  readonly input: JsonValue;
  readonly stateName: string;
  /** 0 on the first attempt, then the retry count. */
  readonly attempt: number;
  /** Only for `.waitForTaskToken`: the token the callback must send back. */
  readonly taskToken?: string;
  readonly executionArn: string;
  /** The context object (`$$`) of this state. */
  readonly context: JsonValue;
  readonly credentials?: JsonValue;
  /** Aborted when the task times out, the execution stops, or a sibling branch fails. */
  readonly signal: AbortSignal;
  /** Callbacks for handlers that simulate a service answering a task token. */
  readonly callbacks: TaskCallbacks;
}

export interface TaskCallbacks {
  sendTaskSuccess(taskToken: string, output: JsonValue): void;
  sendTaskFailure(taskToken: string, error?: string, cause?: string): void;
  sendTaskHeartbeat(taskToken: string): void;
}

/**
 * Runs a Task. Return (or resolve) the service's response; throw to fail the task: a StatesError or an
 * Error whose `name` is the error name (e.g. `DynamoDB.ConditionalCheckFailedException`). For
 * `.waitForTaskToken` resources the response is only recorded: the task ends with the callback.
 */
export type TaskHandler = (request: TaskRequest) => JsonValue | void | Promise<JsonValue | void>;

/**
 * Handlers by resource. Keys match, in order: the exact Resource; the Resource without its pattern
 * suffix; the longest key ending in `*` that prefixes the Resource (e.g. `arn:aws:states:::aws-sdk:*`,
 * `arn:aws:lambda:*`); and `*` for anything.
 */
export type Integrations = Readonly<Record<string, TaskHandler>>;

export function parseResource(resource: string): { integration: string; pattern: IntegrationPattern } {
  if (resource.endsWith(".waitForTaskToken")) return { integration: resource.slice(0, -".waitForTaskToken".length), pattern: "waitForTaskToken" };
  const sync = /\.sync(:\d+)?$/.exec(resource);
  if (sync) return { integration: resource.slice(0, sync.index), pattern: "sync" };
  return { integration: resource, pattern: "request-response" };
}

/** Service and action for history events: `arn:aws:states:::dynamodb:putItem` → dynamodb / putItem. */
export function describeResource(resource: string): { resourceType: string; resource: string; isLambda: boolean } {
  const lambda = /^arn:aws[\w-]*:lambda:/.test(resource);
  if (lambda) return { resourceType: "lambda", resource, isLambda: true };
  const m = /^arn:aws[\w-]*:states:::(aws-sdk:[^:]+|[^:]+):(.+)$/.exec(resource);
  if (m) return { resourceType: m[1]!, resource: m[2]!, isLambda: false };
  return { resourceType: "activity", resource, isLambda: false };
}

export function resolveHandler(integrations: Integrations, resource: string, integration: string): TaskHandler | undefined {
  const exact = integrations[resource] ?? integrations[integration];
  if (exact) return exact;
  let best: TaskHandler | undefined;
  let bestLength = -1;
  for (const key in integrations) {
    if (key.endsWith("*") && resource.startsWith(key.slice(0, -1)) && key.length > bestLength) {
      best = integrations[key];
      bestLength = key.length;
    }
  }
  return best;
}

export function noHandler(resource: string, stateName: string): StatesError {
  return new StatesError("States.Runtime", `No integration handles the resource '${resource}' of state '${stateName}': pass a handler for it (or a '*' fallback) in the interpreter's integrations`);
}

/** One mocked answer, in the spirit of Step Functions Local's MockedResponses. */
export type MockResponse = { Return: JsonValue } | { Throw: { Error: string; Cause?: string } };

/**
 * Mocked answers by state name: the Nth invocation of a state (retries included) gets the Nth response,
 * and the last response repeats. A mock answers a `.waitForTaskToken` task directly, as SFN Local does.
 */
export type StateMocks = Readonly<Record<string, readonly MockResponse[]>>;

export function mockAnswer(mocks: StateMocks | undefined, stateName: string, invocation: number): MockResponse | undefined {
  const responses = mocks?.[stateName];
  if (!responses || responses.length === 0) return undefined;
  return responses[Math.min(invocation, responses.length - 1)];
}

/** Reads the items of a distributed Map's ItemReader (e.g. from S3); `input` is its Parameters/Arguments. */
export type ItemReaderHandler = (request: { resource: string; input: JsonValue; readerConfig: JsonValue; stateName: string }) => JsonValue[] | Promise<JsonValue[]>;
