/**
 * API Gateway stand-in: a REST API stage served over HTTP whose routes call Lambda handlers in-process
 * with proxy-integration events (`APIGatewayProxyEvent`) and turn their results into HTTP responses.
 * With `requireSignature`, unsigned requests get API Gateway's 403 "Missing Authentication Token", as
 * routes with AWS_IAM authorization do (the signature itself is not verified locally).
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { lambdaContext } from "../lambda/context";
import { closeServer, listen, LOCAL_HOST, readBody } from "../http/listen";

export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface ApiRoute {
  method: string;
  /** Resource path relative to the stage, e.g. `/checkout/payment`. */
  path: string;
  functionName: string;
  handler: ProxyHandler;
}

export interface ApiGatewayOptions {
  stage: string;
  routes: ApiRoute[];
  port?: number;
  requireSignature?: boolean;
  /** Told about handler crashes (API Gateway answers 502 and logs them in the function's logs). */
  onHandlerError?: (route: ApiRoute, error: unknown) => void;
}

export interface ApiGatewayStandIn {
  /** `host:port`, the form the state machine's ApiEndpoint takes. */
  host: string;
  /** `http://host:port/<stage>`: prefix of every route's URL. */
  stageUrl: string;
  port: number;
  close(): Promise<void>;
}

export async function startApiGateway(options: ApiGatewayOptions): Promise<ApiGatewayStandIn> {
  const server = createServer((request, response) => {
    serve(options, request, response).catch((error: unknown) => {
      send(response, 500, { message: `local API Gateway: ${(error as Error).message}` });
    });
  });
  const port = await listen(server, options.port);
  const host = `${LOCAL_HOST}:${port}`;
  return { host, stageUrl: `http://${host}/${options.stage}`, port, close: () => closeServer(server) };
}

async function serve(options: ApiGatewayOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? "/", "http://localhost");
  const prefix = `/${options.stage}`;
  const resourcePath = url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : undefined;
  const route = options.routes.find((r) => r.path === resourcePath && r.method === request.method);
  if (!route) {
    // What API Gateway answers for an unknown resource or method, whatever the authorization.
    return send(response, 403, { message: "Missing Authentication Token" });
  }
  if (options.requireSignature && !String(request.headers.authorization ?? "").startsWith("AWS4-HMAC-SHA256")) {
    return send(response, 403, { message: "Missing Authentication Token" });
  }
  const body = await readBody(request);
  const event = proxyEvent(options.stage, route, request, url, body);
  let result: APIGatewayProxyResult;
  try {
    result = await route.handler(event, lambdaContext(route.functionName));
  } catch (error) {
    options.onHandlerError?.(route, error);
    return send(response, 502, { message: "Internal server error" });
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  response.writeHead(result.statusCode, { "content-type": "application/json", ...headers });
  response.end(result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body);
}

function proxyEvent(stage: string, route: ApiRoute, request: IncomingMessage, url: URL, body: string): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    headers[name] = values.join(",");
    multiValueHeaders[name] = values;
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) {
    query[name] = value;
    (multiQuery[name] ??= []).push(value);
  }
  const hasQuery = Object.keys(query).length > 0;
  const now = new Date();
  return {
    resource: route.path,
    path: route.path,
    httpMethod: route.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: null,
    stageVariables: null,
    body: body.length > 0 ? body : null,
    isBase64Encoded: false,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      authorizer: null,
      protocol: `HTTP/${request.httpVersion}`,
      httpMethod: route.method,
      path: `/${stage}${route.path}`,
      stage,
      requestId: randomUUID(),
      requestTimeEpoch: now.getTime(),
      resourceId: "local",
      resourcePath: route.path,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.socket.remoteAddress ?? LOCAL_HOST,
        user: null,
        userAgent: headers["user-agent"] ?? null,
        userArn: null,
      },
    },
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}
