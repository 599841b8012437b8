/**
 * The EventBridge rules of the notification service, as plain JSON event patterns. This module is the one
 * source of truth: the stacks jsonencode these patterns into `aws_cloudwatch_event_rule`s and local mode's
 * EventBridge stand-in applies the very same objects, so what is routed locally is what AWS routes.
 *
 * One rule per DetailType rather than one rule listing all four: each rule gets its own CloudWatch
 * metrics (MatchedEvents, Invocations, FailedInvocations), so a broken notification type shows up by name,
 * and one type can be disabled or re-targeted without touching the others. The cost is three more rules
 * and targets, which is nothing next to that.
 */
import { DETAIL_TYPES, EVENT_SOURCE, type DetailType } from "./checkout-contract";

/** An EventBridge event pattern (content filters included), as EventBridge reads it from JSON. */
export type EventPatternValue = string | number | boolean | null | { [key: string]: unknown };
export interface EventPattern {
  [field: string]: readonly EventPatternValue[] | EventPattern;
}

export interface NotificationRule {
  /** Suffix of the rule name on AWS (`<prefix>-<ruleName>`), unique among the rules. */
  readonly ruleName: string;
  readonly detailType: DetailType;
  readonly description: string;
  readonly eventPattern: EventPattern;
}

function ruleFor(detailType: DetailType): NotificationRule {
  return {
    ruleName: `notify-${detailType.replace(/[A-Z]/g, (c, i: number) => (i ? "-" : "") + c.toLowerCase())}`,
    detailType,
    description: `Routes the checkout's ${detailType} events to the notification queue`,
    eventPattern: {
      source: [EVENT_SOURCE],
      "detail-type": [detailType],
      // An event without a cart id cannot be notified (the email is looked up by it): keep it off the queue.
      detail: { cart_id: [{ exists: true }] },
    },
  };
}

/** One rule per DetailType of the contract, in the contract's order. */
export const NOTIFICATION_RULES: readonly NotificationRule[] = DETAIL_TYPES.map(ruleFor);
