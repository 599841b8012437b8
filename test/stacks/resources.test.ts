/**
 * Each resource of the checkout, with the properties a careful production team would give it, found in
 * the synthesized stack with cdktf's Testing matchers.
 */
import { describe, expect, it } from "vitest";
import { FUNCTION_NAMES, HANDLER_ENV, PAYMENT_ROUTE, SHIPPING_ROUTE } from "../../workflows/checkout-contract";
import { NOTIFICATION_RULES } from "../../workflows/notification-rules";
import { API_STAGE, API_THROTTLING } from "../../stacks/service-api";
import { NOTIFIER_TIMEOUT_SECONDS, SERVICE_TIMEOUT_SECONDS } from "../../stacks/checkout-stack";
import { MAX_RECEIVE_COUNT, NOTIFIER_BATCH_SIZE } from "../../workflows/notification-settings";
import { DELIVERY_RETRY, VISIBILITY_TIMEOUT_FACTOR } from "../../stacks/notification";
import { fakeFunctionCode, synthCheckout, TEST_CONTEXT } from "./synth-fixture";
import { ApiGatewayIntegration, ApiGatewayMethod, ApiGatewayMethodSettings, ApiGatewayRestApi, ApiGatewayStage, AwsProvider, CloudwatchEventBus, CloudwatchEventRule, CloudwatchEventTarget, CloudwatchLogGroup, CloudwatchMetricAlarm, DynamodbTable, LambdaEventSourceMapping, LambdaFunction, LambdaPermission, Sesv2ConfigurationSet, Sesv2EmailIdentity, SfnStateMachine, SqsQueue, Testing } from "../../stacks/cdktf-modules";

const synth = synthCheckout();
const code = fakeFunctionCode();

function expectResource(type: { tfResourceType: string }, properties: Record<string, unknown>): void {
  const found = synth.resources(type.tfResourceType).map(([, resource]) => resource);
  expect(Testing.toHaveResourceWithProperties(synth.text, type.tfResourceType, properties), `no ${type.tfResourceType} with ${JSON.stringify(properties)} among\n${JSON.stringify(found, null, 1)}`).toBe(true);
}

describe("provider and state", () => {
  it("targets the configured region and tags every resource with the deployment", () => {
    expect(
      Testing.toHaveProviderWithProperties(synth.text, AwsProvider.tfResourceType, {
        region: "eu-west-1",
        default_tags: [{ tags: { Application: "checkout", Deployment: "checkout", ManagedBy: "cdktf" } }],
      }),
    ).toBe(true);
  });

  it("keeps state in a local file named after the stack by default, and asks for Terraform 1.10+", () => {
    expect(synth.json.terraform.backend).toEqual({ local: { path: "../../../terraform.checkout.tfstate" } });
    expect(synth.json.terraform.required_version).toBe(">= 1.10.0");
  });
});

describe("orders and idempotency tables", () => {
  const common = { billing_mode: "PAY_PER_REQUEST", point_in_time_recovery: { enabled: true }, server_side_encryption: { enabled: true }, deletion_protection_enabled: true };

  it("orders: key cart_id, on demand, PITR, encrypted, deletion protection on", () => {
    expectResource(DynamodbTable, { ...common, name: "checkout-orders", hash_key: "cart_id", attribute: [{ name: "cart_id", type: "S" }] });
  });

  it("idempotency: key id, TTL on expiration", () => {
    expectResource(DynamodbTable, {
      ...common,
      name: "checkout-notifier-idempotency",
      hash_key: "id",
      attribute: [{ name: "id", type: "S" }],
      ttl: { attribute_name: "expiration", enabled: true },
    });
  });
});

describe("service API", () => {
  it("is a regional REST API", () => {
    expectResource(ApiGatewayRestApi, { name: "checkout-services", endpoint_configuration: { types: ["REGIONAL"] } });
  });

  it.each([PAYMENT_ROUTE, SHIPPING_ROUTE])("POST %s requires IAM signatures and proxies to its function", (route) => {
    const fn = route === PAYMENT_ROUTE ? "payment" : "shipping";
    const id = route.replaceAll("/", "-");
    expectResource(ApiGatewayMethod, { http_method: "POST", authorization: "AWS_IAM", resource_id: `\${aws_api_gateway_resource.api-resource${id}.id}` });
    expectResource(ApiGatewayIntegration, {
      type: "AWS_PROXY",
      integration_http_method: "POST",
      uri: `\${aws_lambda_function.${fn}-function.invoke_arn}`,
    });
    expectResource(LambdaPermission, {
      action: "lambda:InvokeFunction",
      principal: "apigateway.amazonaws.com",
      function_name: `\${aws_lambda_function.${fn}-function.function_name}`,
      source_arn: `\${aws_api_gateway_rest_api.services-api.execution_arn}/${API_STAGE}/POST${route}`,
    });
  });

  it("has a stage with JSON access logs and X-Ray, throttled, execution logs without bodies", () => {
    expectResource(ApiGatewayStage, {
      stage_name: API_STAGE,
      xray_tracing_enabled: true,
      access_log_settings: { destination_arn: "${aws_cloudwatch_log_group.api-access-logs.arn}" },
    });
    const [[, stage]] = synth.resources("aws_api_gateway_stage") as [[string, { access_log_settings: { format: string } }]];
    expect(Object.keys(JSON.parse(stage.access_log_settings.format) as object)).toEqual(expect.arrayContaining(["requestId", "status", "resourcePath"]));
    expectResource(ApiGatewayMethodSettings, {
      method_path: "*/*",
      settings: {
        throttling_rate_limit: API_THROTTLING.rateLimit,
        throttling_burst_limit: API_THROTTLING.burstLimit,
        logging_level: "ERROR",
        data_trace_enabled: false,
        metrics_enabled: true,
      },
    });
  });
});

describe("state machine", () => {
  it("is STANDARD, traced, logging to its log group without execution data", () => {
    expectResource(SfnStateMachine, {
      name: "checkout-workflow",
      type: "STANDARD",
      role_arn: "${aws_iam_role.state-machine-role.arn}",
      tracing_configuration: { enabled: true },
      logging_configuration: { level: "ALL", include_execution_data: false, log_destination: "${aws_cloudwatch_log_group.state-machine-logs.arn}:*" },
    });
    expectResource(CloudwatchLogGroup, { name: "/aws/vendedlogs/states/checkout-workflow", retention_in_days: 30 });
  });
});

describe("notification routing", () => {
  it("has a custom bus", () => {
    expectResource(CloudwatchEventBus, { name: "checkout-notifications" });
  });

  it.each(NOTIFICATION_RULES.map((rule) => [rule.detailType, rule] as const))("routes %s with the shared pattern to the queue, with retries and the DLQ", (_type, rule) => {
    expectResource(CloudwatchEventRule, {
      name: `checkout-${rule.ruleName}`,
      event_bus_name: "${aws_cloudwatch_event_bus.notification-bus.name}",
      event_pattern: JSON.stringify(rule.eventPattern),
    });
    expectResource(CloudwatchEventTarget, {
      rule: `\${aws_cloudwatch_event_rule.rule-${rule.ruleName}.name}`,
      event_bus_name: "${aws_cloudwatch_event_bus.notification-bus.name}",
      arn: "${aws_sqs_queue.notification-queue.arn}",
      retry_policy: { maximum_event_age_in_seconds: DELIVERY_RETRY.maximumEventAgeInSeconds, maximum_retry_attempts: DELIVERY_RETRY.maximumRetryAttempts },
      dead_letter_config: { arn: "${aws_sqs_queue.notification-dlq.arn}" },
    });
  });

  it("queue: SQS-managed encryption, visibility six times the notifier's timeout, bounded redrive to the DLQ", () => {
    expectResource(SqsQueue, {
      name: "checkout-notifications",
      sqs_managed_sse_enabled: true,
      visibility_timeout_seconds: VISIBILITY_TIMEOUT_FACTOR * NOTIFIER_TIMEOUT_SECONDS,
      redrive_policy: JSON.stringify({ deadLetterTargetArn: "${aws_sqs_queue.notification-dlq.arn}", maxReceiveCount: MAX_RECEIVE_COUNT }),
    });
    expectResource(SqsQueue, { name: "checkout-notifications-dlq", sqs_managed_sse_enabled: true, message_retention_seconds: 1_209_600 });
  });

  it("notifier consumes the queue with partial batch responses", () => {
    expectResource(LambdaEventSourceMapping, {
      event_source_arn: "${aws_sqs_queue.notification-queue.arn}",
      function_name: "${aws_lambda_function.notifier-function.arn}",
      batch_size: NOTIFIER_BATCH_SIZE,
      function_response_types: ["ReportBatchItemFailures"],
    });
  });
});

describe("functions", () => {
  it.each(FUNCTION_NAMES)("%s: Node.js 22 on arm64, JSON logs to its own group, active tracing, code hash from the bundle", (name) => {
    expectResource(LambdaFunction, {
      function_name: `checkout-${name}`,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      role: `\${aws_iam_role.${name}-role.arn}`,
      filename: `assets/${name}-code/${code[name].assetHash}/${name}.zip`,
      source_code_hash: code[name].sourceCodeHash,
      timeout: name === "notifier" ? NOTIFIER_TIMEOUT_SECONDS : SERVICE_TIMEOUT_SECONDS,
      logging_config: { log_format: "JSON", log_group: `\${aws_cloudwatch_log_group.${name}-logs.name}` },
      tracing_config: { mode: "Active" },
    });
    expectResource(CloudwatchLogGroup, { name: `/aws/lambda/checkout-${name}`, retention_in_days: 30 });
  });

  it("services get their outcome, the notifier its tables, sender and brand (contract names)", () => {
    expectResource(LambdaFunction, { function_name: "checkout-payment", environment: { variables: { [HANDLER_ENV.outcome]: "success" } } });
    expectResource(LambdaFunction, { function_name: "checkout-shipping", environment: { variables: { [HANDLER_ENV.outcome]: "0.25" } } });
    expectResource(LambdaFunction, {
      function_name: "checkout-notifier",
      environment: {
        variables: {
          [HANDLER_ENV.ordersTable]: "${aws_dynamodb_table.orders-table.name}",
          [HANDLER_ENV.idempotencyTable]: "${aws_dynamodb_table.idempotency-table.name}",
          [HANDLER_ENV.senderEmail]: TEST_CONTEXT.senderEmail,
          [HANDLER_ENV.brand]: "Octank",
        },
      },
    });
  });
});

describe("email", () => {
  it("verifies the sender identity, with a default configuration set that requires TLS", () => {
    expectResource(Sesv2EmailIdentity, {
      email_identity: TEST_CONTEXT.senderEmail,
      configuration_set_name: "${aws_sesv2_configuration_set.email-configuration-set.configuration_set_name}",
    });
    expectResource(Sesv2ConfigurationSet, { configuration_set_name: "checkout-notifications", delivery_options: { tls_policy: "REQUIRE" } });
  });
});

describe("alarms", () => {
  it.each(["ExecutionsFailed", "ExecutionsTimedOut"])("alarms on any %s of the state machine", (metric) => {
    expectResource(CloudwatchMetricAlarm, {
      namespace: "AWS/States",
      metric_name: metric,
      dimensions: { StateMachineArn: "${aws_sfn_state_machine.state-machine.arn}" },
      comparison_operator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      treat_missing_data: "notBreaching",
    });
  });

  it("alarms on any message in the DLQ", () => {
    expectResource(CloudwatchMetricAlarm, {
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "${aws_sqs_queue.notification-dlq.name}" },
      comparison_operator: "GreaterThanThreshold",
      threshold: 0,
    });
  });
});

describe("outputs", () => {
  it("exposes the state machine ARN, API URL, bus, table and queues", () => {
    expect(Object.fromEntries(Object.entries(synth.json.output).map(([id, output]) => [id, output.value]))).toEqual({
      "state-machine-arn": "${aws_sfn_state_machine.state-machine.arn}",
      "api-url": "${aws_api_gateway_stage.api-stage.invoke_url}",
      "event-bus-name": "${aws_cloudwatch_event_bus.notification-bus.name}",
      "orders-table-name": "${aws_dynamodb_table.orders-table.name}",
      "notification-queue-url": "${aws_sqs_queue.notification-queue.url}",
      "notification-dlq-url": "${aws_sqs_queue.notification-dlq.url}",
    });
  });
});
