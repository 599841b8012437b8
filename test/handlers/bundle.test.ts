import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildHandlers, PROJECT_ROOT, type BuiltFunction } from "../../handlers/build";
import { FUNCTION_NAMES, PAYMENT_STATUSES, SHIPPING_STATUSES, type FunctionName } from "../../workflows/checkout-contract";
import { startAwsRecorder, type AwsRecorder } from "./aws-recorder";
import { apiEvent, checkoutEvent, ORDER, serviceRequest, sqsEvent, sqsRecord, TASK_TOKEN, withDetail } from "./samples";

const run = promisify(execFile);
const CUSTOMER = "bundle.customer@example.org";

/**
 * Imports a built bundle in a fresh Node process and calls its handler once per step, after applying the
 * step's environment changes (the handlers read their settings per invocation), then prints the answers.
 */
const CHILD = `
const [bundle, steps] = process.argv.slice(2);
const { handler } = await import(bundle);
const context = { getRemainingTimeInMillis: () => 30000, functionName: "bundle-test", awsRequestId: "r-1" };
const answers = [];
for (const { env, event } of JSON.parse(steps)) {
  Object.assign(process.env, env);
  answers.push(await handler(event, context));
}
console.log("ANSWERS " + JSON.stringify(answers));
`;

interface Step {
  event: unknown;
  env?: Record<string, string>;
}

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

let workDir: string;
let built: BuiltFunction[];
let recorder: AwsRecorder;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "handlers-bundle-"));
  // The bundles leave @aws-sdk/* to the runtime: here the project's node_modules play the runtime's part.
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(workDir, "node_modules"), "dir");
  writeFileSync(join(workDir, "child.mjs"), CHILD);
  built = await buildHandlers(join(workDir, "a"));
  recorder = await startAwsRecorder({ [ORDER.CartId]: CUSTOMER });
});

afterAll(async () => {
  await recorder?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

async function invokeInChild(name: FunctionName, steps: Step[], env: Record<string, string> = {}) {
  const bundle = built.find((fn) => fn.name === name)!;
  const { stdout, stderr } = await run(process.execPath, [join(workDir, "child.mjs"), pathToFileURL(bundle.file).href, JSON.stringify(steps)], {
    cwd: workDir,
    env: {
      PATH: process.env.PATH ?? "",
      AWS_REGION: "eu-west-1",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_ENDPOINT_URL_SFN: recorder.url,
      AWS_ENDPOINT_URL_DYNAMODB: recorder.url,
      AWS_ENDPOINT_URL_SES: recorder.url,
      ...env,
    },
  });
  const answers = stdout.split("\n").find((line) => line.startsWith("ANSWERS "));
  if (!answers) throw new Error(`the ${name} bundle printed no answers:\n${stdout}`);
  // Powertools Logger writes INFO to stdout, WARN and ERROR to stderr.
  const output = `${stdout}\n${stderr}`;
  const logs = output.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);
  return { answers: JSON.parse(answers.slice("ANSWERS ".length)) as Array<Record<string, unknown>>, logs, output };
}

describe("bundles", () => {
  it("builds one minified ES module with a source map per function", () => {
    expect(built.map((fn) => fn.name)).toEqual([...FUNCTION_NAMES]);
    for (const fn of built) {
      const code = readFileSync(fn.file, "utf8");
      expect(fn.file).toBe(join(workDir, "a", fn.name, "index.mjs"));
      expect(code.trimEnd().endsWith("//# sourceMappingURL=index.mjs.map")).toBe(true);
      expect(code).toMatch(/export\{[^}]*\bas handler\b/);
      // @aws-sdk stays external: imported by name, not bundled.
      expect(code).toMatch(/from"@aws-sdk\/client-/);
      expect(fn.contributors.some((c) => c.source.startsWith("@aws-sdk/"))).toBe(false);
      // Ajv's compiler stays out: the validators are precompiled (only Ajv's tiny runtime helpers remain).
      expect(fn.contributors.filter((c) => c.source === "ajv").reduce((n, c) => n + c.bytes, 0)).toBeLessThan(1024);
      const map = JSON.parse(readFileSync(`${fn.file}.map`, "utf8")) as { sources: string[]; sourcesContent: string[] };
      expect(map.sources).toContain(`handlers/${fn.name}/index.ts`);
      expect(map.sources.every((source) => !source.startsWith("..") && !source.startsWith("/"))).toBe(true);
      expect(map.sourcesContent).toHaveLength(map.sources.length);
    }
  });

  it("is byte-for-byte reproducible, whatever the output folder", async () => {
    const again = await buildHandlers(join(workDir, "b", "deeper"));
    for (const [i, fn] of built.entries()) {
      const other = again[i]!;
      expect(sha256(other.file)).toBe(sha256(fn.file));
      expect(sha256(`${other.file}.map`)).toBe(sha256(`${fn.file}.map`));
      expect(other.sha256).toBe(fn.sha256);
    }
  });

  it.each([
    ["payment", PAYMENT_STATUSES],
    ["shipping", SHIPPING_STATUSES],
  ] as const)("the %s bundle calls SendTaskSuccess with the status OUTCOME asks for", async (name, [success, failure]) => {
    recorder.calls.length = 0;
    const request = apiEvent(serviceRequest());
    const { answers, logs, output } = await invokeInChild(name, [
      { env: { OUTCOME: "success" }, event: request },
      { env: { OUTCOME: "failure" }, event: request },
    ]);
    const answer = (status: string) => ({ statusCode: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ Status: status }) });
    expect(answers).toEqual([answer(success), answer(failure)]);
    expect(recorder.calls).toEqual(
      [success, failure].map((status) => ({
        service: "sfn",
        operation: "SendTaskSuccess",
        input: { taskToken: TASK_TOKEN, output: JSON.stringify({ Status: status }) },
      })),
    );
    expect(logs).toEqual([
      expect.objectContaining({ level: "INFO", service: name, cart_id: ORDER.CartId, status: success }),
      expect.objectContaining({ level: "INFO", service: name, cart_id: ORDER.CartId, status: failure }),
    ]);
    expect(output).not.toContain(TASK_TOKEN);
    expect(output).not.toContain(ORDER.Email);
  });

  it("the payment bundle refuses bad bodies with the precompiled validators, and calls nothing", async () => {
    recorder.calls.length = 0;
    const { answers } = await invokeInChild("payment", [
      { event: apiEvent({ order: ORDER }) },
      { event: apiEvent(serviceRequest({ ...ORDER, Email: "nobody" })) },
      { event: apiEvent(serviceRequest({ ...ORDER, Extra: "1" })) },
    ]);
    expect(answers.map((a) => [a.statusCode, (JSON.parse(a.body as string) as { message: string }).message])).toEqual([
      [400, "body must have required property 'taskToken'"],
      [400, 'body.order.Email must match format "email"'],
      [400, "body.order has unknown property 'Extra'"],
    ]);
    expect(recorder.calls).toEqual([]);
  });

  it("a malformed OUTCOME stops the payment bundle at start-up with a message naming it", async () => {
    await expect(invokeInChild("payment", [], { OUTCOME: "often" })).rejects.toThrow(/OUTCOME must be "success", "failure" or a failure rate/);
  });

  it("the notifier bundle looks the email up, sends the email through SES once, and records idempotency", async () => {
    recorder.calls.length = 0;
    const event = checkoutEvent("ShippingSuccessful");
    const badTime = { ...checkoutEvent("PaymentFailed"), detail: { cart_id: ORDER.CartId, Time: "yesterday", reason: "x" } };
    const records = [sqsRecord(event, "m1"), sqsRecord(checkoutEvent("Refunded"), "m2"), sqsRecord(badTime, "m3")];
    const { answers, logs, output } = await invokeInChild("notifier", [{ event: sqsEvent(...records) }], {
      ORDERS_TABLE_NAME: "orders",
      IDEMPOTENCY_TABLE_NAME: "idempotency",
      SENDER_EMAIL: "orders@octank.example",
      BRAND: "Octank",
    });
    expect(answers).toEqual([{ batchItemFailures: [{ itemIdentifier: "m2" }, { itemIdentifier: "m3" }] }]);
    // The precompiled event validators (and Ajv's date-time format) run in the bundle.
    expect(logs.find((l) => l.message_id === "m3")?.error).toEqual({
      name: "UnprocessableMessage",
      message: 'event.detail.Time must match format "date-time"',
    });
    expect(recorder.calls.map((c) => `${c.service}:${c.operation}:${String(c.input.TableName ?? "")}`)).toEqual([
      "dynamodb:PutItem:idempotency",
      "dynamodb:GetItem:orders",
      "ses:SendEmail:",
      "dynamodb:UpdateItem:idempotency",
    ]);
    expect(recorder.calls[2]!.input).toMatchObject({
      Source: "orders@octank.example",
      "Destination.ToAddresses.member.1": CUSTOMER,
      "Message.Subject.Data": "Octank's Order Confirmed",
      "Message.Body.Text.Data": "Hello, your order is confirmed. Please refer to shipping email for more details.",
    });
    expect(output).not.toContain(CUSTOMER);
  });

  it("the notifier bundle's precompiled validators accept CheckoutFailed's code: CheckoutError is emailed, DuplicateCart acknowledged silently", async () => {
    recorder.calls.length = 0;
    const records = [
      sqsRecord(withDetail(checkoutEvent("CheckoutFailed"), { code: "DuplicateCart" }), "duplicate"),
      sqsRecord(withDetail(checkoutEvent("CheckoutFailed"), { code: "CheckoutError" }), "error"),
      sqsRecord(withDetail(checkoutEvent("CheckoutFailed", ORDER.CartId, "other-id"), { code: "Refunded" }), "unknown-code"),
    ];
    const { answers, logs } = await invokeInChild("notifier", [{ event: sqsEvent(...records) }], {
      ORDERS_TABLE_NAME: "orders",
      IDEMPOTENCY_TABLE_NAME: "idempotency",
      SENDER_EMAIL: "orders@octank.example",
    });
    expect(answers).toEqual([{ batchItemFailures: [{ itemIdentifier: "unknown-code" }] }]);
    expect(logs.find((l) => l.message_id === "duplicate")).toMatchObject({ level: "INFO", code: "DuplicateCart", cart_id: ORDER.CartId });
    expect(logs.find((l) => l.message_id === "unknown-code")?.error).toEqual({
      name: "UnprocessableMessage",
      message: "event.detail.code must be equal to one of the allowed values",
    });
    const sent = recorder.calls.filter((c) => c.service === "ses");
    expect(sent.map((c) => c.input["Message.Subject.Data"])).toEqual(["Octank's Order Could Not Be Processed"]);
  });

  it("importing a bundle needs no configuration: the notifier reports a missing setting on invocation", async () => {
    await expect(invokeInChild("notifier", [{ event: sqsEvent(sqsRecord(checkoutEvent("PaymentFailed"), "m1")) }])).rejects.toThrow(
      /SENDER_EMAIL is required: set it to the verified SES sender address/,
    );
  });
});
