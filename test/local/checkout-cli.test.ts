/**
 * `npm run checkout`: the order is checked with events/order.schema.json before anything starts or
 * connects; a good order runs to the end against the endpoint given.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ListExecutionsCommand } from "@aws-sdk/client-sfn";
import { main } from "../../local/checkout-cli";
import { startLocalCheckout, type LocalCheckout } from "../../local/checkout-stack";
import { UsageError } from "../../local/cli";
import { InvalidOrder } from "../../local/order-validation";
import { readOrderItem } from "../../local/scenarios";

const good = { CartId: "cli-1", Email: "cli@example.com", Address: "1 George Street, Singapore", Orange: "1", Banana: "1", Lemon: "0", total_cost: "1.27" };

let dir: string;
let local: LocalCheckout;

function orderFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "checkout-cli-"));
  local = await startLocalCheckout({ logLevel: "SILENT" });
});

afterAll(async () => {
  await local?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function executionNames(): Promise<string[]> {
  const listed = await local.sfn.send(new ListExecutionsCommand({ stateMachineArn: local.stateMachineArn }));
  return (listed.executions ?? []).map((e) => e.name ?? "");
}

describe("bad orders are refused before anything starts", () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ["a missing field", { ...good, Lemon: undefined }, /field Lemon: missing/],
    ["an empty field", { ...good, Address: "" }, /field Address: must NOT have fewer than 1 characters/],
    ["a bad email", { ...good, Email: "not-an-email" }, /field Email: must match format "email"/],
    ["a non-numeric quantity", { ...good, Orange: "one" }, /field Orange: must match pattern/],
    ["a non-numeric cost", { ...good, total_cost: "1,27" }, /field total_cost: must match pattern/],
    ["an unknown field", { ...good, Coupon: "FREE" }, /field Coupon: not an order field/],
    ["an oversize value", { ...good, Address: "x".repeat(501) }, /field Address: must NOT have more than 500 characters/],
    ["a number instead of a string", { ...good, Banana: 2 }, /field Banana: must be a string/],
    ["text that is not JSON", "{ CartId: 1", /not JSON/],
  ];
  it.each(cases)("refuses %s, naming the field, and starts nothing", async (_name, content, message) => {
    const path = orderFile("bad.json", content);
    const lines: string[] = [];
    const run = main([path, "--endpoint", local.urls.stepFunctions], (l) => lines.push(l));
    await expect(run).rejects.toBeInstanceOf(InvalidOrder);
    await expect(run).rejects.toThrow(message);
    expect(lines).toEqual([]);
    expect(await executionNames()).not.toContain(good.CartId);
    expect(await readOrderItem(local, good.CartId)).toBeUndefined();
  });

  it("refuses a file that does not exist, naming it", async () => {
    await expect(main([join(dir, "missing.json"), "--local"])).rejects.toThrow(/missing\.json.*ENOENT/s);
  });

  it("exits 2 with the message on stderr when run as the npm script", async () => {
    const path = orderFile("bad-email.json", { ...good, Email: "nope" });
    const run = promisify(execFile)(process.execPath, ["--import", "tsx", "local/checkout-cli.ts", path, "--endpoint", local.urls.stepFunctions]);
    await expect(run).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("field Email: must match format \"email\"") });
  });
});

describe("a good order", () => {
  it("runs against the given endpoint and prints status, output and states", async () => {
    const lines: string[] = [];
    const code = await main([orderFile("good.json", good), "--endpoint", local.urls.stepFunctions], (l) => lines.push(l));
    expect(code).toBe(0);
    const text = lines.join("\n");
    expect(text).toContain(`execution arn:aws:states:us-east-1:000000000000:execution:checkout:${good.CartId}`);
    expect(text).toContain("status    SUCCEEDED");
    expect(text).toContain('"shipping":{"Status":"ShippingSuccessful"}');
    expect(text).toContain("states    Check Order → Record Order → Request Payment →");
    expect(await executionNames()).toContain(good.CartId);
  });

  it("reports the existing execution when the cart was already checked out", async () => {
    const lines: string[] = [];
    await main([orderFile("good.json", good), "--endpoint", local.urls.stepFunctions], (l) => lines.push(l));
    expect(lines.join("\n")).toContain(`cart ${good.CartId} was already checked out`);
    expect((await executionNames()).filter((n) => n === good.CartId)).toHaveLength(1);
  });

  it("refuses --local together with --endpoint", async () => {
    await expect(main([orderFile("good.json", good), "--local", "--endpoint", "http://x"])).rejects.toThrow(/--local cannot be combined/);
  });

  it("refuses --aws together with --endpoint instead of dropping --aws", async () => {
    const lines: string[] = [];
    const run = main([orderFile("aws-and-endpoint.json", { ...good, CartId: "cli-aws" }), "--aws", "--endpoint", local.urls.stepFunctions], (l) => lines.push(l));
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toThrow(/--aws cannot be combined with --endpoint/);
    expect(lines).toEqual([]);
    expect(await executionNames()).not.toContain("cli-aws");
  });
});

describe("a wrong command line", () => {
  it("names an option given without its value, with the usage", async () => {
    const run = main([orderFile("good.json", good), "--endpoint"]);
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toThrow(/--endpoint <value>' argument missing[\s\S]*usage: npm run checkout/);
  });

  it("exits 2 with a plain message, not a stack trace, when run as the npm script", async () => {
    const run = promisify(execFile)(process.execPath, ["--import", "tsx", "local/checkout-cli.ts", orderFile("good.json", good), "--endpoint"]);
    const failure = await run.then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/Option '--endpoint <value>' argument missing\nusage: npm run checkout/);
    expect(failure?.stderr).not.toMatch(/TypeError|ERR_PARSE_ARGS|^\s+at \S/m);
  });
});
