/**
 * An IAM permission a state machine's role needs for one service integration. The stacks turn these
 * into the role's policy, so the policy follows the definition instead of being written by hand.
 */
export interface IntegrationPermission {
  /**
   * The integration's service as named in its resource ARN (`arn:aws:states:::<service>:...`):
   * "dynamodb", "events", "apigateway", "lambda", or for `aws-sdk:*` tasks the SDK service name.
   */
  service: string;
  /** IAM actions, e.g. ["dynamodb:PutItem"]. */
  actions: string[];
  /**
   * What the user named as the target: table name, event bus name, API endpoint host, function name.
   * May be a `${Placeholder}` or a Terraform token string; "*" when the target is only known at run time.
   */
  target: string;
}

/** Merges permissions on the same service and target, keeping first-seen order; actions sorted. */
export function mergePermissions(permissions: readonly IntegrationPermission[]): IntegrationPermission[] {
  const merged = new Map<string, IntegrationPermission>();
  for (const permission of permissions) {
    const key = JSON.stringify([permission.service, permission.target]);
    const existing = merged.get(key);
    if (existing === undefined) merged.set(key, { ...permission, actions: [...new Set(permission.actions)].sort() });
    else existing.actions = [...new Set([...existing.actions, ...permission.actions])].sort();
  }
  return [...merged.values()];
}
