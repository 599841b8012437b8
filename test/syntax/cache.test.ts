import { describe, expect, it } from "vitest";
import { memoize } from "../../asl/syntax";

describe("memoize", () => {
  it("computes each key once while it is held", () => {
    const calls: string[] = [];
    const length = memoize((key) => {
      calls.push(key);
      return key.length;
    }, 3);
    expect([length("a"), length("bb"), length("a"), length("bb")]).toEqual([1, 2, 1, 2]);
    expect(calls).toEqual(["a", "bb"]);
  });

  it("holds at most `limit` entries, dropping the oldest first", () => {
    const calls: string[] = [];
    const echo = memoize((key) => {
      calls.push(key);
      return key;
    }, 2);
    echo("a");
    echo("b");
    echo("c"); // drops "a"
    echo("b");
    echo("a"); // recomputed, drops "b"
    echo("c");
    expect(calls).toEqual(["a", "b", "c", "a"]);
  });

  it("caches falsy results but not thrown errors", () => {
    let calls = 0;
    const nothing = memoize(() => {
      calls++;
      return undefined;
    });
    nothing("x");
    nothing("x");
    expect(calls).toBe(1);
    let attempts = 0;
    const failing = memoize((key) => {
      attempts++;
      throw new Error(`bad ${key}`);
    });
    expect(() => failing("k")).toThrow("bad k");
    expect(() => failing("k")).toThrow("bad k");
    expect(attempts).toBe(2);
  });
});
