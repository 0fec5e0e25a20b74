/**
 * Coalesces bursts of "something changed" into at most one refresh per interval (watch events
 * arrive in storms: a relist, a rollout). The first request after a quiet period runs after a
 * short delay; later ones join the pending run.
 */

import { type Clock, systemClock } from '../time/clock';

export class Coalescer {
  private pending: unknown;
  private last = Number.NEGATIVE_INFINITY;
  private disposed = false;

  /** `intervalMs` 250 gives at most 4 runs a second. */
  constructor(
    private readonly run: () => void,
    private readonly intervalMs = 250,
    private readonly firstDelayMs = 16,
    private readonly timers: Clock = systemClock,
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
