/**
 * The one backoff with jitter: `initialMs` doubling to `maxMs`, each delay +-`jitter` at random,
 * so many clients that failed together do not retry together. `reset()` when something worked.
 */
import type { Clock } from './clock';

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Fraction of the delay added or removed at random (0.2 = +-20 %). */
  jitter: number;
}

/** `ms` +- `jitter` of it, at random. */
export function jittered(ms: number, jitter: number, clock: Pick<Clock, 'random'>): number {
  return ms * (1 + jitter * (2 * clock.random() - 1));
}

export class Backoff {
  private attempt = 0;

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly clock: Pick<Clock, 'random'>,
  ) {}

  /** The next delay: initial, x2, x4 ... capped at max, each jittered. */
  next(): number {
    const base = Math.min(this.policy.maxMs, this.policy.initialMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return jittered(base, this.policy.jitter, this.clock);
  }

  /** `ms` with this policy's jitter (for fixed intervals such as the slow retry after 403). */
  jittered(ms: number): number {
    return jittered(ms, this.policy.jitter, this.clock);
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
