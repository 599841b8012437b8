import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FUNCTION_NAMES } from "../../workflows/checkout-contract";
import { bundlesToBuild } from "../../stacks/app";

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A project folder with handler sources at `sourceTime` and bundles (all, or the listed ones) at `bundleTime`. */
function project(sourceTime: Date, bundleTime: Date, bundled: readonly string[] = FUNCTION_NAMES): string {
  const root = mkdtempSync(join(tmpdir(), "bundles-"));
  roots.push(root);
  const write = (path: string, time: Date) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), "x");
    utimesSync(join(root, path), time, time);
  };
  write("handlers/payment/index.ts", sourceTime);
  write("events/order.schema.json", sourceTime);
  for (const name of bundled) write(`build/handlers/${name}/index.mjs`, bundleTime);
  return root;
}

const earlier = new Date("2026-01-01T00:00:00Z");
const later = new Date("2026-01-02T00:00:00Z");

describe("bundlesToBuild", () => {
  it("says nothing when every bundle is newer than every source", () => {
    expect(bundlesToBuild(project(earlier, later))).toBeUndefined();
  });

  it("names the missing bundles", () => {
    expect(bundlesToBuild(project(earlier, later, ["payment"]))).toBe("shipping, notifier not built yet");
  });

  it("names a source edited since the last build", () => {
    const root = project(earlier, later);
    writeFileSync(join(root, "events", "order.schema.json"), "y");
    const now = new Date("2026-01-03T00:00:00Z");
    utimesSync(join(root, "events", "order.schema.json"), now, now);
    expect(bundlesToBuild(root)).toBe("events/order.schema.json changed since the last build");
  });
});
