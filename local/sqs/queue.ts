/**
 * An in-memory SQS standard queue with the semantics the notification path depends on: a received
 * message is invisible for the visibility timeout, then comes back with its receive count raised; once a
 * message has been received `maxReceiveCount` times, the next receive moves it to the dead-letter queue
 * instead (SQS's redrive policy). No npm stand-in runs in-process without Java or Go (ElasticMQ, goaws),
 * and the notifier only needs these few operations, so this one is our own.
 */
import { createHash, randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import type { SQSRecord } from "aws-lambda";

export interface QueueOptions {
  name: string;
  region?: string;
  accountId?: string;
  /** How long a received message stays invisible (SQS default 30 s; local runs use much less). */
  visibilityTimeoutMs?: number;
  /** Redrive policy: after this many receives the message goes to `deadLetterQueue`. */
  maxReceiveCount?: number;
  deadLetterQueue?: LocalQueue;
}

interface StoredMessage {
  messageId: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  invisibleUntil: number;
  receiptHandle?: string;
}

export class LocalQueue {
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  readonly visibilityTimeoutMs: number;
  readonly maxReceiveCount: number | undefined;
  readonly deadLetterQueue: LocalQueue | undefined;
  /** Emits "message" when a message is sent, so pollers need not spin. */
  readonly events = new EventEmitter();
  private readonly messages = new Map<string, StoredMessage>();

  constructor(options: QueueOptions) {
    if (options.maxReceiveCount !== undefined && (!Number.isInteger(options.maxReceiveCount) || options.maxReceiveCount < 1)) {
      throw new Error(`queue ${options.name}: maxReceiveCount must be a positive integer, got ${options.maxReceiveCount}`);
    }
    if (options.maxReceiveCount !== undefined && !options.deadLetterQueue) {
      throw new Error(`queue ${options.name}: maxReceiveCount needs a deadLetterQueue`);
    }
    this.name = options.name;
    this.region = options.region ?? "us-east-1";
    this.arn = `arn:aws:sqs:${this.region}:${options.accountId ?? "000000000000"}:${options.name}`;
    this.visibilityTimeoutMs = options.visibilityTimeoutMs ?? 30_000;
    this.maxReceiveCount = options.maxReceiveCount;
    this.deadLetterQueue = options.deadLetterQueue;
  }

  send(body: string): string {
    const messageId = randomUUID();
    this.messages.set(messageId, { messageId, body, sentAt: Date.now(), receiveCount: 0, invisibleUntil: 0 });
    this.events.emit("message");
    return messageId;
  }

  /** Up to `max` visible messages, made invisible for the visibility timeout. */
  receive(max = 10): SQSRecord[] {
    const now = Date.now();
    const records: SQSRecord[] = [];
    for (const message of this.messages.values()) {
      if (records.length >= max) break;
      if (message.invisibleUntil > now) continue;
      if (this.maxReceiveCount !== undefined && message.receiveCount >= this.maxReceiveCount) {
        this.messages.delete(message.messageId);
        this.deadLetterQueue?.send(message.body);
        continue;
      }
      message.receiveCount++;
      message.firstReceivedAt ??= now;
      message.invisibleUntil = now + this.visibilityTimeoutMs;
      message.receiptHandle = `${message.messageId}#${message.receiveCount}`;
      records.push(this.toRecord(message));
    }
    return records;
  }

  /** Deletes a received message; a stale receipt handle (from an earlier receive) is ignored as on SQS. */
  delete(receiptHandle: string): boolean {
    const messageId = receiptHandle.split("#")[0] ?? "";
    const message = this.messages.get(messageId);
    if (!message || message.receiptHandle !== receiptHandle) return false;
    return this.messages.delete(messageId);
  }

  /** Milliseconds until the next invisible message becomes visible, or undefined when none is waiting. */
  nextVisibleInMs(): number | undefined {
    const now = Date.now();
    let next: number | undefined;
    for (const message of this.messages.values()) {
      const wait = Math.max(0, message.invisibleUntil - now);
      next = next === undefined ? wait : Math.min(next, wait);
    }
    return next;
  }

  /** Messages still in the queue, visible or in flight. */
  get size(): number {
    return this.messages.size;
  }

  /** Bodies of the messages in the queue, oldest first (for inspection, not a receive). */
  peekBodies(): string[] {
    return [...this.messages.values()].map((m) => m.body);
  }

  purge(): void {
    this.messages.clear();
  }

  private toRecord(message: StoredMessage): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: message.receiptHandle ?? "",
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: "AIDAEXAMPLELOCAL",
        ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
      },
      messageAttributes: {},
      md5OfBody: createHash("md5").update(message.body).digest("hex"),
      eventSource: "aws:sqs",
      eventSourceARN: this.arn,
      awsRegion: this.region,
    };
  }
}
