import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { SQSEvent } from "aws-lambda";
import { LocalQueue } from "../../local/sqs/queue";
import { QueuePoller, type SqsHandler } from "../../local/sqs/poller";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function queues(visibilityTimeoutMs = 20, maxReceiveCount = 3) {
  const dlq = new LocalQueue({ name: "dlq" });
  const queue = new LocalQueue({ name: "main", visibilityTimeoutMs, maxReceiveCount, deadLetterQueue: dlq });
  return { queue, dlq };
}

describe("LocalQueue", () => {
  it("hides a received message for the visibility timeout, then redelivers it with a higher receive count", async () => {
    const { queue } = queues(30);
    queue.send("hello");
    const [first] = queue.receive();
    expect(first?.body).toBe("hello");
    expect(first?.attributes.ApproximateReceiveCount).toBe("1");
    expect(queue.receive()).toHaveLength(0);
    await sleep(40);
    const [second] = queue.receive();
    expect(second?.messageId).toBe(first?.messageId);
    expect(second?.attributes.ApproximateReceiveCount).toBe("2");
  });

  it("ignores a stale receipt handle but deletes with the current one", async () => {
    const { queue } = queues(5);
    queue.send("x");
    const [first] = queue.receive();
    await sleep(10);
    const [second] = queue.receive();
    expect(queue.delete(first!.receiptHandle)).toBe(false);
    expect(queue.size).toBe(1);
    expect(queue.delete(second!.receiptHandle)).toBe(true);
    expect(queue.size).toBe(0);
  });

  it("moves a message to the DLQ on the receive after maxReceiveCount", async () => {
    const { queue, dlq } = queues(1, 2);
    queue.send("poison");
    expect(queue.receive()).toHaveLength(1);
    await sleep(5);
    expect(queue.receive()).toHaveLength(1);
    await sleep(5);
    expect(queue.receive()).toHaveLength(0);
    expect(queue.size).toBe(0);
    expect(dlq.peekBodies()).toEqual(["poison"]);
  });

  it("refuses a redrive policy without a DLQ, naming the queue", () => {
    expect(() => new LocalQueue({ name: "orphan", maxReceiveCount: 2 })).toThrow(/orphan.*deadLetterQueue/);
  });

  it("fills records like the SQS event source", () => {
    const { queue } = queues();
    queue.send('{"a":1}');
    const [record] = queue.receive();
    expect(record).toMatchObject({ eventSource: "aws:sqs", eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:main", md5OfBody: createHash("md5").update('{"a":1}').digest("hex") });
  });
});

describe("QueuePoller", () => {
  let poller: QueuePoller | undefined;
  afterEach(async () => {
    await poller?.stop();
    poller = undefined;
  });

  it("delivers batches and deletes what succeeded", async () => {
    const { queue, dlq } = queues();
    const seen: string[] = [];
    poller = new QueuePoller(queue, async (event) => {
      seen.push(...event.Records.map((r) => r.body));
    });
    poller.start();
    queue.send("a");
    queue.send("b");
    await poller.drained();
    expect(seen.sort()).toEqual(["a", "b"]);
    expect(queue.size).toBe(0);
    expect(dlq.size).toBe(0);
  });

  it("retries only the records named in batchItemFailures, and redrives a poison one", async () => {
    const { queue, dlq } = queues(10, 3);
    const deliveries = new Map<string, number>();
    const handler: SqsHandler = async (event: SQSEvent) => {
      const failures = [];
      for (const record of event.Records) {
        deliveries.set(record.body, (deliveries.get(record.body) ?? 0) + 1);
        if (record.body === "poison") failures.push({ itemIdentifier: record.messageId });
      }
      return { batchItemFailures: failures };
    };
    queue.send("good-1");
    queue.send("poison");
    queue.send("good-2");
    poller = new QueuePoller(queue, handler);
    poller.start();
    await poller.drained();
    expect(deliveries.get("good-1")).toBe(1);
    expect(deliveries.get("good-2")).toBe(1);
    expect(deliveries.get("poison")).toBe(3);
    expect(dlq.peekBodies()).toEqual(["poison"]);
  });

  it("retries the whole batch when the handler throws, until it succeeds", async () => {
    const { queue, dlq } = queues(10, 3);
    let calls = 0;
    const errors: unknown[] = [];
    poller = new QueuePoller(
      queue,
      async () => {
        calls++;
        if (calls === 1) throw new Error("transient");
      },
      { onInvocationError: (e) => errors.push(e) },
    );
    poller.start();
    queue.send("m");
    await poller.drained();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    expect(dlq.size).toBe(0);
  });

  it("treats a failure naming an unknown record as a failure of the whole batch", async () => {
    const { queue, dlq } = queues(5, 2);
    poller = new QueuePoller(queue, async () => ({ batchItemFailures: [{ itemIdentifier: "not-in-batch" }] }));
    poller.start();
    queue.send("m");
    await poller.drained();
    expect(dlq.peekBodies()).toEqual(["m"]);
  });
});
