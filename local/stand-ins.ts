/**
 * Starts the checkout's stand-ins except Step Functions: DynamoDB (dynalite) with the two tables, SES
 * (aws-ses-v2-local), the API Gateway stage with the real payment and shipping handlers, the EventBridge
 * bus with the stacks' notification rules, and the SQS queue, its DLQ and the poller running the real
 * notifier. The handlers reach the stand-ins the way they reach AWS: SDK clients configured by
 * AWS_ENDPOINT_URL_* and the handlers' own environment variables, set here as Lambda would set them.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createNotifierHandler } from "../handlers/notifier";
import { createPaymentHandler } from "../handlers/payment";
import { createShippingHandler } from "../handlers/shipping";
import { HANDLER_ENV, PAYMENT_ROUTE, SHIPPING_ROUTE } from "../workflows/checkout-contract";
import { NOTIFICATION_RULES } from "../workflows/notification-rules";
import { MAX_RECEIVE_COUNT, NOTIFIER_BATCH_SIZE } from "../workflows/notification-settings";
import { startApiGateway, type ApiGatewayStandIn, type ProxyHandler } from "./apigateway/server";
import { startDynamoDb, type DynamoDbStandIn } from "./dynamodb/server";
import { LocalEventBus } from "./eventbridge/bus";
import { envScope, type EnvScope } from "./process-env";
import { createTables, LOCAL_ACCOUNT, LOCAL_NAMES, LOCAL_REGION } from "./resources";
import { startSes, type SesStandIn } from "./ses/server";
import { QueuePoller, type SqsHandler } from "./sqs/poller";
import { LocalQueue } from "./sqs/queue";

/** What the simulated services answer: "success", "failure" or a failure rate such as "0.25". */
export interface Outcomes {
  payment: string;
  shipping: string;
}

export interface StandInOptions {
  ports?: { dynamoDb?: number; ses?: number; apiGateway?: number };
  /** Keep DynamoDB's data on disk in this directory instead of memory. */
  dataDir?: string;
  /** Notification queue visibility timeout (default 5 s; tests use less to see retries quickly). */
  visibilityTimeoutMs?: number;
  /** Receives before a message moves to the DLQ (default MAX_RECEIVE_COUNT, as on AWS). */
  maxReceiveCount?: number;
  outcomes?: Partial<Outcomes>;
  brand?: string;
  /** Powertools log level of the handlers (default: POWERTOOLS_LOG_LEVEL, else WARN). */
  logLevel?: string;
  /** Wraps the notifier, for fault injection in tests (e.g. fail the first invocation). */
  wrapNotifier?: (notifier: SqsHandler) => SqsHandler;
  /** Wraps the payment or shipping handler, for fault injection in tests (e.g. never call back). */
  wrapService?: (service: "payment" | "shipping", handler: ProxyHandler) => ProxyHandler;
  onHandlerError?: (source: string, error: unknown) => void;
}

export interface StandIns {
  dynamoDb: DynamoDbStandIn;
  ses: SesStandIn;
  apiGateway: ApiGatewayStandIn;
  bus: LocalEventBus;
  queue: LocalQueue;
  deadLetterQueue: LocalQueue;
  poller: QueuePoller;
  /** A client on the local DynamoDB (the stand-in server is `dynamoDb`): for the state machine's integrations and reading items back. */
  dynamoDbClient: DynamoDBClient;
  /** Mutable: the answers of the payment and shipping services for the next requests. */
  outcomes: Outcomes;
  env: EnvScope;
  stop(): Promise<void>;
}

export async function startStandIns(options: StandInOptions = {}): Promise<StandIns> {
  const env = envScope();
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    stops.length = 0;
    env.restore();
  };
  try {
    const [dynamoDb, ses] = await Promise.all([
      startDynamoDb({ port: options.ports?.dynamoDb, path: options.dataDir }),
      startSes({ port: options.ports?.ses }),
    ]);
    stops.push(dynamoDb.close, ses.close);
    env.set({
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
      AWS_ENDPOINT_URL_SES: ses.endpoint,
      [HANDLER_ENV.ordersTable]: LOCAL_NAMES.ordersTable,
      [HANDLER_ENV.idempotencyTable]: LOCAL_NAMES.idempotencyTable,
      [HANDLER_ENV.senderEmail]: LOCAL_NAMES.senderEmail,
      // Without a brand of its own the notifier's default (or the shell's BRAND) applies, as on AWS.
      ...(options.brand !== undefined ? { [HANDLER_ENV.brand]: options.brand } : {}),
      POWERTOOLS_LOG_LEVEL: options.logLevel ?? process.env.POWERTOOLS_LOG_LEVEL ?? "WARN",
      // The SDK's notice that its 2027 releases need Node 22 says nothing about local mode.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    });
    // Its own credentials rather than the environment's: this client must work before and after env changes.
    const dynamoDbClient = new DynamoDBClient({ endpoint: dynamoDb.endpoint, region: LOCAL_REGION, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    stops.push(async () => dynamoDbClient.destroy());
    await createTables(dynamoDbClient);

    const outcomes: Outcomes = { payment: "success", shipping: "success", ...options.outcomes };
    const wrap = options.wrapService ?? ((_service, handler: ProxyHandler) => handler);
    const payment = wrap("payment", createPaymentHandler({ outcome: () => outcomes.payment }) as ProxyHandler);
    const shipping = wrap("shipping", createShippingHandler({ outcome: () => outcomes.shipping }) as ProxyHandler);
    const apiGateway = await startApiGateway({
      stage: LOCAL_NAMES.apiStage,
      port: options.ports?.apiGateway,
      requireSignature: true,
      routes: [
        { method: "POST", path: PAYMENT_ROUTE, functionName: "payment", handler: payment },
        { method: "POST", path: SHIPPING_ROUTE, functionName: "shipping", handler: shipping },
      ],
      onHandlerError: (route, error) => options.onHandlerError?.(route.functionName, error),
    });
    stops.push(apiGateway.close);

    const deadLetterQueue = new LocalQueue({ name: LOCAL_NAMES.deadLetterQueue, region: LOCAL_REGION, accountId: LOCAL_ACCOUNT });
    const queue = new LocalQueue({
      name: LOCAL_NAMES.queue,
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
      visibilityTimeoutMs: options.visibilityTimeoutMs ?? 5_000,
      maxReceiveCount: options.maxReceiveCount ?? MAX_RECEIVE_COUNT,
      deadLetterQueue,
    });
    const bus = new LocalEventBus({ name: LOCAL_NAMES.eventBus, region: LOCAL_REGION, accountId: LOCAL_ACCOUNT });
    for (const rule of NOTIFICATION_RULES) {
      // The SQS target receives the whole event as the message body, as on AWS.
      bus.addRule({ name: rule.ruleName, eventPattern: rule.eventPattern, targets: [(event) => void queue.send(JSON.stringify(event))] });
    }
    const notifier = createNotifierHandler() as SqsHandler;
    const poller = new QueuePoller(queue, options.wrapNotifier ? options.wrapNotifier(notifier) : notifier, {
      functionName: "notifier",
      batchSize: NOTIFIER_BATCH_SIZE,
      onInvocationError: (error) => options.onHandlerError?.("notifier", error),
    });
    poller.start();
    stops.push(() => poller.stop());

    return { dynamoDb, ses, apiGateway, bus, queue, deadLetterQueue, poller, dynamoDbClient, outcomes, env, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
