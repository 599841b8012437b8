/**
 * Clocks for the interpreter. Waits, retry back-off and timeouts all go through `schedule`, so a virtual
 * clock turns an hour-long timeout into an instant while keeping the order of events exact.
 */
import type { Cancellation } from "./cancellation";

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` after `ms` of this clock's time; returns a function that cancels it. */
  schedule(ms: number, callback: () => void): () => void;
  /** Called around asynchronous integration work so a virtual clock does not advance under it. */
  busy<T>(work: Promise<T>): Promise<T>;
}

/** Resolves after `ms` of the clock's time; rejects with the cancellation's reason if cancelled first. */
export function sleep(clock: Clock, ms: number, cancel?: Cancellation): Promise<void> {
  if (cancel?.aborted) return Promise.reject(cancel.reason);
  return new Promise((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    const stop = clock.schedule(ms, () => {
      unsubscribe?.();
      resolve();
    });
    if (cancel) {
      unsubscribe = cancel.onCancel(() => {
        stop();
        reject(cancel.reason);
      });
    }
  });
}

/** Wall-clock time with real timers: for local mode serving real callers. */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  schedule(ms: number, callback: () => void): () => void {
    const timer = setTimeout(callback, Math.max(0, ms));
    return () => clearTimeout(timer);
  }

  busy<T>(work: Promise<T>): Promise<T> {
    return work;
  }
}

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
  cancelled: boolean;
}

export interface VirtualClockOptions {
  /** Start time (default 2024-01-01T00:00:00Z, so histories are reproducible). */
  start?: Date | number;
  /**
   * When true (default), the clock jumps to the next timer as soon as nothing else can run: no pending
   * promise callback, no integration in flight. When false, only `advance` moves time (use it to send a
   * task token "later" by hand).
   */
  autoAdvance?: boolean;
}

/**
 * Simulated time. Timers live in a binary heap; with auto-advance, a check scheduled with setImmediate
 * (which runs only after every pending promise callback) fires the earliest timer when the system is idle.
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly heap: Timer[] = [];
  private seq = 0;
  private inFlight = 0;
  private checkScheduled = false;
  private cancelled = 0;
  readonly autoAdvance: boolean;

  constructor(options: VirtualClockOptions = {}) {
    const start = options.start ?? Date.UTC(2024, 0, 1);
    this.current = typeof start === "number" ? start : start.getTime();
    this.autoAdvance = options.autoAdvance ?? true;
  }

  now(): number {
    return this.current;
  }

  /** Number of timers still pending. */
  get pendingTimers(): number {
    return this.heap.length - this.cancelled;
  }

  schedule(ms: number, callback: () => void): () => void {
    const timer: Timer = { at: this.current + Math.max(0, ms), seq: this.seq++, callback, cancelled: false };
    this.push(timer);
    this.scheduleCheck();
    return () => {
      if (timer.cancelled) return;
      timer.cancelled = true;
      this.cancelled++;
      this.compactIfSparse();
    };
  }

  async busy<T>(work: Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await work;
    } finally {
      this.inFlight--;
      this.scheduleCheck();
    }
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await new Promise<void>((r) => setImmediate(r));
      const next = this.peek();
      if (!next || next.at > target) break;
      this.fire(next);
    }
    this.current = Math.max(this.current, target);
  }

  private fire(timer: Timer): void {
    this.removeTop();
    timer.cancelled = true;
    if (timer.at > this.current) this.current = timer.at;
    timer.callback();
  }

  private scheduleCheck(): void {
    if (!this.autoAdvance || this.checkScheduled || this.heap.length === this.cancelled) return;
    this.checkScheduled = true;
    setImmediate(() => {
      this.checkScheduled = false;
      if (this.inFlight > 0) return;
      const next = this.peek();
      if (!next) return;
      this.fire(next);
      this.scheduleCheck();
    });
  }

  /** Cancelled timers (finished tasks' timeouts) are dropped in bulk so long runs do not leak them. */
  private compactIfSparse(): void {
    if (this.cancelled < 1024 || this.cancelled * 2 < this.heap.length) return;
    const live = this.heap.filter((t) => !t.cancelled);
    this.heap.length = 0;
    this.cancelled = 0;
    for (const t of live) this.push(t);
  }

  private peek(): Timer | undefined {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) {
      this.removeTop();
      this.cancelled--;
    }
    return this.heap[0];
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(timer: Timer): void {
    const h = this.heap;
    h.push(timer);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private removeTop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < h.length && this.less(h[l]!, h[smallest]!)) smallest = l;
      if (r < h.length && this.less(h[r]!, h[smallest]!)) smallest = r;
      if (smallest === i) break;
      [h[i], h[smallest]] = [h[smallest]!, h[i]!];
      i = smallest;
    }
  }
}
