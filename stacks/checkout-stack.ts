/**
 * The whole checkout of ../shared/checkout-contract.md as one Terraform stack, named after the
 * configuration's name prefix so a second prefix (a branch) gets its own stack, state and resources.
 */
import type { Construct } from "constructs";
import { HANDLER_ENV, PAYMENT_ROUTE, SHIPPING_ROUTE, type FunctionName } from "../workflows/checkout-contract";
import { addAlarms } from "./alarms";
import type { CheckoutConfig } from "./config";
import { addSenderIdentity } from "./email";
import type { FunctionPackage } from "./function-code";
import type { PolicyStatement } from "./iam";
import { addFunction, type CheckoutFunction } from "./lambda-function";
import { addNotificationQueues, addNotificationRouting, subscribeNotifier } from "./notification";
import { addServiceApi } from "./service-api";
import { addCheckoutStateMachine, stateMachineName, type CheckoutStateMachine } from "./state-machine";
import { addTables } from "./tables";
import { AwsProvider, DataAwsCallerIdentity, DataAwsPartition, LocalBackend, S3Backend, TerraformOutput, TerraformStack } from "./cdktf-modules";

/** Terraform 1.10 brought the S3 backend's native locking (use_lockfile). */
export const REQUIRED_TERRAFORM = ">= 1.10.0";
export const SERVICE_TIMEOUT_SECONDS = 10;
export const NOTIFIER_TIMEOUT_SECONDS = 30;
const MEMORY_MB = 256;

export interface CheckoutStackProps {
  config: CheckoutConfig;
  /** The zipped bundle of each function (stacks/function-code.ts). */
  code: Readonly<Record<FunctionName, FunctionPackage>>;
}

export class CheckoutStack extends TerraformStack {
  readonly checkout: CheckoutStateMachine;
  readonly functions: Readonly<Record<FunctionName, CheckoutFunction>>;

  constructor(scope: Construct, props: CheckoutStackProps) {
    const { config, code } = props;
    const prefix = config.namePrefix;
    super(scope, prefix);
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM);

    if (config.s3Backend) {
      const backend = new S3Backend(this, { ...config.s3Backend, encrypt: true });
      // cdktf 0.21 predates the setting: S3-native state locking, no DynamoDB lock table needed.
      backend.addOverride("use_lockfile", true);
    } else {
      // Relative to cdktf.out/stacks/<stack>/ where Terraform runs: the state file lands in the project root.
      new LocalBackend(this, { path: `../../../terraform.${prefix}.tfstate` });
    }

    new AwsProvider(this, "aws", {
      region: config.region,
      defaultTags: [{ tags: { Application: "checkout", Deployment: prefix, ManagedBy: "cdktf" } }],
    });
    const account = new DataAwsCallerIdentity(this, "account");
    const partition = new DataAwsPartition(this, "partition");
    const arn = (service: string, resource: string) => `arn:${partition.partition}:${service}:${config.region}:${account.accountId}:${resource}`;

    const tables = addTables(this, { namePrefix: prefix, deletionProtection: config.deletionProtection });
    const queues = addNotificationQueues(this, { namePrefix: prefix, notifierTimeoutSeconds: NOTIFIER_TIMEOUT_SECONDS });
    const sender = addSenderIdentity(this, { namePrefix: prefix, senderEmail: config.senderEmail });

    // The services answer the state machine by ARN, built from its name: no dependency cycle through the API.
    const answerTasks: PolicyStatement = {
      Sid: "AnswerCheckoutTasks",
      Effect: "Allow",
      Action: ["states:SendTaskFailure", "states:SendTaskSuccess"],
      Resource: arn("states", `stateMachine:${stateMachineName(prefix)}`),
    };
    const common = { namePrefix: prefix, accountId: account.accountId, memoryMb: MEMORY_MB, logRetentionDays: config.logRetentionDays };
    // The two simulated services differ only in name, bundle and configured outcome.
    const service = (name: "payment" | "shipping", outcome: string) =>
      addFunction(this, {
        ...common,
        name,
        code: code[name],
        timeoutSeconds: SERVICE_TIMEOUT_SECONDS,
        environment: { [HANDLER_ENV.outcome]: outcome },
        statements: [answerTasks],
      });
    const payment = service("payment", config.paymentOutcome);
    const shipping = service("shipping", config.shippingOutcome);
    const notifier = addFunction(this, {
      ...common,
      name: "notifier",
      code: code.notifier,
      timeoutSeconds: NOTIFIER_TIMEOUT_SECONDS,
      environment: {
        [HANDLER_ENV.ordersTable]: tables.orders.name,
        [HANDLER_ENV.idempotencyTable]: tables.idempotency.name,
        [HANDLER_ENV.senderEmail]: config.senderEmail,
        [HANDLER_ENV.brand]: config.brand,
      },
      statements: [
        { Sid: "ReadOrders", Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: tables.orders.arn },
        {
          Sid: "IdempotencyRecords",
          Effect: "Allow",
          Action: ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
          Resource: tables.idempotency.arn,
        },
        {
          Sid: "SendAsTheSenderOnly",
          Effect: "Allow",
          Action: ["ses:SendEmail"],
          // SES authorizes a send against the identity and against the configuration set it uses.
          Resource: [sender.identity.arn, sender.configurationSet.arn],
          Condition: { StringEquals: { "ses:FromAddress": config.senderEmail } },
        },
        {
          Sid: "ConsumeNotifications",
          Effect: "Allow",
          Action: ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
          Resource: queues.queue.arn,
        },
      ],
    });
    this.functions = { payment, shipping, notifier };

    const api = addServiceApi(this, {
      namePrefix: prefix,
      logRetentionDays: config.logRetentionDays,
      routes: [
        { path: PAYMENT_ROUTE, fn: payment.fn },
        { path: SHIPPING_ROUTE, fn: shipping.fn },
      ],
    });
    const routing = addNotificationRouting(this, { namePrefix: prefix, queues });
    subscribeNotifier(this, { queue: queues.queue, notifier: notifier.fn });

    this.checkout = addCheckoutStateMachine(this, {
      namePrefix: prefix,
      accountId: account.accountId,
      apiHost: `${api.api.id}.execute-api.${config.region}.${partition.dnsSuffix}`,
      logRetentionDays: config.logRetentionDays,
      table: tables.orders,
      bus: routing.bus,
      api,
      ...(config.paymentTimeoutSeconds !== undefined && { paymentTimeoutSeconds: config.paymentTimeoutSeconds }),
      ...(config.shippingTimeoutSeconds !== undefined && { shippingTimeoutSeconds: config.shippingTimeoutSeconds }),
    });

    addAlarms(this, {
      namePrefix: prefix,
      stateMachineArn: this.checkout.stateMachine.arn,
      dlqName: queues.dlq.name,
      ...(config.alarmTopicArn !== undefined && { alarmTopicArn: config.alarmTopicArn }),
    });

    const outputs: Record<string, [string, string]> = {
      "state-machine-arn": [this.checkout.stateMachine.arn, "Start checkouts here (npm run checkout)"],
      "api-url": [api.stage.invokeUrl, "Payment and shipping services (IAM-signed POST only)"],
      "event-bus-name": [routing.bus.name, "Where the workflow emits its events"],
      "orders-table-name": [tables.orders.name, "Orders, key cart_id"],
      "notification-queue-url": [queues.queue.url, "Events waiting for the notifier"],
      "notification-dlq-url": [queues.dlq.url, "Notifications that failed: inspect and redrive"],
    };
    for (const [id, [value, description]] of Object.entries(outputs)) new TerraformOutput(this, id, { value, description });
  }
}
