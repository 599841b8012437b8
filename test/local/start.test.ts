/** `npm start` as a user runs it: three outcomes, each with its path, event, item and email, then exit 0. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

describe("npm start", () => {
  it("runs the sample order once per outcome and prints what happened", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "local/start.ts"], { timeout: 60_000 });
    const sections = stdout.split("\n== ").slice(1);
    expect(sections.map((s) => s.split("\n")[0])).toEqual([
      "Payment fails (payment: failure, shipping: success)",
      "Payment succeeds, shipping fails (payment: success, shipping: failure)",
      "Payment and shipping succeed (payment: success, shipping: success)",
    ]);
    const expected: Array<[string, string, string]> = [
      ["PaymentFailed", '"order_status":"Cancelled"', "subject: Octank's Payment Failed"],
      ["ShippingFailed", '"shipping_status":"Unsuccessful"', "subject: Octank's Order Confirmed"],
      ["ShippingSuccessful", '"shipping_status":"Successful"', "subject: Octank's Order Confirmed"],
    ];
    expected.forEach(([event, item, subject], i) => {
      const section = sections[i] ?? "";
      expect(section).toContain(`path:   Check Order → Record Order → Request Payment →`);
      expect(section).toContain(`event:  ${event} {`);
      expect(section).toContain(item);
      // The item names the execution that recorded it (what lets its own retried put through).
      expect(section).toMatch(/item: .*"execution_id":"arn:aws:states:[^"]+:execution:[^"]+"/);
      expect(section).toContain("email:  to add_your_email@email.com");
      expect(section).toContain(subject);
    });
    expect(stdout).toContain("Queue: 0 message(s), DLQ: 0.");
  });

  it("exits 2 with the usage, not a stack trace, for an option without its value", async () => {
    const failure = await promisify(execFile)(process.execPath, ["--import", "tsx", "local/start.ts", "--order"]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/Option '--order <value>' argument missing\nusage: npm start/);
    expect(failure?.stderr).not.toMatch(/TypeError|ERR_PARSE_ARGS|^\s+at \S/m);
  });
});
