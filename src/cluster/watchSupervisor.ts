/**
 * Keeps one watch stream alive. client-node 1.4.0's informer stops for good after ECONNRESET,
 * 401/403 or ECONNREFUSED, has no client-side watch timeout (half-open sockets hang forever) and
 * naive restart loops storm the API server (kubernetes-client/javascript#1933). This supervisor
 * owns the policy instead, over a transport it is given (the kube adapter, or a fake in tests):
 *
 * - network failures: reconnect with backoff 1 s doubling to 30 s, +-20 % jitter; the attempt
 *   counter resets only when data arrives, so a server that accepts and drops still backs off;
 * - resume from the last resourceVersion seen (events and bookmarks);
 * - 410 Gone: re-list from scratch (at most once per `minRelistIntervalMs`), then watch from the
 *   list's resourceVersion;
 * - idle timeout: no event and no bookmark for `idleTimeoutMs` means a half-open connection:
 *   abort and reconnect;
 * - 401/403: no hot retries; report the failure and retry every `slowRetryMs`.
 *
 * Pure of client-node and I/O: time and randomness come from a Clock.
 */
import type { K8sObject, WatchEventType } from '../core/health/k8s';
import type { Result } from '../core/result';
import type { ClusterFailure, ConnectionState, Disposable } from './clusterClient';

/** What a transport reports about one open stream. */
export interface WatchSink {
  /** The server accepted the watch (HTTP 200). */
  opened(): void;
  event(type: WatchEventType, object: K8sObject): void;
  bookmark(resourceVersion: string): void;
  /** The server ended the stream cleanly. */
  end(): void;
  fail(failure: ClusterFailure): void;
}

export interface WatchTransport {
  /** Opens one stream from `resourceVersion`; returns a function that aborts it. */
  open(resourceVersion: string, sink: WatchSink): () => void;
  /** Lists from scratch (after 410) and hands the data on; resolves with the list's resourceVersion. */
  relist(): Promise<Result<string, ClusterFailure>>;
}

export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
  random(): number;
}

export const systemClock: Clock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  now: () => Date.now(),
  random: () => Math.random(),
};

export interface SupervisorOptions {
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Fraction of the delay added or removed at random (0.2 = +-20 %). */
  jitter: number;
  idleTimeoutMs: number;
  /** Retry interval after 401/403. */
  slowRetryMs: number;
  minRelistIntervalMs: number;
}

export const defaultSupervisorOptions: SupervisorOptions = {
  initialBackoffMs: 1000,
  maxBackoffMs: 30_000,
  jitter: 0.2,
  idleTimeoutMs: 60_000,
  slowRetryMs: 60_000,
  minRelistIntervalMs: 10_000,
};

export interface SupervisorHandlers {
  onEvent(type: WatchEventType, object: K8sObject): void;
  onState(state: ConnectionState): void;
}

export class WatchSupervisor implements Disposable {
  private resourceVersion = '';
  private attempt = 0;
  private abort: (() => void) | undefined;
  private retryTimer: unknown;
  private idleTimer: unknown;
  private stream = 0;
  private disposed = false;
  private lastRelist = -Infinity;
  private readonly options: SupervisorOptions;

  constructor(
    private readonly transport: WatchTransport,
    private readonly handlers: SupervisorHandlers,
    options: Partial<SupervisorOptions> = {},
    private readonly clock: Clock = systemClock,
  ) {
    this.options = { ...defaultSupervisorOptions, ...options };
  }

  /** Starts watching from `resourceVersion` (from the list the caller just made). */
  start(resourceVersion: string): void {
    this.resourceVersion = resourceVersion;
    this.connect();
  }

  dispose(): void {
    this.disposed = true;
    this.closeStream();
    this.clock.clearTimeout(this.retryTimer);
  }

  private connect(): void {
    if (this.disposed) return;
    this.closeStream();
    const id = ++this.stream;
    const live = (): boolean => !this.disposed && id === this.stream;
    let received = false;
    const sink: WatchSink = {
      opened: () => {
        if (live()) this.handlers.onState({ state: 'connected' });
      },
      event: (type, object) => {
        if (!live()) return;
        received = true;
        this.attempt = 0;
        const rv = object.metadata?.resourceVersion;
        if (rv) this.resourceVersion = rv;
        this.armIdle(id);
        this.handlers.onEvent(type, object);
      },
      bookmark: (rv) => {
        if (!live()) return;
        received = true;
        this.attempt = 0;
        if (rv) this.resourceVersion = rv;
        this.armIdle(id);
      },
      end: () => {
        if (!live()) return;
        this.closeStream();
        // A clean close after data is routine (server-side timeouts): resume at once.
        if (received) this.connect();
        else this.retryAfter(this.backoff(), undefined);
      },
      fail: (failure) => {
        if (live()) this.onFailure(failure);
      },
    };
    this.armIdle(id);
    this.abort = this.transport.open(this.resourceVersion, sink);
  }

  private onFailure(failure: ClusterFailure): void {
    this.closeStream();
    if (failure.kind === 'gone') {
      const wait = Math.max(0, this.lastRelist + this.options.minRelistIntervalMs - this.clock.now());
      this.clock.clearTimeout(this.retryTimer);
      this.retryTimer = this.clock.setTimeout(() => void this.relist(), wait);
      return;
    }
    const slow = failure.kind === 'forbidden' || failure.kind === 'unauthorized';
    this.retryAfter(slow ? this.jittered(this.options.slowRetryMs) : this.backoff(), failure);
  }

  private async relist(): Promise<void> {
    if (this.disposed) return;
    this.lastRelist = this.clock.now();
    const result = await this.transport.relist();
    if (this.disposed) return;
    if (result.ok) {
      this.resourceVersion = result.value;
      this.connect();
    } else {
      this.onFailure(result.error.kind === 'gone' ? { ...result.error, kind: 'server-error' } : result.error);
    }
  }

  private retryAfter(delayMs: number, failure: ClusterFailure | undefined): void {
    if (failure) this.handlers.onState({ state: 'failed', failure, retryInMs: Math.round(delayMs) });
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = this.clock.setTimeout(() => {
      if (failure) this.handlers.onState({ state: 'connecting' });
      this.connect();
    }, delayMs);
  }

  /** 1 s, 2 s, 4 s ... 30 s, each +-jitter. */
  private backoff(): number {
    const base = Math.min(this.options.maxBackoffMs, this.options.initialBackoffMs * 2 ** this.attempt);
    this.attempt++;
    return this.jittered(base);
  }

  private jittered(ms: number): number {
    return ms * (1 + this.options.jitter * (2 * this.clock.random() - 1));
  }

  private armIdle(id: number): void {
    this.clock.clearTimeout(this.idleTimer);
    this.idleTimer = this.clock.setTimeout(() => {
      if (this.disposed || id !== this.stream) return;
      this.onFailure({
        kind: 'timeout',
        message: `No data or bookmark for ${Math.round(this.options.idleTimeoutMs / 1000)} s on the watch; the connection looks half-open. Reconnecting.`,
      });
    }, this.options.idleTimeoutMs);
  }

  private closeStream(): void {
    this.clock.clearTimeout(this.idleTimer);
    const abort = this.abort;
    this.abort = undefined;
    this.stream++;
    abort?.();
  }
}
