import { ConfigError } from "../shared/config-error";
import { HANDLER_ENV } from "../../workflows/checkout-contract";

/** What a simulated service answers: always success, always failure, or failure with a probability. */
export type Outcome = { kind: "success" } | { kind: "failure" } | { kind: "failureRate"; rate: number };

const RATE = /^(?:0(?:\.\d+)?|1(?:\.0+)?|\.\d+)$/;

/**
 * Parses the OUTCOME setting: "success", "failure", or a failure rate between 0 and 1 such as "0.25".
 * Unset or blank means "success", as the sample's services answered by default.
 */
export function parseOutcome(raw: string | undefined): Outcome {
  const value = raw?.trim().toLowerCase() ?? "";
  if (value === "" || value === "success") return { kind: "success" };
  if (value === "failure") return { kind: "failure" };
  if (RATE.test(value)) return { kind: "failureRate", rate: Number(value) };
  throw new ConfigError(
    HANDLER_ENV.outcome,
    `must be "success", "failure" or a failure rate between 0 and 1 such as "0.25", not ${JSON.stringify(raw)}`,
  );
}

/** Whether this request succeeds. `random` returns a number in [0, 1), as Math.random does. */
export function succeeds(outcome: Outcome, random: () => number): boolean {
  switch (outcome.kind) {
    case "success":
      return true;
    case "failure":
      return false;
    case "failureRate":
      return random() >= outcome.rate;
  }
}
