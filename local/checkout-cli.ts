/**
 * `npm run checkout -- <order.json> [--endpoint URL] [--state-machine-arn ARN] [--local | --aws]`
 *
 * Validates the order with events/order.schema.json first (a bad order is refused, naming the field, and
 * nothing is started), then starts an execution named after the cart with @aws-sdk/client-sfn, waits
 * for it and prints its status, output and the states visited. Where it runs:
 * - `--endpoint URL`: that Step Functions endpoint (e.g. a `npm start -- --serve` instance);
 * - no endpoint and AWS credentials in the environment (or `--aws`): AWS, i.e. the smoke test of a
 *   deployed stack; the state machine is `--state-machine-arn`, CHECKOUT_STATE_MACHINE_ARN, or the one
 *   state machine whose name contains "checkout";
 * - otherwise (or `--local`): a local checkout started in this process for the run.
 */
import { ListStateMachinesCommand, SFNClient } from "@aws-sdk/client-sfn";
import type { Order } from "../workflows/checkout-contract";
import { startLocalCheckout } from "./checkout-stack";
import { parseArgsOrUsage, runMain, UsageError } from "./cli";
import { readOrderFile } from "./order-validation";
import { LOCAL_NAMES, LOCAL_REGION } from "./resources";
import { runCheckout, type CheckoutRun, type RunOptions } from "./run-checkout";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const USAGE = "usage: npm run checkout -- <order.json> [--endpoint URL] [--state-machine-arn ARN] [--local | --aws]";

/** Environment variables by which the SDK's default chain finds credentials without a file lookup. */
const CREDENTIAL_ENV = ["AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"];

/** A Step Functions to run the checkout on that this command does not start itself: an endpoint, or AWS. */
interface RemoteTarget {
  sfn: SFNClient;
  /** Where the state machine is looked for, as said in messages ("at this endpoint", "in this AWS account"). */
  where: string;
  /** The first line printed, given the state machine's ARN. */
  banner: (arn: string) => string;
  options?: RunOptions;
}

export async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseArgsOrUsage(
    {
      args: argv,
      allowPositionals: true,
      options: {
        endpoint: { type: "string" },
        "state-machine-arn": { type: "string" },
        local: { type: "boolean", default: false },
        aws: { type: "boolean", default: false },
      },
    },
    USAGE,
  );
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? `an order file is required\n${USAGE}` : `one order file, got ${positionals.join(", ")}\n${USAGE}`);
  if (values.local && (values.aws || values.endpoint !== undefined)) throw new UsageError(`--local cannot be combined with --aws or --endpoint\n${USAGE}`);
  if (values.aws && values.endpoint !== undefined) throw new UsageError(`--aws cannot be combined with --endpoint (--endpoint already says where to run)\n${USAGE}`);
  // Before anything starts or connects: a bad order must leave no trace anywhere.
  const order = readOrderFile(positionals[0] as string);
  const arn = values["state-machine-arn"] ?? process.env.CHECKOUT_STATE_MACHINE_ARN;

  const endpoint = values.endpoint;
  if (endpoint !== undefined) {
    const sfn = new SFNClient({ endpoint, region: process.env.AWS_REGION ?? LOCAL_REGION, ...(hasCredentials() ? {} : { credentials: { accessKeyId: "local", secretAccessKey: "local" } }) });
    return runRemote({ sfn, where: "at this endpoint", banner: () => `endpoint ${endpoint}` }, arn, order, out);
  }
  if (values.aws || (!values.local && hasCredentials())) {
    return runRemote({ sfn: new SFNClient({}), where: "in this AWS account and region", banner: (found) => `AWS, state machine ${found}`, options: { pollIntervalMs: 1000 } }, arn, order, out);
  }
  const local = await startLocalCheckout();
  try {
    out(`local checkout (in-process, stopped after this run)`);
    const run = await runCheckout(local.sfn, local.stateMachineArn, order);
    await local.poller.drained();
    return report(run, order, out);
  } finally {
    await local.stop();
  }
}

/** Runs the order on `target` (the state machine `arn`, or the checkout one found there) and closes its client. */
async function runRemote(target: RemoteTarget, arn: string | undefined, order: Order, out: (line: string) => void): Promise<number> {
  try {
    const stateMachineArn = arn ?? (await findCheckoutMachine(target.sfn, target.where));
    out(target.banner(stateMachineArn));
    return report(await runCheckout(target.sfn, stateMachineArn, order, target.options), order, out);
  } finally {
    target.sfn.destroy();
  }
}

function hasCredentials(): boolean {
  return CREDENTIAL_ENV.some((name) => process.env[name]);
}

async function findCheckoutMachine(sfn: SFNClient, where: string): Promise<string> {
  const names: Array<{ name: string; arn: string }> = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ nextToken }));
    for (const m of page.stateMachines ?? []) if (m.name && m.stateMachineArn) names.push({ name: m.name, arn: m.stateMachineArn });
    nextToken = page.nextToken;
  } while (nextToken);
  const exact = names.find((m) => m.name === LOCAL_NAMES.stateMachine);
  if (exact) return exact.arn;
  const candidates = names.filter((m) => m.name.toLowerCase().includes("checkout"));
  if (candidates.length === 1) return candidates[0]!.arn;
  throw new UsageError(
    candidates.length === 0
      ? `no state machine named like 'checkout' ${where}: pass --state-machine-arn or set CHECKOUT_STATE_MACHINE_ARN`
      : `several checkout state machines (${candidates.map((c) => c.name).join(", ")}): pass --state-machine-arn`,
  );
}

function report(run: CheckoutRun, order: Order, out: (line: string) => void): number {
  if (run.alreadyStarted) out(`cart ${order.CartId} was already checked out: showing that execution, no new one started`);
  out(`execution ${run.executionArn}`);
  out(`status    ${run.status}${run.error ? ` ${run.error}: ${run.cause ?? ""}` : ""}`);
  out(`output    ${run.output === undefined ? "(none)" : JSON.stringify(run.output)}`);
  out(`states    ${run.statesVisited.join(" → ")}`);
  return run.status === "SUCCEEDED" ? 0 : 1;
}

// Run only as a script (tests import main).
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop() ?? "\0")) {
  void runMain(() => main(process.argv.slice(2)));
}
