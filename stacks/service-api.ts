/**
 * The REST API of the simulated third parties: POST on the payment and shipping routes, each a Lambda
 * proxy integration that only IAM-signed callers reach (the state machine signs with its role; there is
 * no route with authorization NONE). One stage with JSON access logs, execution logs at ERROR, X-Ray and
 * throttling; each function may be invoked by this API's route only.
 */
import type { ITerraformDependable } from "cdktf";
import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import type { Construct } from "constructs";
import { Fn, ApiGatewayDeployment, ApiGatewayIntegration, ApiGatewayMethod, ApiGatewayMethodSettings, ApiGatewayResource, ApiGatewayRestApi, ApiGatewayStage, CloudwatchLogGroup, LambdaPermission } from "./cdktf-modules";

export const API_STAGE = "v1";

/** Steady rate and burst per stage: ample for a checkout demo, a ceiling on a runaway caller's cost. */
export const API_THROTTLING = { rateLimit: 50, burstLimit: 100 } as const;

/** Fields of each access log line (one JSON object per request; no body, no caller identity details). */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  httpMethod: "$context.httpMethod",
  resourcePath: "$context.resourcePath",
  status: "$context.status",
  responseLatency: "$context.responseLatency",
  integrationStatus: "$context.integrationStatus",
  integrationError: "$context.integration.error",
  errorMessage: "$context.error.message",
  xrayTraceId: "$context.xrayTraceId",
});

export interface ServiceRoute {
  /** Path relative to the stage, e.g. /checkout/payment. */
  path: string;
  fn: LambdaFunction;
}

export interface ServiceApi {
  api: ApiGatewayRestApi;
  stage: ApiGatewayStage;
  /** `arn:...:execute-api:<region>:<account>:<api-id>/<stage>/POST<path>`: what invoking a route needs. */
  routeArn(path: string): string;
}

export function addServiceApi(
  scope: Construct,
  props: { namePrefix: string; logRetentionDays: number; routes: ServiceRoute[] },
): ServiceApi {
  const api = new ApiGatewayRestApi(scope, "services-api", {
    name: `${props.namePrefix}-services`,
    description: "Simulated payment and shipping services of the checkout (IAM-signed callers only)",
    endpointConfiguration: { types: ["REGIONAL"] },
  });

  // Resources are shared by path prefix: /checkout is created once for both routes.
  const resources = new Map<string, ApiGatewayResource>();
  function resourceFor(path: string): ApiGatewayResource {
    const existing = resources.get(path);
    if (existing) return existing;
    const cut = path.lastIndexOf("/");
    const parentId = cut > 0 ? resourceFor(path.slice(0, cut)).id : api.rootResourceId;
    const resource = new ApiGatewayResource(scope, `api-resource${path.replaceAll("/", "-")}`, {
      restApiId: api.id,
      parentId,
      pathPart: path.slice(cut + 1),
    });
    resources.set(path, resource);
    return resource;
  }

  const routeArn = (path: string): string => `${api.executionArn}/${API_STAGE}/POST${path}`;
  const deploymentInputs: unknown[] = [];
  const routeElements: ITerraformDependable[] = [];
  for (const route of props.routes) {
    const id = route.path.replaceAll("/", "-");
    const resource = resourceFor(route.path);
    const method = new ApiGatewayMethod(scope, `api-method${id}`, {
      restApiId: api.id,
      resourceId: resource.id,
      httpMethod: "POST",
      authorization: "AWS_IAM",
    });
    const integration = new ApiGatewayIntegration(scope, `api-integration${id}`, {
      restApiId: api.id,
      resourceId: resource.id,
      httpMethod: method.httpMethod,
      type: "AWS_PROXY",
      integrationHttpMethod: "POST",
      uri: route.fn.invokeArn,
    });
    new LambdaPermission(scope, `api-permission${id}`, {
      statementId: "AllowThisApiRouteOnly",
      action: "lambda:InvokeFunction",
      functionName: route.fn.functionName,
      principal: "apigateway.amazonaws.com",
      sourceArn: routeArn(route.path),
    });
    routeElements.push(method, integration);
    deploymentInputs.push(...redeploymentInputs(method, integration));
  }

  const deployment = new ApiGatewayDeployment(scope, "api-deployment", {
    restApiId: api.id,
    // A stage keeps serving its deployment's snapshot of the API: any change to a resource, method or
    // integration needs a new deployment. Terraform hashes the values it plans, as the provider's docs
    // recommend (sha1(jsonencode([...ids]))), plus the attributes an in-place update changes without a new id.
    triggers: { redeployment: Fn.sha1(Fn.jsonencode([...[...resources.values()].map((resource) => resource.id), ...deploymentInputs])) },
    lifecycle: { createBeforeDestroy: true },
    dependsOn: routeElements,
  });

  const accessLogs = new CloudwatchLogGroup(scope, "api-access-logs", {
    name: `/aws/apigateway/${props.namePrefix}-services/access`,
    retentionInDays: props.logRetentionDays,
  });
  // API Gateway writes execution logs to this fixed name and would create it without retention.
  const executionLogs = new CloudwatchLogGroup(scope, "api-execution-logs", {
    name: `API-Gateway-Execution-Logs_${api.id}/${API_STAGE}`,
    retentionInDays: props.logRetentionDays,
  });
  const stage = new ApiGatewayStage(scope, "api-stage", {
    restApiId: api.id,
    deploymentId: deployment.id,
    stageName: API_STAGE,
    xrayTracingEnabled: true,
    accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
    dependsOn: [executionLogs],
  });
  new ApiGatewayMethodSettings(scope, "api-method-settings", {
    restApiId: api.id,
    stageName: stage.stageName,
    methodPath: "*/*",
    settings: {
      throttlingRateLimit: API_THROTTLING.rateLimit,
      throttlingBurstLimit: API_THROTTLING.burstLimit,
      metricsEnabled: true,
      loggingLevel: "ERROR",
      // Request and response bodies carry the order (an email address) and task tokens: never logged.
      dataTraceEnabled: false,
    },
  });

  return { api, stage, routeArn };
}

/**
 * What of one route decides what the stage serves. The ids say which methods and integrations exist; they
 * are derived from API, resource and HTTP method, so a replaced one may come back under the same id, and
 * uri, timeout, type and authorization are updated in place under it: those values are hashed as well.
 */
function redeploymentInputs(method: ApiGatewayMethod, integration: ApiGatewayIntegration): unknown[] {
  return [
    method.id,
    method.authorization,
    integration.id,
    integration.uri,
    integration.type,
    integration.integrationHttpMethod,
    integration.timeoutMilliseconds,
  ];
}
