import type { APIGatewayProxyEvent } from "aws-lambda";
import type { ServiceRequestBody } from "../../workflows/checkout-contract";
import { validateServiceRequest } from "./request-validator";
import { describeValidationErrors } from "../shared/validation-errors";
import { bodyText } from "./http";

export type ParsedRequest = { ok: true; body: ServiceRequestBody } | { ok: false; problem: string };

/** The POSTed `{ order, taskToken }`, checked against events/service-request.schema.json. */
export function parseServiceRequest(event: Pick<APIGatewayProxyEvent, "body" | "isBase64Encoded">): ParsedRequest {
  const text = bodyText(event);
  if (text === undefined) return { ok: false, problem: "body is missing: expected JSON { order, taskToken }" };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `body is not valid JSON (${(error as Error).message})` };
  }
  if (!validateServiceRequest(body)) {
    return { ok: false, problem: describeValidationErrors(validateServiceRequest.errors, "body") };
  }
  return { ok: true, body: body as ServiceRequestBody };
}
