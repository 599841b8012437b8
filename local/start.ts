/**
 * `npm start`: starts the local checkout, runs the sample order once per outcome (payment fails;
 * shipping fails; both succeed) and prints, for each, the path taken, the event, the table item and the
 * email received, then stops. `npm start -- --serve` keeps everything up and prints how to reach it.
 */
import { fileURLToPath } from "node:url";
import { dirname, join, relative } from "node:path";
import { ORDERS_TABLE_KEY, PAYMENT_ROUTE, PAYMENT_STATUSES, SHIPPING_ROUTE, SHIPPING_STATUSES, type Order } from "../workflows/checkout-contract";
import { startLocalCheckout, type LocalCheckout } from "./checkout-stack";
import { runCheckoutInProcess } from "./in-process-checkout";
import { ListenError } from "./http/listen";
import { parseArgsOrUsage, runMain, UsageError } from "./cli";
import { readOrderFile } from "./order-validation";
import { LOCAL_NAMES, LOCAL_REGION } from "./resources";
import { orderFor, runScenario, SCENARIOS, type ScenarioResult } from "./scenarios";

// The SDK's notice about its future Node 22 requirement is not about local mode; keep the demo readable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const USAGE = `usage: npm start -- [--serve | --in-process] [--order FILE] [--data-dir DIR] [--verbose]
                       [--sfn-port N] [--dynamodb-port N] [--ses-port N] [--api-port N]
  (default)     every stand-in on localhost, real handlers, one run per outcome
  --serve       keep the stand-ins up and print their URLs and an AWS CLI example
  --in-process  the interpreter alone, in-memory table and bus, virtual time (no HTTP, no emails)`;

const [PAYMENT_SUCCESSFUL, PAYMENT_FAILED] = PAYMENT_STATUSES;
const [SHIPPING_SUCCESSFUL, SHIPPING_FAILED] = SHIPPING_STATUSES;

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

async function main(): Promise<number> {
  const args = parseArgsOrUsage(
    {
      options: {
        serve: { type: "boolean", default: false },
        "in-process": { type: "boolean", default: false },
        order: { type: "string", default: join(root, "events", "ExecuteWorkflowEvent.json") },
        "data-dir": { type: "string" },
        verbose: { type: "boolean", default: false },
        "sfn-port": { type: "string" },
        "dynamodb-port": { type: "string" },
        "ses-port": { type: "string" },
        "api-port": { type: "string" },
        help: { type: "boolean", default: false },
      },
    },
    USAGE,
  ).values;
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const order = readOrderFile(args.order);
  if (args["in-process"]) return runInProcess(order);
  const ports = {
    stepFunctions: port(args["sfn-port"], "--sfn-port"),
    dynamoDb: port(args["dynamodb-port"], "--dynamodb-port"),
    ses: port(args["ses-port"], "--ses-port"),
    apiGateway: port(args["api-port"], "--api-port"),
  };
  const started = Date.now();
  const local = await startLocalCheckout({
    ports,
    dataDir: args["data-dir"],
    logLevel: args.verbose ? "INFO" : undefined,
    onHandlerError: (source, error) => console.error(`[${source}] ${(error as Error).stack ?? String(error)}`),
  });
  console.log(`Local checkout up in ${Date.now() - started} ms (Step Functions, DynamoDB, SES, API Gateway, EventBridge, SQS).`);

  if (args.serve) {
    printServeHelp(local, order, args.order);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    console.log("\nstopping...");
    await local.stop();
    return 0;
  }

  try {
    for (const scenario of SCENARIOS) {
      const scenarioOrder = orderFor(order, scenario);
      const result = await runScenario(local, scenarioOrder, scenario.outcomes);
      printScenario(`${scenario.title} (payment: ${scenario.outcomes.payment}, shipping: ${scenario.outcomes.shipping})`, scenarioOrder.CartId, result);
    }
    console.log(`\nDone in ${Date.now() - started} ms. Queue: ${local.queue.size} message(s), DLQ: ${local.deadLetterQueue.size}.`);
  } finally {
    await local.stop();
  }
  return 0;
}

/**
 * `--in-process`: the same scenarios run by the ASL interpreter alone (local/in-process-checkout.ts), with
 * an in-memory table and bus and simulated services answering with the contract's statuses: no handlers,
 * no emails, virtual time.
 */
async function runInProcess(order: Order): Promise<number> {
  const started = Date.now();
  for (const scenario of SCENARIOS) {
    const result = await runCheckoutInProcess(orderFor(order, scenario), {
      payment: scenario.outcomes.payment === "failure" ? PAYMENT_FAILED : PAYMENT_SUCCESSFUL,
      shipping: scenario.outcomes.shipping === "failure" ? SHIPPING_FAILED : SHIPPING_SUCCESSFUL,
    });
    console.log(`\n== ${scenario.title} (in-process, virtual time)`);
    console.log(`   execution: ${result.status}${result.error ? ` (${result.error})` : ""}`);
    console.log(`   path:   ${result.statesVisited.join(" → ")}`);
    for (const event of result.events) console.log(`   event:  ${event.DetailType} ${typeof event.Detail === "string" ? event.Detail : JSON.stringify(event.Detail)}`);
    console.log(`   item:   ${result.tableItem ? JSON.stringify(result.tableItem) : "(none)"}`);
  }
  console.log(`\nDone in ${Date.now() - started} ms.`);
  return 0;
}

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag} must be a port number (0-65535), not ${JSON.stringify(value)}`);
  return n;
}

function printScenario(title: string, cartId: string, { run, events, item, emails }: ScenarioResult): void {
  console.log(`\n== ${title}`);
  console.log(`   cart:   ${cartId}   execution: ${run.status}${run.error ? ` (${run.error})` : ""}`);
  console.log(`   path:   ${run.statesVisited.join(" → ")}`);
  for (const event of events) console.log(`   event:  ${event["detail-type"]} ${JSON.stringify(event.detail)}`);
  if (events.length === 0) console.log("   event:  (none)");
  console.log(`   item:   ${item ? JSON.stringify(item) : "(none)"}`);
  for (const email of emails) {
    console.log(`   email:  to ${email.destination.to.join(", ")} from ${email.from}`);
    console.log(`           subject: ${email.subject}`);
    console.log(`           body:    ${email.body.text ?? email.body.html ?? ""}`);
  }
  if (emails.length === 0) console.log("   email:  (none)");
}

function printServeHelp(local: LocalCheckout, order: Order, orderFile: string): void {
  const env = `AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=${LOCAL_REGION}`;
  // A cart of its own, so the example neither collides with `npm run checkout` of the sample nor is refused as a duplicate.
  const cliOrder = { ...order, CartId: "cli-1" };
  const file = relative(process.cwd(), orderFile) || orderFile;
  console.log(`
  Step Functions API  ${local.urls.stepFunctions}   state machine ${local.stateMachineArn}
  DynamoDB            ${local.urls.dynamoDb}   tables ${LOCAL_NAMES.ordersTable}, ${LOCAL_NAMES.idempotencyTable}
  SES (web page)      ${local.urls.ses}
  SES (JSON)          ${local.urls.sesStore}
  API Gateway stage   ${local.urls.apiGateway}   (POST ${PAYMENT_ROUTE}, ${SHIPPING_ROUTE}; signed calls only)
  EventBridge bus and SQS queue + DLQ run in-process.

  Start a checkout with the AWS CLI (execution named after the cart):
    ${env} aws stepfunctions start-execution --endpoint-url ${local.urls.stepFunctions} \\
      --state-machine-arn ${local.stateMachineArn} --name ${cliOrder.CartId} --input '${JSON.stringify(cliOrder)}'
  or with this project's command (validates the order first and waits for the result):
    npm run checkout -- ${file} --endpoint ${local.urls.stepFunctions}
  Read the order back:
    ${env} aws dynamodb get-item --endpoint-url ${local.urls.dynamoDb} --table-name ${LOCAL_NAMES.ordersTable} --key '${JSON.stringify({ [ORDERS_TABLE_KEY]: { S: cliOrder.CartId } })}'

  Ctrl-C stops everything.`);
}

void runMain(main, [ListenError]);
