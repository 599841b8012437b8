/**
 * The Step Functions API over HTTP, AWS JSON 1.0 protocol: `POST /` with `X-Amz-Target:
 * AWSStepFunctions.<Operation>`. Dates go out as epoch seconds and errors as `{ "__type", "message" }`
 * with the x-amzn-errortype header, which is what @aws-sdk/client-sfn and the AWS CLI parse.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeServer, listen, LOCAL_HOST, readBody } from "../http/listen";
import { SfnApiError } from "../../asl/interpreter";
import type { StepFunctionsService } from "./service";

export interface StepFunctionsStandIn {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

const TARGET_PREFIX = "AWSStepFunctions.";

export async function startStepFunctionsApi(service: StepFunctionsService, options: { port?: number } = {}): Promise<StepFunctionsStandIn> {
  const server = createServer((request, response) => {
    handle(service, request, response).catch((error: unknown) => {
      sendError(response, new SfnApiError("InternalFailure", (error as Error).message));
    });
  });
  const port = await listen(server, options.port);
  return { endpoint: `http://${LOCAL_HOST}:${port}`, port, close: () => closeServer(server) };
}

async function handle(service: StepFunctionsService, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const target = String(request.headers["x-amz-target"] ?? "");
  if (request.method !== "POST" || !target.startsWith(TARGET_PREFIX)) {
    return sendError(response, new SfnApiError("UnknownOperationException", "expected POST / with X-Amz-Target: AWSStepFunctions.<Operation>"));
  }
  let body: Record<string, unknown>;
  try {
    const text = await readBody(request);
    const parsed: unknown = text.length ? JSON.parse(text) : {};
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("the body must be a JSON object");
    body = parsed as Record<string, unknown>;
  } catch (error) {
    return sendError(response, new SfnApiError("SerializationException", (error as Error).message));
  }
  try {
    const result = await service.call(target.slice(TARGET_PREFIX.length), body);
    response.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
    response.end(JSON.stringify(result, awsJsonDates));
  } catch (error) {
    if (error instanceof SfnApiError) return sendError(response, error);
    throw error;
  }
}

/** JSON.stringify calls Date#toJSON before the replacer; turn those ISO strings back into epoch seconds. */
function awsJsonDates(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  return original instanceof Date ? original.getTime() / 1000 : value;
}

/** Codes of the service's own faults (HTTP 5xx, which the SDKs retry); every other code is the caller's (400). */
const SERVER_FAULTS = new Set(["InternalFailure", "InternalServerError", "ServiceException", "ServiceUnavailable", "ServiceUnavailableException"]);

function httpStatus(code: string): number {
  return SERVER_FAULTS.has(code) ? 500 : 400;
}

function sendError(response: ServerResponse, error: SfnApiError): void {
  response.writeHead(httpStatus(error.code), { "content-type": "application/x-amz-json-1.0", "x-amzn-errortype": error.code });
  response.end(JSON.stringify({ __type: error.code, message: error.message }));
}
