import { InvalidToken, SendTaskSuccessCommand, SFNClient, SFNServiceException, TaskDoesNotExist, TaskTimedOut } from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPaymentHandler } from "../../handlers/payment";
import { createShippingHandler } from "../../handlers/shipping";
import { ConfigError } from "../../handlers/shared/config-error";
import { PAYMENT_STATUSES, SHIPPING_STATUSES } from "../../workflows/checkout-contract";
import { interceptLogs } from "./log-capture";
import { apiEvent, ORDER, serviceRequest, TASK_TOKEN } from "./samples";

const output = interceptLogs();
const sfnMock = mockClient(SFNClient);
const sfn = new SFNClient({ region: "eu-west-1" });

beforeEach(() => {
  sfnMock.reset();
  sfnMock.on(SendTaskSuccessCommand).resolves({});
});
afterEach(() => sfnMock.reset());

function callbacks() {
  return sfnMock.commandCalls(SendTaskSuccessCommand).map((call) => ({
    taskToken: call.args[0].input.taskToken,
    output: JSON.parse(call.args[0].input.output ?? "null") as unknown,
  }));
}

const services = [
  { name: "payment", create: createPaymentHandler, statuses: PAYMENT_STATUSES },
  { name: "shipping", create: createShippingHandler, statuses: SHIPPING_STATUSES },
] as const;

describe.each(services)("$name service", ({ create, statuses }) => {
  const [success, failure] = statuses;

  it.each([
    ["success", success],
    ["failure", failure],
    ["1", failure],
    ["0", success],
  ])("OUTCOME=%s answers %s through SendTaskSuccess with the task token", async (outcome, status) => {
    const handler = create({ outcome: () => outcome, sfn });
    const response = await handler(apiEvent(serviceRequest()));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ Status: status });
    expect(callbacks()).toEqual([{ taskToken: TASK_TOKEN, output: { Status: status } }]);
  });

  it("a failure rate answers by the draw", async () => {
    const draws = [0.1, 0.7, 0.29, 0.3];
    const handler = create({ outcome: () => "0.3", sfn, random: () => draws.shift()! });
    for (let i = 0; i < 4; i++) await handler(apiEvent(serviceRequest()));
    expect(callbacks().map((c) => c.output)).toEqual([
      { Status: failure },
      { Status: success },
      { Status: failure },
      { Status: success },
    ]);
  });

  it("reads OUTCOME from the environment on every request", async () => {
    const saved = process.env.OUTCOME;
    try {
      process.env.OUTCOME = "success";
      const handler = create({ sfn });
      await handler(apiEvent(serviceRequest()));
      process.env.OUTCOME = "failure";
      await handler(apiEvent(serviceRequest()));
      delete process.env.OUTCOME;
      await handler(apiEvent(serviceRequest()));
      expect(callbacks().map((c) => c.output)).toEqual([{ Status: success }, { Status: failure }, { Status: success }]);
    } finally {
      if (saved === undefined) delete process.env.OUTCOME;
      else process.env.OUTCOME = saved;
    }
  });

  it("a malformed OUTCOME fails at start-up, and on a request once it turns malformed, naming the variable", async () => {
    expect(() => create({ outcome: () => "maybe", sfn })).toThrow(ConfigError);
    expect(() => create({ outcome: () => "maybe", sfn })).toThrow(/^OUTCOME must be "success", "failure" or a failure rate/);
    let outcome = "success";
    const handler = create({ outcome: () => outcome, sfn });
    outcome = "2";
    await expect(handler(apiEvent(serviceRequest()))).rejects.toThrow('OUTCOME must be "success", "failure" or a failure rate between 0 and 1 such as "0.25", not "2"');
    expect(callbacks()).toEqual([]);
  });

  it("accepts a base64-encoded body", async () => {
    const handler = create({ outcome: () => "success", sfn });
    const response = await handler(apiEvent(serviceRequest(), { base64: true }));
    expect(response.statusCode).toBe(200);
    expect(callbacks()).toHaveLength(1);
  });

  it.each([
    ["no body", apiEvent(undefined), "body is missing: expected JSON { order, taskToken }"],
    ["a body that is not JSON", apiEvent("{order:", { raw: true }), "body is not valid JSON ("],
    ["a JSON array", apiEvent([ORDER, TASK_TOKEN]), "body must be object"],
    ["no task token", apiEvent({ order: ORDER }), "body must have required property 'taskToken'"],
    ["an empty task token", apiEvent(serviceRequest(ORDER, "")), "body.taskToken must NOT have fewer than 1 characters"],
    ["a numeric task token", apiEvent(serviceRequest(ORDER, 42)), "body.taskToken must be string"],
    ["no order", apiEvent({ taskToken: TASK_TOKEN }), "body must have required property 'order'"],
    ["a bad email", apiEvent(serviceRequest({ ...ORDER, Email: "not-an-email" })), 'body.order.Email must match format "email"'],
    ["a non-numeric quantity", apiEvent(serviceRequest({ ...ORDER, Lemon: "two" })), 'body.order.Lemon must match pattern "^[0-9]+$"'],
    ["a missing field", apiEvent(serviceRequest({ ...ORDER, CartId: undefined })), "body.order must have required property 'CartId'"],
    ["an unknown order field", apiEvent(serviceRequest({ ...ORDER, Coupon: "FREE" })), "body.order has unknown property 'Coupon'"],
    ["an unknown body field", apiEvent({ ...serviceRequest(), Status: "PaymentSuccessful" }), "body has unknown property 'Status'"],
  ])("refuses %s with a 400 naming the problem and no callback", async (_case, event, message) => {
    const handler = create({ outcome: () => "success", sfn });
    const { result: response, logs } = await output.capture(() => handler(event));
    expect(response.statusCode).toBe(400);
    expect(response.headers).toEqual({ "Content-Type": "application/json" });
    const body = JSON.parse(response.body) as { error: string; message: string };
    expect(body.error).toBe("BadRequest");
    expect(body.message).toContain(message);
    expect(callbacks()).toEqual([]);
    expect(logs.map((l) => l.message)).toEqual(["bad request refused, no callback"]);
  });

  it("lists every problem of a body at once", async () => {
    const handler = create({ outcome: () => "success", sfn });
    const response = await handler(apiEvent(serviceRequest({ ...ORDER, Email: "x", total_cost: "1,27" }, "")));
    expect(JSON.parse(response.body).message).toBe(
      'body.order.Email must NOT have fewer than 3 characters; body.order.Email must match format "email"; ' +
        'body.order.total_cost must match pattern "^[0-9]+(\\.[0-9]{1,2})?$"; body.taskToken must NOT have fewer than 1 characters; ' +
        'body.taskToken must match pattern "\\S"',
    );
  });

  it.each([
    [new TaskTimedOut({ message: "Task Timed Out: 'x'", $metadata: { httpStatusCode: 400 } }), 410],
    [new TaskDoesNotExist({ message: "Task does not exist anymore", $metadata: { httpStatusCode: 400 } }), 410],
    [new InvalidToken({ message: `Invalid Token: '${TASK_TOKEN}'`, $metadata: { httpStatusCode: 400 } }), 400],
    [new SFNServiceException({ name: "ThrottlingException", $fault: "client", message: "Rate exceeded", $metadata: { httpStatusCode: 400 } }), 502],
  ])("answers a refused callback (%s) with status %i that says no callback was delivered", async (error, statusCode) => {
    sfnMock.on(SendTaskSuccessCommand).rejects(error);
    const handler = create({ outcome: () => "success", sfn });
    const { result: response, logs } = await output.capture(() => handler(apiEvent(serviceRequest())));
    expect(response.statusCode).toBe(statusCode);
    const body = JSON.parse(response.body) as { error: string; message: string };
    expect(body.error).toBe(error.name);
    expect(body.message).toMatch(/no callback was delivered$/);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ level: "ERROR", message: "callback refused by Step Functions", cart_id: ORDER.CartId, error: { name: error.name } });
  });

  it("logs JSON lines with the cart id and never the email address or the task token", async () => {
    sfnMock.on(SendTaskSuccessCommand).resolvesOnce({}).rejects(new InvalidToken({ message: `Invalid Token: '${TASK_TOKEN}' for ${ORDER.Email}`, $metadata: {} }));
    const handler = create({ outcome: () => "success", sfn });
    const { logs, raw } = await output.capture(async () => {
      await handler(apiEvent(serviceRequest()));
      await handler(apiEvent(serviceRequest()));
      await handler(apiEvent(serviceRequest({ ...ORDER, Email: "broken@" })));
    });
    expect(logs.map((l) => [l.level, l.message, l.cart_id])).toEqual([
      ["INFO", "callback delivered", ORDER.CartId],
      ["ERROR", "callback refused by Step Functions", ORDER.CartId],
      ["WARN", "bad request refused, no callback", undefined],
    ]);
    expect(logs[0]).toMatchObject({ service: expect.any(String), status: success, timestamp: expect.any(String) });
    expect(raw).not.toContain(ORDER.Email);
    expect(raw).not.toContain("broken@");
    expect(raw).not.toContain(TASK_TOKEN);
    expect(raw).toContain("[redacted]");
  });
});
