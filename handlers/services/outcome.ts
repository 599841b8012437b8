import { ConfigError } from "../shared/config-error";
import { HANDLER_ENV } from "../../workflows/checkout-contract";

/** What a simulated service answers: always success, always failure, or failure with a probability. */
export type Outcome = { kind: "success" } | { kind: "failure" } | { kind: "failureRate"; rate: number };

const RATE = /^(?:0(?:\.\d+)?|1(?:\.0+)?|\.\d+)$/;

/** What the OUTCOME setting accepts, worded for messages. */
export const OUTCOME_DESCRIPTION = '"success", "failure" or a failure rate between 0 and 1 such as "0.25"';

/** The outcome `raw` names (case and surrounding blanks ignored; blank is "success"), undefined if none. */
function outcomeOf(raw: string | undefined): Outcome | undefined {
  const value = raw?.trim().toLowerCase() ?? "";
  if (value === "" || value === "success") return { kind: "success" };
  if (value === "failure") return { kind: "failure" };
  if (RATE.test(value)) return { kind: "failureRate", rate: Number(value) };
  return undefined;
}

/** Whether the handlers accept `raw` as their OUTCOME setting (what the stacks check before deploying it). */
export function isOutcome(raw: string): boolean {
  return outcomeOf(raw) !== undefined;
}

/**
 * Parses the OUTCOME setting: "success", "failure", or a failure rate between 0 and 1 such as "0.25".
 * Unset or blank means "success", as the sample's services answered by default.
 */
export function parseOutcome(raw: string | undefined): Outcome {
  const outcome = outcomeOf(raw);
  if (outcome) return outcome;
  throw new ConfigError(HANDLER_ENV.outcome, `must be ${OUTCOME_DESCRIPTION}, not ${JSON.stringify(raw)}`);
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
