import { describe, expect, it } from "vitest";
import { loggableError, redact } from "../../handlers/shared/redact";

describe("redact", () => {
  it("replaces the given secrets and anything shaped like an email address", () => {
    expect(redact("token AbC+/= refused for jane.doe+fruit@example.co.uk (sender <orders@octank.example>)", ["AbC+/="])).toBe(
      "token [redacted] refused for [redacted] (sender <[redacted]>)",
    );
  });

  it("keeps what identifies the failure: names, ARNs, numbers", () => {
    const text = "Rate exceeded for arn:aws:states:eu-west-1:123456789012:stateMachine:checkout (429)";
    expect(redact(text, [undefined, ""])).toBe(text);
  });

  it("logs an SDK error as name, scrubbed message and HTTP status only", () => {
    const error = Object.assign(new Error("Email address is not verified: a@b.example"), {
      name: "MessageRejected",
      $metadata: { httpStatusCode: 400, requestId: "r" },
      $response: { body: "a@b.example" },
    });
    expect(loggableError(error)).toEqual({ name: "MessageRejected", message: "Email address is not verified: [redacted]", httpStatusCode: 400 });
    expect(loggableError("boom a@b.example")).toEqual({ name: "NonError", message: "boom [redacted]" });
  });
});
