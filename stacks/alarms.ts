/**
 * What an operator must hear about: executions that failed or timed out (a customer got no answer or a
 * CheckoutFailed email), and any message in the notification DLQ (a customer got no email).
 */
import type { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "./cdktf-modules";

export function addAlarms(
  scope: Construct,
  props: { namePrefix: string; stateMachineArn: string; dlqName: string; alarmTopicArn?: string },
): CloudwatchMetricAlarm[] {
  const actions = props.alarmTopicArn ? { alarmActions: [props.alarmTopicArn], okActions: [props.alarmTopicArn] } : {};
  const executionAlarm = (id: string, metricName: string, what: string) =>
    new CloudwatchMetricAlarm(scope, id, {
      alarmName: `${props.namePrefix}-${id}`,
      alarmDescription: `${what} in the last 5 minutes`,
      namespace: "AWS/States",
      metricName,
      dimensions: { StateMachineArn: props.stateMachineArn },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      // No executions means no metric data: that is healthy, not unknown.
      treatMissingData: "notBreaching",
      ...actions,
    });
  return [
    executionAlarm("executions-failed", "ExecutionsFailed", "Checkout executions failed"),
    executionAlarm("executions-timed-out", "ExecutionsTimedOut", "Checkout executions timed out"),
    new CloudwatchMetricAlarm(scope, "notification-dlq-not-empty", {
      alarmName: `${props.namePrefix}-notification-dlq-not-empty`,
      alarmDescription: "Notifications in the dead-letter queue: customers did not get their email",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: props.dlqName },
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      ...actions,
    }),
  ];
}
