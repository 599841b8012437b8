/**
 * The service integrations local executions use, doing what Step Functions does on AWS:
 * - dynamodb:putItem / updateItem / getItem / deleteItem with @aws-sdk/client-dynamodb against dynalite,
 *   failing with `DynamoDB.<Exception>` as the optimized integration does;
 * - events:putEvents into the local bus;
 * - apigateway:invoke over HTTP to the local API Gateway (`ApiEndpoint` is its host:port), failing with
 *   `ApiGateway.<status>` on an error status, as on AWS.
 * Each integration takes the task's resolved Parameters and returns the task result; a failure is a
 * StatesError, the error name and cause the history shows and Retry/Catch match.
 */
import {
  DeleteItemCommand,
  type DeleteItemCommandInput,
  DynamoDBClient,
  DynamoDBServiceException,
  GetItemCommand,
  type GetItemCommandInput,
  PutItemCommand,
  type PutItemCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import type { JsonValue } from "../../asl/definition";
import { StatesError } from "../../asl/interpreter";
import type { LocalEventBus, PutEventsEntry } from "../eventbridge/bus";

/** Runs a task with its resolved Parameters; `signal` aborts it when the task times out or the execution stops. */
export type Integration = (parameters: JsonValue, signal?: AbortSignal) => Promise<JsonValue>;

/** Integrations by the service:action part of their Resource ARN (`dynamodb:putItem`). */
export type IntegrationTable = Record<string, Integration>;

export interface LocalIntegrationOptions {
  dynamoDb: DynamoDBClient;
  bus: LocalEventBus;
  /** Sign apigateway:invoke calls (a placeholder SigV4 header: the local API checks presence only). */
  signApiCalls?: boolean;
}

export function localIntegrations(options: LocalIntegrationOptions): IntegrationTable {
  const client = options.dynamoDb;
  return {
    "dynamodb:putItem": (p) => dynamo(() => client.send(new PutItemCommand(p as unknown as PutItemCommandInput))),
    "dynamodb:updateItem": (p) => dynamo(() => client.send(new UpdateItemCommand(p as unknown as UpdateItemCommandInput))),
    "dynamodb:getItem": (p) => dynamo(() => client.send(new GetItemCommand(p as unknown as GetItemCommandInput))),
    "dynamodb:deleteItem": (p) => dynamo(() => client.send(new DeleteItemCommand(p as unknown as DeleteItemCommandInput))),
    "events:putEvents": async (parameters) => putEvents(options.bus, parameters),
    "apigateway:invoke": async (parameters, signal) => invokeApi(parameters, options.signApiCalls ?? true, signal),
  };
}

async function dynamo(call: () => Promise<object>): Promise<JsonValue> {
  try {
    return withoutMetadata(await call());
  } catch (error) {
    if (error instanceof DynamoDBServiceException) throw new StatesError(`DynamoDB.${error.name}`, error.message);
    throw new StatesError("DynamoDB.AmazonDynamoDBException", (error as Error).message);
  }
}

function withoutMetadata(output: object): JsonValue {
  const { $metadata: _metadata, ...rest } = output as { $metadata?: unknown };
  return JSON.parse(JSON.stringify(rest)) as JsonValue;
}

async function putEvents(bus: LocalEventBus, parameters: JsonValue): Promise<JsonValue> {
  const entries = (parameters as { Entries?: unknown }).Entries;
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new StatesError("EventBridge.ValidationException", "Entries must be a non-empty array");
  }
  const result = await bus.putEvents(entries as PutEventsEntry[]);
  // Step Functions fails the task when any entry failed (EventBridge.FailedEntry), keeping the result in the cause.
  if (result.FailedEntryCount > 0) throw new StatesError("EventBridge.FailedEntry", JSON.stringify(result));
  return JSON.parse(JSON.stringify(result)) as JsonValue;
}

interface ApiInvokeParameters {
  ApiEndpoint?: string;
  Method?: string;
  Stage?: string;
  Path?: string;
  Headers?: Record<string, string[]>;
  QueryParameters?: Record<string, string[]>;
  RequestBody?: JsonValue;
  AuthType?: "NO_AUTH" | "IAM_ROLE" | "RESOURCE_POLICY";
}

async function invokeApi(parameters: JsonValue, sign: boolean, signal?: AbortSignal): Promise<JsonValue> {
  const p = parameters as ApiInvokeParameters;
  if (!p.ApiEndpoint || !p.Method) throw new StatesError("States.Runtime", "apigateway:invoke needs ApiEndpoint and Method");
  const path = [p.Stage, p.Path].filter(Boolean).map((s) => String(s).replace(/^\/+|\/+$/g, "")).join("/");
  const base = /^https?:\/\//.test(p.ApiEndpoint) ? p.ApiEndpoint : `http://${p.ApiEndpoint}`;
  const url = new URL(`${base.replace(/\/+$/, "")}/${path}`);
  for (const [name, values] of Object.entries(p.QueryParameters ?? {})) for (const v of values) url.searchParams.append(name, v);
  const headers = new Headers();
  for (const [name, values] of Object.entries(p.Headers ?? {})) for (const v of values) headers.append(name, v);
  if (p.RequestBody !== undefined) headers.set("content-type", "application/json");
  if (sign && p.AuthType === "IAM_ROLE") {
    headers.set("authorization", "AWS4-HMAC-SHA256 Credential=LOCAL/local/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=local");
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: p.Method,
      headers,
      signal,
      body: p.RequestBody === undefined ? undefined : typeof p.RequestBody === "string" ? p.RequestBody : JSON.stringify(p.RequestBody),
    });
  } catch (error) {
    throw new StatesError("ApiGateway.RequestFailed", `${p.Method} ${url.href}: ${(error as Error).message}`);
  }
  const text = await response.text();
  let body: JsonValue = text;
  if ((response.headers.get("content-type") ?? "").includes("json")) {
    try {
      body = JSON.parse(text) as JsonValue;
    } catch {
      body = text;
    }
  }
  const result: JsonValue = {
    Headers: Object.fromEntries([...response.headers.entries()].map(([k, v]) => [k, [v]])),
    ResponseBody: body,
    StatusCode: response.status,
    StatusText: response.statusText,
  };
  if (response.status >= 400) throw new StatesError(`ApiGateway.${response.status}`, JSON.stringify(result));
  return result;
}
