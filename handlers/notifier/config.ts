import { HANDLER_ENV } from "../../workflows/checkout-contract";
import { ConfigError, requireEnv } from "../shared/config-error";

export interface NotifierConfig {
  ordersTable: string;
  idempotencyTable: string;
  /** Verified SES identity the emails are sent from. */
  senderEmail: string;
  /** Brand in subjects and bodies. */
  brand: string;
}

export const DEFAULT_BRAND = "Octank";

/** The notifier's settings from its environment, with explicit values taking precedence. */
export function readNotifierConfig(env: NodeJS.ProcessEnv, overrides: Partial<NotifierConfig> = {}): NotifierConfig {
  const senderEmail = overrides.senderEmail ?? requireEnv(env, HANDLER_ENV.senderEmail, "the verified SES sender address");
  if (!/^[^@\s]+@[^@\s]+$|<[^@\s<>]+@[^@\s<>]+>$/.test(senderEmail)) {
    throw new ConfigError(HANDLER_ENV.senderEmail, `must be an email address such as orders@example.com, not ${JSON.stringify(senderEmail)}`);
  }
  return {
    ordersTable: overrides.ordersTable ?? requireEnv(env, HANDLER_ENV.ordersTable, "the orders table name"),
    idempotencyTable: overrides.idempotencyTable ?? requireEnv(env, HANDLER_ENV.idempotencyTable, "the idempotency table name"),
    senderEmail,
    brand: overrides.brand ?? (env[HANDLER_ENV.brand]?.trim() || DEFAULT_BRAND),
  };
}
