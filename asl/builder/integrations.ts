/**
 * Service integration helpers. Each returns the Task's resource and payload, and the IAM permissions the
 * call needs, so `StateMachine.permissions()` can list what the role must allow.
 *
 * Payload values are templates: in a JSONPath task use `path(...)`/`context.*`/`intrinsic.*` for data,
 * in a JSONata task use `{% ... %}` strings. The targets (table, bus, endpoint, function) are plain
 * strings because the permission needs them; placeholders and Terraform tokens are fine.
 */
import type { IntegrationPermission } from "./permissions";
import type { PayloadObject, PayloadValue } from "./expressions";

export interface ServiceIntegration {
  readonly resource: string;
  readonly payload: PayloadObject;
  readonly permissions: readonly IntegrationPermission[];
  /** `.waitForTaskToken`: the task waits for SendTaskSuccess/Failure; its payload must carry the token. */
  readonly waitsForTaskToken: boolean;
}

export interface CallbackOption {
  /** Use the `.waitForTaskToken` pattern. Bound the wait with the Task's TimeoutSeconds. */
  waitForTaskToken?: boolean;
}

const ARN_PREFIX = "arn:aws:states:::";

function integration(service: string, api: string, payload: PayloadObject, permissions: IntegrationPermission[], callback?: CallbackOption): ServiceIntegration {
  const waitsForTaskToken = callback?.waitForTaskToken === true;
  return {
    resource: `${ARN_PREFIX}${service}:${api}${waitsForTaskToken ? ".waitForTaskToken" : ""}`,
    payload,
    permissions,
    waitsForTaskToken,
  };
}

type Rest = { [key: string]: PayloadValue | undefined };

function compact(object: Rest): PayloadObject {
  const out: PayloadObject = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined) out[key] = value;
  return out;
}

export interface DynamoDbTableCall extends Rest {
  TableName: string;
}

function dynamoCall(api: "putItem" | "getItem" | "updateItem" | "deleteItem", action: string, params: DynamoDbTableCall): ServiceIntegration {
  return integration("dynamodb", api, compact(params), [{ service: "dynamodb", actions: [`dynamodb:${action}`], target: params.TableName }]);
}

export const dynamodb = {
  putItem: (params: DynamoDbTableCall & { Item: PayloadObject; ConditionExpression?: string }) => dynamoCall("putItem", "PutItem", params),
  getItem: (params: DynamoDbTableCall & { Key: PayloadObject }) => dynamoCall("getItem", "GetItem", params),
  updateItem: (params: DynamoDbTableCall & { Key: PayloadObject; UpdateExpression: string; ConditionExpression?: string }) =>
    dynamoCall("updateItem", "UpdateItem", params),
  deleteItem: (params: DynamoDbTableCall & { Key: PayloadObject; ConditionExpression?: string }) => dynamoCall("deleteItem", "DeleteItem", params),
};

export interface EventEntry extends Rest {
  Source: PayloadValue;
  DetailType: PayloadValue;
  Detail: PayloadValue;
  /** The bus name or ARN; the default bus when omitted. */
  EventBusName?: string;
}

export const eventBridge = {
  putEvents: (params: { Entries: EventEntry[] }): ServiceIntegration => {
    if (params.Entries.length === 0) throw new Error("eventBridge.putEvents: Entries is empty");
    const buses = [...new Set(params.Entries.map((entry) => entry.EventBusName ?? "default"))];
    return integration(
      "events",
      "putEvents",
      { Entries: params.Entries.map(compact) },
      buses.map((bus) => ({ service: "events", actions: ["events:PutEvents"], target: bus })),
    );
  },
};

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS";

export interface ApiGatewayInvokeParams extends Rest {
  /** The API's host, e.g. `abc123.execute-api.eu-west-1.amazonaws.com`. */
  ApiEndpoint: string;
  Method: HttpMethod;
  Stage?: PayloadValue;
  Path?: PayloadValue;
  Headers?: PayloadValue;
  QueryParameters?: PayloadValue;
  RequestBody?: PayloadValue;
  AuthType?: "NO_AUTH" | "IAM_ROLE" | "RESOURCE_POLICY";
  AllowNullValues?: boolean;
}

export const apiGateway = {
  /** `apigateway:invoke`; the role needs execute-api:Invoke on the API (the stacks map the endpoint to its ARN). */
  invoke: (params: ApiGatewayInvokeParams, options?: CallbackOption): ServiceIntegration =>
    integration("apigateway", "invoke", compact(params), [{ service: "apigateway", actions: ["execute-api:Invoke"], target: params.ApiEndpoint }], options),
};

export interface LambdaInvokeParams extends Rest {
  /** Function name, ARN or partial ARN, optionally with `:alias`. */
  FunctionName: string;
  Payload?: PayloadValue;
  InvocationType?: "RequestResponse" | "Event" | "DryRun";
  Qualifier?: string;
  ClientContext?: string;
}

export const lambda = {
  invoke: (params: LambdaInvokeParams, options?: CallbackOption): ServiceIntegration =>
    integration("lambda", "invoke", compact(params), [{ service: "lambda", actions: ["lambda:InvokeFunction"], target: params.FunctionName }], options),
};

export interface AwsSdkOptions extends CallbackOption {
  /** IAM actions when they differ from `<service>:<Action>` (e.g. the `sfn` SDK service is `states:` in IAM). */
  iamActions?: string[];
  /** The resource the call acts on; "*" when only known at run time. */
  target?: string;
}

/** Any AWS SDK call: `awsSdk("s3", "getObject", { Bucket, Key }, { target: bucketName })`. */
export function awsSdk(service: string, action: string, params: PayloadObject, options: AwsSdkOptions = {}): ServiceIntegration {
  if (!/^[a-z0-9]+$/.test(service)) throw new Error(`awsSdk: service "${service}" must be the lower-case SDK service name, e.g. "s3"`);
  if (!/^[a-z][A-Za-z0-9]*$/.test(action)) throw new Error(`awsSdk: action "${action}" must be the camelCase API name, e.g. "getObject"`);
  const actions = options.iamActions ?? [`${service}:${action[0]!.toUpperCase()}${action.slice(1)}`];
  return integration(`aws-sdk:${service}`, action, params, [{ service, actions, target: options.target ?? "*" }], options);
}
