import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { packageFunction, zipBundle } from "../../stacks/function-code";

const root = mkdtempSync(join(tmpdir(), "function-code-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function bundle(name: string, code: string, mtime: Date): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "nested"), { recursive: true });
  for (const [file, text] of [["index.mjs", code], ["index.mjs.map", '{"version":3}'], ["nested/data.json", "{}"]]) {
    writeFileSync(join(dir, file!), text!);
    utimesSync(join(dir, file!), mtime, mtime);
  }
  return dir;
}

describe("zipBundle", () => {
  it("gives the same bytes for the same files whatever their timestamps", () => {
    const a = zipBundle(bundle("a", "export const handler = 1;", new Date("2020-01-01T00:00:00Z")));
    const b = zipBundle(bundle("b", "export const handler = 1;", new Date("2025-06-30T12:34:56Z")));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it("holds every file under its relative path, readable by Lambda (mode 644)", () => {
    const zip = zipBundle(bundle("c", "export const handler = 2;", new Date()));
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(["index.mjs", "index.mjs.map", "nested/data.json"]);
    expect(Buffer.from(files["index.mjs"]!).toString()).toBe("export const handler = 2;");
    // External attributes of the first central directory entry: the Unix mode in the high 16 bits.
    const buf = Buffer.from(zip);
    const central = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect((buf.readUInt32LE(central + 38) >>> 16).toString(8)).toBe("100644");
  });
});

describe("packageFunction", () => {
  it("writes the zip and returns Lambda's base64 SHA-256 of it and a hex asset hash", () => {
    const pkg = packageFunction(bundle("d", "export const handler = 3;", new Date()), join(root, "out", "d.zip"));
    const digest = createHash("sha256").update(readFileSync(pkg.zipPath)).digest();
    expect(pkg.sourceCodeHash).toBe(digest.toString("base64"));
    expect(pkg.assetHash).toBe(digest.toString("hex").slice(0, 32).toUpperCase());
  });

  it("changes both hashes when the code changes, and leaves an unchanged zip untouched", () => {
    const zipPath = join(root, "out", "e.zip");
    const first = packageFunction(bundle("e", "export const handler = 4;", new Date()), zipPath);
    const old = new Date("2001-01-01T00:00:00Z");
    utimesSync(zipPath, old, old);
    expect(packageFunction(bundle("e", "export const handler = 4;", new Date()), zipPath)).toEqual(first);
    expect(statSync(zipPath).mtime).toEqual(old);
    const changed = packageFunction(bundle("e", "export const handler = 5;", new Date()), zipPath);
    expect(changed.sourceCodeHash).not.toBe(first.sourceCodeHash);
    expect(changed.assetHash).not.toBe(first.assetHash);
  });

  it("tells the user to build when the bundle is missing", () => {
    mkdirSync(join(root, "empty"), { recursive: true });
    expect(() => packageFunction(join(root, "empty"), join(root, "out", "f.zip"))).toThrow(/no bundle at .*empty\/index\.mjs: run `npm run build` first/);
  });
});
