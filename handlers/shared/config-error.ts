/**
 * A handler's configuration (its environment) is unusable. Thrown at start-up or on the first
 * invocation, never answered as a business outcome: the message names the variable and what it accepts.
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly variable: string, problem: string) {
    super(`${variable} ${problem}`);
  }
}

/** A required environment variable, trimmed; a missing or blank one is a ConfigError naming it. */
export function requireEnv(env: NodeJS.ProcessEnv, variable: string, what: string): string {
  const value = env[variable]?.trim();
  if (!value) throw new ConfigError(variable, `is required: set it to ${what}`);
  return value;
}
