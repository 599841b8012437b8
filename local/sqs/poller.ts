/**
 * Invokes a Lambda handler with batches from a LocalQueue the way Lambda's SQS event source mapping does
 * with ReportBatchItemFailures on: a batch that returns normally is deleted except the records named in
 * `batchItemFailures`; a batch that throws (or names an unknown record) is left to come back after the
 * visibility timeout, and the queue's redrive policy moves repeat failures to the DLQ.
 */
import { EventEmitter } from "node:events";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { lambdaContext } from "../lambda/context";
import type { LocalQueue } from "./queue";

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void | undefined>;

/** Lambda's default BatchSize for an SQS event source mapping. */
const DEFAULT_BATCH_SIZE = 10;

export interface PollerOptions {
  /** Records per invocation (default: Lambda's default, 10). */
  batchSize?: number;
  functionName?: string;
  /** Told about each failed invocation (the mapping would log it); defaults to silence. */
  onInvocationError?: (error: unknown) => void;
}

export class QueuePoller {
  private running = false;
  private invoking: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly settled = new EventEmitter();
  private wakeScheduled = false;
  /**
   * Deferred to the next turn of the event loop, so messages sent together are received together in
   * one batch (Lambda's poller also gathers a batch rather than invoking per message).
   */
  private readonly wake = () => {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      this.pump();
    });
  };
  /** Invocations so far; each one a batch. */
  invocations = 0;

  constructor(
    private readonly queue: LocalQueue,
    private readonly handler: SqsHandler,
    private readonly options: PollerOptions = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.queue.events.on("message", this.wake);
    this.wake();
  }

  /** Stops polling and waits for the invocation in flight, leaving no timer or listener behind. */
  async stop(): Promise<void> {
    this.running = false;
    // A wake already scheduled finds the poller stopped and does nothing.
    this.queue.events.off("message", this.wake);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.invoking;
  }

  /** Resolves once the queue is empty and no invocation is running (messages delivered, failed or redriven). */
  drained(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.queue.size === 0 && !this.invoking) {
          this.settled.off("settled", check);
          resolve();
        }
      };
      this.settled.on("settled", check);
      check();
    });
  }

  private pump(): void {
    if (!this.running || this.invoking) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const records = this.queue.receive(this.options.batchSize ?? DEFAULT_BATCH_SIZE);
    if (records.length === 0) {
      const wait = this.queue.nextVisibleInMs();
      // Also covers messages redriven to the DLQ during receive: the queue may have emptied.
      this.settled.emit("settled");
      if (wait !== undefined) this.timer = setTimeout(this.wake, Math.max(wait, 1));
      return;
    }
    this.invoking = this.invoke({ Records: records }).finally(() => {
      this.invoking = undefined;
      this.settled.emit("settled");
      this.pump();
    });
  }

  private async invoke(event: SQSEvent): Promise<void> {
    this.invocations++;
    let response: SQSBatchResponse | void | undefined;
    try {
      response = await this.handler(event, lambdaContext(this.options.functionName ?? "notifier"));
    } catch (error) {
      this.options.onInvocationError?.(error);
      return;
    }
    const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    const known = new Set(event.Records.map((r) => r.messageId));
    // As on AWS: a failure naming no record of the batch fails the whole batch.
    if ([...failed].some((id) => !id || !known.has(id))) return;
    for (const record of event.Records) {
      if (!failed.has(record.messageId)) this.queue.delete(record.receiptHandle);
    }
  }
}
