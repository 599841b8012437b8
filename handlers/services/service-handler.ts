import { SFNClient, SendTaskSuccessCommand } from "@aws-sdk/client-sfn";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { HANDLER_ENV } from "../../workflows/checkout-contract";
import { addLambdaContext, createLogger, type Logger } from "../shared/logger";
import { loggableError } from "../shared/redact";
import { jsonResponse } from "./http";
import { parseOutcome, succeeds, type Outcome } from "./outcome";
import { parseServiceRequest } from "./service-request";
import { refusedCallback } from "./sfn-errors";

/** The two answers of one simulated third party, success first, as in the contract's status lists. */
export type ServiceStatuses<S extends string> = readonly [success: S, failure: S];

export interface ServiceHandlerOptions<S extends string> {
  /** Service name in the logs: "payment" or "shipping". */
  service: string;
  statuses: ServiceStatuses<S>;
  /**
   * The OUTCOME setting, read on every request so one process (local mode) can switch it between runs.
   * Defaults to the OUTCOME environment variable.
   */
  outcome?: () => string | undefined;
  /** Defaults to an SFNClient built on first use from the environment (region, AWS_ENDPOINT_URL_SFN). */
  sfn?: SFNClient;
  logger?: Logger;
  random?: () => number;
}

export type ServiceHandler = (event: APIGatewayProxyEvent, context?: Partial<Context>) => Promise<APIGatewayProxyResult>;

/**
 * A simulated third party (payment or shipping): checks the request, picks its answer from the OUTCOME
 * setting and delivers it to the waiting state machine with SendTaskSuccess as `{ "Status": ... }`.
 * A bad request gets a 400 naming the problem and no callback.
 */
export function createServiceHandler<S extends string>(options: ServiceHandlerOptions<S>): ServiceHandler {
  const readOutcome = options.outcome ?? (() => process.env[HANDLER_ENV.outcome]);
  const logger = options.logger ?? createLogger(options.service);
  const random = options.random ?? Math.random;
  const [successStatus, failureStatus] = options.statuses;
  let sfn = options.sfn;
  let lastOutcome: { raw: string | undefined; parsed: Outcome } | undefined;

  // Fails at start-up (module load) when the setting is already malformed, not on the first order.
  outcomeNow();

  function outcomeNow(): Outcome {
    const raw = readOutcome();
    if (lastOutcome && lastOutcome.raw === raw) return lastOutcome.parsed;
    const parsed = parseOutcome(raw);
    lastOutcome = { raw, parsed };
    return parsed;
  }

  return async function handler(event, context) {
    addLambdaContext(logger, context);
    const outcome = outcomeNow();
    const request = parseServiceRequest(event);
    if (!request.ok) {
      logger.warn("bad request refused, no callback", { problem: request.problem });
      return jsonResponse(400, { error: "BadRequest", message: request.problem });
    }
    const { order, taskToken } = request.body;
    const cart_id = order.CartId;
    const status = succeeds(outcome, random) ? successStatus : failureStatus;

    sfn ??= new SFNClient({});
    try {
      await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ Status: status }) }));
    } catch (error) {
      const logged = loggableError(error, [taskToken, order.Email]);
      const refused = refusedCallback(logged.name);
      logger.error("callback refused by Step Functions", { cart_id, status, error: logged });
      return jsonResponse(refused.statusCode, { error: logged.name, message: refused.message });
    }
    logger.info("callback delivered", { cart_id, status, outcome: outcome.kind });
    return jsonResponse(200, { Status: status });
  };
}
