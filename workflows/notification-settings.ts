/**
 * Settings of the notification queue that AWS (stacks/notification.ts) and local mode (local/stand-ins.ts)
 * must share. They live here rather than in stacks/ because local mode cannot import stacks/ without
 * loading cdktf.
 */

/** Receives before a message goes to the DLQ: rides out a throttled SES, stops a poison message early. */
export const MAX_RECEIVE_COUNT = 5;

/** Messages the notifier gets per invocation (SQS's maximum for a standard queue's receive). */
export const NOTIFIER_BATCH_SIZE = 10;
