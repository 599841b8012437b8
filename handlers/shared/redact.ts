/**
 * Keeps personal data and secrets out of logs. AWS error messages can quote what they refused (SES names
 * unverified addresses, a token service may echo the token), so error text is scrubbed before logging.
 */

const EMAIL_LIKE = /[^\s"'<>(),;:@]+@[^\s"'<>(),;:@]+/g;
export const REDACTED = "[redacted]";

/** `text` with every given secret and anything that looks like an email address replaced. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret) out = out.split(secret).join(REDACTED);
  }
  return out.replace(EMAIL_LIKE, REDACTED);
}

/** What a log line may say about an error: its name, scrubbed message and HTTP status, no stack or request. */
export interface LoggableError {
  name: string;
  message: string;
  httpStatusCode?: number;
}

export function loggableError(error: unknown, secrets: readonly (string | undefined)[] = []): LoggableError {
  if (!(error instanceof Error)) return { name: "NonError", message: redact(String(error), secrets) };
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return {
    name: error.name,
    message: redact(error.message, secrets),
    ...(status === undefined ? {} : { httpStatusCode: status }),
  };
}
