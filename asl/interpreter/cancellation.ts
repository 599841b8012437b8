/**
 * A light cancellation token. AbortController/AbortSignal.any cost several allocations, weak refs and an
 * Error per task, which dominated the interpreter's profile; executions, branches and tasks use this
 * instead, and a real AbortSignal is created only when an integration asks for one.
 */
export class Cancellation {
  aborted = false;
  reason: unknown;
  private listeners: (() => void)[] | undefined;
  private signal: AbortController | undefined;

  constructor(parent?: Cancellation) {
    if (parent) {
      if (parent.aborted) this.cancel(parent.reason);
      else parent.onCancel(() => this.cancel(parent.reason));
    }
  }

  /** Calls `listener` once on cancellation; returns a function that unsubscribes it. */
  onCancel(listener: () => void): () => void {
    if (this.aborted) {
      listener();
      return noop;
    }
    (this.listeners ??= []).push(listener);
    return () => {
      const list = this.listeners;
      if (!list) return;
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  cancel(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const list = this.listeners;
    this.listeners = undefined;
    if (list) for (const l of list) l();
    this.signal?.abort(reason);
  }

  /** An AbortSignal mirroring this token (created on first use). */
  toAbortSignal(): AbortSignal {
    if (!this.signal) {
      this.signal = new AbortController();
      if (this.aborted) this.signal.abort(this.reason);
    }
    return this.signal.signal;
  }
}

function noop(): void {}
