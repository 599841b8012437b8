/**
 * Local mode figures: how fast the stand-ins start and stop (goal: start under 1 s), and end-to-end
 * checkouts per second through HTTP with the real handlers (Step Functions API → dynalite → API
 * Gateway → payment/shipping → SendTaskSuccess → bus → queue → notifier → SES), counting a checkout
 * as done when its email has been received.
 */
import { readFileSync } from "node:fs";
import type { Order } from "../workflows/checkout-contract";
import { startLocalCheckout } from "../local/checkout-stack";
import { DescribeExecutionCommand, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { runCheckout } from "../local/run-checkout";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const sample = JSON.parse(readFileSync(new URL("../events/ExecuteWorkflowEvent.json", import.meta.url), "utf8")) as Order;
const STARTS = Number(process.env.BENCH_LOCAL_STARTS ?? 5);
const CHECKOUTS = Number(process.env.BENCH_LOCAL_CHECKOUTS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_LOCAL_CONCURRENCY ?? 20);

const ms = (n: number) => `${n.toFixed(0)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

async function startUp(): Promise<void> {
  const starts: number[] = [];
  const stops: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const t0 = performance.now();
    const local = await startLocalCheckout({ logLevel: "SILENT" });
    const t1 = performance.now();
    await local.stop();
    starts.push(t1 - t0);
    stops.push(performance.now() - t1);
  }
  // The first start also loads the modules (SDK, dynalite, express): reported apart.
  console.log(`start-up: first ${ms(starts[0] ?? NaN)} (module loading included), then median ${ms(median(starts.slice(1)))}, max ${ms(Math.max(...starts.slice(1)))} over ${STARTS - 1} starts (goal < 1000 ms)`);
  console.log(`shutdown: median ${ms(median(stops))}, max ${ms(Math.max(...stops))}`);
}

async function throughput(): Promise<void> {
  const local = await startLocalCheckout({ logLevel: "SILENT" });
  try {
    // Warm-up: JIT, connection pools, first-use SDK clients of the handlers.
    await runCheckout(local.sfn, local.stateMachineArn, { ...sample, CartId: "warm-up" });
    await local.poller.drained();
    const emailsBefore = (await local.ses.emails()).length;
    const latencies: number[] = [];
    let next = 0;
    const t0 = performance.now();
    const worker = async () => {
      while (next < CHECKOUTS) {
        const i = next++;
        const started = performance.now();
        const order = { ...sample, CartId: `bench-${i}` };
        const { executionArn } = await local.sfn.send(new StartExecutionCommand({ stateMachineArn: local.stateMachineArn, name: order.CartId, input: JSON.stringify(order) }));
        // Waiting in-process instead of polling DescribeExecution: 20 polling clients would measure the polling.
        await local.service.execution(executionArn as string).finished;
        const run = await local.sfn.send(new DescribeExecutionCommand({ executionArn }));
        if (run.status !== "SUCCEEDED") throw new Error(`checkout ${order.CartId} ended ${run.status}: ${run.error} ${run.cause}`);
        latencies.push(performance.now() - started);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await local.poller.drained();
    const elapsed = (performance.now() - t0) / 1000;
    const emails = (await local.ses.emails()).length - emailsBefore;
    if (emails !== CHECKOUTS) throw new Error(`expected ${CHECKOUTS} emails, got ${emails}`);
    console.log(
      `end-to-end: ${CHECKOUTS} checkouts (${CONCURRENCY} at a time) in ${elapsed.toFixed(2)} s = ${(CHECKOUTS / elapsed).toFixed(1)} checkouts/s, ` +
        `execution latency p50 ${ms(median(latencies))}, p95 ${ms(percentile(latencies, 0.95))}; ${emails} emails, DLQ ${local.deadLetterQueue.size}`,
    );
  } finally {
    await local.stop();
  }
}

await startUp();
await throughput();
