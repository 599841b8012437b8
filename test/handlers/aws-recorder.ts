/**
 * A tiny HTTP stand-in for the three AWS APIs the handlers call, for bundles running in a child process:
 * AWS_ENDPOINT_URL_SFN, _DYNAMODB and _SES all point here. It records each call (service, operation,
 * parsed input) and answers as the service would: JSON 1.0 for Step Functions and DynamoDB, the query
 * protocol's XML for SES.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  service: "sfn" | "dynamodb" | "ses";
  operation: string;
  input: Record<string, unknown>;
}

export interface AwsRecorder {
  url: string;
  calls: RecordedCall[];
  close(): Promise<void>;
}

/** `orders` maps cart ids to emails for DynamoDB GetItem on any table but the idempotency one. */
export async function startAwsRecorder(orders: Record<string, string>): Promise<AwsRecorder> {
  const calls: RecordedCall[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const target = String(request.headers["x-amz-target"] ?? "");
      if (target) {
        const [prefix, operation = ""] = target.split(".");
        const service = prefix === "AWSStepFunctions" ? "sfn" : "dynamodb";
        const input = JSON.parse(body || "{}") as Record<string, unknown>;
        calls.push({ service, operation, input });
        response.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
        response.end(JSON.stringify(service === "dynamodb" ? dynamodbAnswer(operation, input, orders) : {}));
        return;
      }
      const form = Object.fromEntries(new URLSearchParams(body));
      calls.push({ service: "ses", operation: form.Action ?? "", input: form });
      response.writeHead(200, { "content-type": "text/xml" });
      response.end(
        `<SendEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendEmailResult><MessageId>recorded-${calls.length}</MessageId></SendEmailResult><ResponseMetadata><RequestId>r-${calls.length}</RequestId></ResponseMetadata></SendEmailResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function dynamodbAnswer(operation: string, input: Record<string, unknown>, orders: Record<string, string>): unknown {
  if (operation !== "GetItem" || String(input.TableName).includes("idempotency")) return {};
  const cartId = (input.Key as { cart_id?: { S?: string } } | undefined)?.cart_id?.S ?? "";
  const email = orders[cartId];
  return email ? { Item: { cart_id: { S: cartId }, email: { S: email } } } : {};
}
