/**
 * The notification service's plumbing: the custom bus, one rule per DetailType (patterns from
 * workflows/notification-rules.ts, shared with local mode), each targeting the notification queue with a
 * retry policy and the dead-letter queue; the queue and its DLQ with SQS-managed encryption and a bounded
 * redrive; queue policies that admit only EventBridge, only from these rules, only over TLS; and the
 * notifier's event source mapping with partial batch responses.
 */
import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import type { Construct } from "constructs";
import { NOTIFICATION_RULES } from "../workflows/notification-rules";
import { MAX_RECEIVE_COUNT, NOTIFIER_BATCH_SIZE } from "../workflows/notification-settings";
import { policyDocument } from "./iam";
import { escapeTerraformTemplate } from "./terraform-string";
import { CloudwatchEventBus, CloudwatchEventRule, CloudwatchEventTarget, LambdaEventSourceMapping, SqsQueue, SqsQueuePolicy } from "./cdktf-modules";

/** AWS's guidance for a queue feeding Lambda: visibility at least six times the function's timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;
/** Concurrent notifier invocations the mapping may run (2 is the minimum): keeps SES sending rates sane. */
export const NOTIFIER_MAX_CONCURRENCY = 2;
/** EventBridge's retries of a failed delivery to the queue, before the event goes to the DLQ. */
export const DELIVERY_RETRY = { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 20 } as const;

export interface NotificationQueues {
  queue: SqsQueue;
  dlq: SqsQueue;
}

export function addNotificationQueues(scope: Construct, props: { namePrefix: string; notifierTimeoutSeconds: number }): NotificationQueues {
  const dlq = new SqsQueue(scope, "notification-dlq", {
    name: `${props.namePrefix}-notifications-dlq`,
    sqsManagedSseEnabled: true,
    messageRetentionSeconds: 14 * 24 * 3600,
  });
  const queue = new SqsQueue(scope, "notification-queue", {
    name: `${props.namePrefix}-notifications`,
    sqsManagedSseEnabled: true,
    messageRetentionSeconds: 4 * 24 * 3600,
    visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_FACTOR * props.notifierTimeoutSeconds,
    redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: MAX_RECEIVE_COUNT }),
  });
  return { queue, dlq };
}

export interface NotificationRouting {
  bus: CloudwatchEventBus;
  rules: CloudwatchEventRule[];
}

export function addNotificationRouting(scope: Construct, props: { namePrefix: string; queues: NotificationQueues }): NotificationRouting {
  const { queue, dlq } = props.queues;
  const bus = new CloudwatchEventBus(scope, "notification-bus", { name: `${props.namePrefix}-notifications` });
  const rules = NOTIFICATION_RULES.map((spec) => {
    const rule = new CloudwatchEventRule(scope, `rule-${spec.ruleName}`, {
      name: `${props.namePrefix}-${spec.ruleName}`,
      description: spec.description,
      eventBusName: bus.name,
      eventPattern: escapeTerraformTemplate(JSON.stringify(spec.eventPattern)),
    });
    new CloudwatchEventTarget(scope, `target-${spec.ruleName}`, {
      rule: rule.name,
      eventBusName: bus.name,
      targetId: "notification-queue",
      arn: queue.arn,
      retryPolicy: DELIVERY_RETRY,
      deadLetterConfig: { arn: dlq.arn },
    });
    return rule;
  });

  const ruleArns = rules.map((rule) => rule.arn);
  for (const [id, target] of [["notification-queue-policy", queue], ["notification-dlq-policy", dlq]] as const) {
    new SqsQueuePolicy(scope, id, {
      queueUrl: target.url,
      policy: policyDocument([
        {
          Sid: "OnlyTheCheckoutNotificationRules",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: target.arn,
          Condition: { ArnEquals: { "aws:SourceArn": ruleArns } },
        },
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "sqs:*",
          Resource: target.arn,
          Condition: { Bool: { "aws:SecureTransport": false } },
        },
      ]),
    });
  }
  return { bus, rules };
}

export function subscribeNotifier(scope: Construct, props: { queue: SqsQueue; notifier: LambdaFunction }): LambdaEventSourceMapping {
  return new LambdaEventSourceMapping(scope, "notifier-event-source", {
    eventSourceArn: props.queue.arn,
    functionName: props.notifier.arn,
    batchSize: NOTIFIER_BATCH_SIZE,
    // The notifier reports the records that failed; the others of the batch are not retried with them.
    functionResponseTypes: ["ReportBatchItemFailures"],
    scalingConfig: { maximumConcurrency: NOTIFIER_MAX_CONCURRENCY },
  });
}
