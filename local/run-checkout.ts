/**
 * Starts one checkout execution named after the cart and waits for it, with @aws-sdk/client-sfn only,
 * so the same code runs against the local endpoint and against a deployed stack.
 */
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
  type HistoryEvent,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import type { Order } from "../workflows/checkout-contract";

export interface CheckoutRun {
  executionArn: string;
  status: string;
  output?: unknown;
  error?: string;
  cause?: string;
  /** Names of the states entered, in order. */
  statesVisited: string[];
  /** True when an execution of this cart already existed and this run only waited for it. */
  alreadyStarted: boolean;
}

export interface RunOptions {
  /** Delay between DescribeExecution polls (default 20 ms: local answers are near-instant). */
  pollIntervalMs?: number;
  /** Give up waiting after this long (default 10 minutes: longer than both callback timeouts). */
  timeoutMs?: number;
}

export async function runCheckout(sfn: SFNClient, stateMachineArn: string, order: Order, options: RunOptions = {}): Promise<CheckoutRun> {
  const name = order.CartId;
  let executionArn: string;
  let alreadyStarted = false;
  try {
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(order) }));
    executionArn = started.executionArn ?? "";
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
    // The cart was checked out before: report that execution rather than start a second one.
    executionArn = executionArnFor(stateMachineArn, name);
    alreadyStarted = true;
  }
  const result = await waitForExecution(sfn, executionArn, options);
  return { ...result, alreadyStarted };
}

export function executionArnFor(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
}

export async function waitForExecution(sfn: SFNClient, executionArn: string, options: RunOptions = {}): Promise<Omit<CheckoutRun, "alreadyStarted">> {
  const interval = options.pollIntervalMs ?? 20;
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  for (;;) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== "RUNNING") {
      return {
        executionArn,
        status: described.status ?? "UNKNOWN",
        ...(described.output !== undefined ? { output: JSON.parse(described.output) as unknown } : {}),
        ...(described.error !== undefined ? { error: described.error } : {}),
        ...(described.cause !== undefined ? { cause: described.cause } : {}),
        statesVisited: statesEntered(await fullHistory(sfn, executionArn)),
      };
    }
    if (Date.now() > deadline) throw new Error(`execution ${executionArn} still RUNNING after ${options.timeoutMs ?? 600_000} ms`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

export async function fullHistory(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

export function statesEntered(events: HistoryEvent[]): string[] {
  return events.filter((e) => e.type?.endsWith("StateEntered")).map((e) => e.stateEnteredEventDetails?.name ?? "?");
}
