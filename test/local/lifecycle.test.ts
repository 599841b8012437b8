/**
 * Local mode starts on free ports and stops without leaving a server, socket or timer behind (vitest
 * would otherwise hang after the run), and keeps DynamoDB data across restarts when given a data dir.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import type { Order } from "../../workflows/checkout-contract";
import { startLocalCheckout } from "../../local/checkout-stack";
import { runCheckout } from "../../local/run-checkout";
import { readOrderItem } from "../../local/scenarios";

const sample = JSON.parse(readFileSync(new URL("../../events/ExecuteWorkflowEvent.json", import.meta.url), "utf8")) as Order;

/** Active handles by kind (servers, sockets, timers), as Node reports them. */
function handleCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

async function settle(): Promise<void> {
  // Closed sockets and cleared timers leave the active list on the next turns of the event loop.
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("start and stop", () => {
  it("stops every server, socket and timer it started, even after a full checkout", async () => {
    await settle();
    const before = handleCounts();
    const local = await startLocalCheckout({ logLevel: "SILENT" });
    const urls = Object.values(local.urls);
    expect(new Set(urls.map((u) => new URL(u).port)).size).toBe(4);
    const run = await runCheckout(local.sfn, local.stateMachineArn, { ...sample, CartId: "lifecycle-1" });
    expect(run.status).toBe("SUCCEEDED");
    await local.poller.drained();
    await local.stop();
    await settle();
    const after = handleCounts();
    for (const kind of ["TCPServerWrap", "TCPSocketWrap", "Timeout", "Immediate"]) {
      // Never more than before (a timer of the test runner's own may have ended meanwhile).
      expect({ kind, extra: Math.max(0, (after.get(kind) ?? 0) - (before.get(kind) ?? 0)) }).toEqual({ kind, extra: 0 });
    }
    for (const url of urls) await expect(fetch(url)).rejects.toThrow();
  });

  it("restores the environment it set for the handlers", async () => {
    const previous = process.env.AWS_ENDPOINT_URL_SFN;
    const local = await startLocalCheckout({ logLevel: "SILENT" });
    expect(process.env.AWS_ENDPOINT_URL_SFN).toBe(local.urls.stepFunctions);
    await local.stop();
    expect(process.env.AWS_ENDPOINT_URL_SFN).toBe(previous);
  });

  it("keeps orders across restarts with a data directory", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "checkout-local-"));
    try {
      const first = await startLocalCheckout({ dataDir, logLevel: "SILENT" });
      await runCheckout(first.sfn, first.stateMachineArn, { ...sample, CartId: "persisted-1" });
      await first.poller.drained();
      await first.stop();
      const second = await startLocalCheckout({ dataDir, logLevel: "SILENT" });
      try {
        expect(await readOrderItem(second, "persisted-1")).toMatchObject({ cart_id: "persisted-1", shipping_status: "Successful" });
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("fails to start on a port in use, naming it, and leaves nothing running", async () => {
    const holder = await startLocalCheckout({ logLevel: "SILENT" });
    try {
      const port = Number(new URL(holder.urls.apiGateway).port);
      await expect(startLocalCheckout({ ports: { apiGateway: port }, logLevel: "SILENT" })).rejects.toThrow(`127.0.0.1:${port}`);
    } finally {
      await holder.stop();
    }
  });
});
