/**
 * Timers as an injected dependency, so protocol state machines are tested with a fake clock
 * (no timed assertions, no waiting) and run on Node's timers in production.
 */
export interface TimerHost {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  set(ms: number, fn: () => void): TimerHandle;
  clear(handle: TimerHandle): void;
}

export type TimerHandle = { readonly id: unknown };

export const realTimers: TimerHost = {
  now: () => performance.now(),
  set(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return { id: t };
  },
  clear(handle) {
    clearTimeout(handle.id as NodeJS.Timeout);
  },
};

/** A clock that moves only when told; due callbacks run in time order. */
export class FakeTimers implements TimerHost {
  private time = 0;
  private seq = 0;
  private pending = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.time;
  }

  set(ms: number, fn: () => void): TimerHandle {
    const id = ++this.seq;
    this.pending.set(id, { at: this.time + Math.max(0, ms), fn });
    return { id };
  }

  clear(handle: TimerHandle): void {
    this.pending.delete(handle.id as number);
  }

  /** Advances time by `ms`, running every callback that falls due (including ones they set). */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.pending)
        if (entry[1].at <= until && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.pending.delete(next[0]);
      this.time = next[1].at;
      next[1].fn();
    }
    this.time = until;
  }

  get size(): number {
    return this.pending.size;
  }
}
