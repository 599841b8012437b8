import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";

/** A Lambda proxy answer with a JSON body. */
export function jsonResponse(statusCode: number, body: Record<string, unknown>): APIGatewayProxyResult {
  return { statusCode, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}

/** The request body as text (API Gateway base64-encodes binary media types), or undefined when absent. */
export function bodyText(event: Pick<APIGatewayProxyEvent, "body" | "isBase64Encoded">): string | undefined {
  if (event.body === null || event.body === undefined || event.body === "") return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
}
