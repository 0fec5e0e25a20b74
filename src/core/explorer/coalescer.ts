/**
 * Coalesces bursts of "something changed" into at most one refresh per interval (watch events
 * arrive in storms: a relist, a rollout). The first request after a quiet period runs after a
 * short delay; later ones join the pending run.
 */

export interface Timers {
  now(): number;
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class Coalescer {
  private pending: unknown;
  private last = Number.NEGATIVE_INFINITY;
  private disposed = false;

  /** `intervalMs` 250 gives at most 4 runs a second. */
  constructor(
    private readonly run: () => void,
    private readonly intervalMs = 250,
    private readonly firstDelayMs = 16,
    private readonly timers: Timers = systemTimers,
  ) {}

  request(): void {
    if (this.disposed || this.pending !== undefined) return;
    const wait = Math.max(this.firstDelayMs, this.last + this.intervalMs - this.timers.now());
    this.pending = this.timers.setTimeout(() => {
      this.pending = undefined;
      this.last = this.timers.now();
      if (!this.disposed) this.run();
    }, wait);
  }

  dispose(): void {
    this.disposed = true;
    if (this.pending !== undefined) this.timers.clearTimeout(this.pending);
    this.pending = undefined;
  }
}
