import { afterEach, beforeEach, vi } from "vitest";

export interface CapturedLogs<T> {
  result: T;
  /** The JSON log lines, parsed, in order. */
  logs: Record<string, unknown>[];
  raw: string;
}

/**
 * Intercepts what the handlers write to stdout and stderr during each test of the calling file (Powertools
 * Logger writes INFO to stdout and WARN/ERROR to stderr; on Lambda both reach CloudWatch), which keeps
 * the test output quiet and lets a test read the log lines of what it ran.
 */
export function interceptLogs() {
  let chunks: string[] = [];
  let spies: Array<{ mockRestore(): void }> = [];
  const record = (chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  };
  beforeEach(() => {
    chunks = [];
    spies = [vi.spyOn(process.stdout, "write").mockImplementation(record), vi.spyOn(process.stderr, "write").mockImplementation(record)];
  });
  afterEach(() => {
    for (const spy of spies) spy.mockRestore();
  });
  return {
    /** Runs `run` and returns what it logged. */
    async capture<T>(run: () => Promise<T>): Promise<CapturedLogs<T>> {
      const start = chunks.length;
      const result = await run();
      const raw = chunks.slice(start).join("");
      const logs = raw
        .split("\n")
        .filter((line) => line.trim().startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      return { result, logs, raw };
    },
  };
}
