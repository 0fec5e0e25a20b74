/**
 * Keeps one watch stream alive. client-node 1.4.0's informer stops for good after ECONNRESET,
 * 401/403 or ECONNREFUSED, has no client-side watch timeout (half-open sockets hang forever) and
 * naive restart loops storm the API server (kubernetes-client/javascript#1933). This supervisor
 * owns the policy instead, over a transport it is given (the kube adapter, or a fake in tests):
 *
 * - network failures: reconnect with the one Backoff (1 s doubling to 30 s, +-20 % jitter); the
 *   attempt counter resets only when data arrives, so a server that accepts and drops backs off;
 * - resume from the last resourceVersion seen (events and bookmarks);
 * - 410 Gone: re-list this stream's query (at most once per `minRelistIntervalMs`), then watch
 *   from the list's resourceVersion; "too large resource version" (the server restarted with its
 *   history reset) re-lists everything, as client-go's reflector does;
 * - `relistAfterFailures` failures in a row at the same resourceVersion from a server that
 *   answers (a status, an ERROR event, a line that is not an event): re-list instead of asking
 *   again (a dropped connection does not count: that is the network, not the version);
 * - idle deadline: no event and no bookmark for `idleTimeoutMs` means a half-open connection.
 *   Once bookmarks have been seen, the deadline is `bookmarkIdleFactor` times their interval
 *   (never below `minIdleTimeoutMs`), so a server that bookmarks often is caught sooner;
 * - 401: ask the transport to renew the credential (re-read the kubeconfig, re-run the exec
 *   plugin); retry at once when it changed, else retry every `slowRetryMs` while checking for a
 *   renewed credential every `authPollMs`. 403: only slow retries.
 *
 * Pure of client-node and I/O: time and randomness come from the core Clock.
 */
import type { K8sObject, WatchEventType } from '../core/health/k8s';
import type { Result } from '../core/result';
import { Backoff } from '../core/time/backoff';
import { type Clock, systemClock } from '../core/time/clock';
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

/** `query`: only this stream's list; `all`: everything (the server's history is not ours any more). */
export type RelistScope = 'query' | 'all';

export interface WatchTransport {
  /** Opens one stream from `resourceVersion`; returns a function that aborts it. */
  open(resourceVersion: string, sink: WatchSink): () => void;
  /** Lists again and hands the data on; resolves with the list's resourceVersion for this stream. */
  relist(scope: RelistScope): Promise<Result<string, ClusterFailure>>;
  /** After a 401: re-reads the credential; true when it changed (worth retrying now). */
  renewAuth?(): Promise<boolean>;
}

export interface SupervisorOptions {
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Fraction of the delay added or removed at random (0.2 = +-20 %). */
  jitter: number;
  idleTimeoutMs: number;
  /** Lower bound of the bookmark-derived idle deadline. */
  minIdleTimeoutMs: number;
  /** Idle deadline = this many bookmark intervals, once bookmarks have been seen. */
  bookmarkIdleFactor: number;
  /** Retry interval after 401/403. */
  slowRetryMs: number;
  /** While a 401 lasts: how often to look for a renewed credential. */
  authPollMs: number;
  minRelistIntervalMs: number;
  /** Failures in a row at one resourceVersion (server answering) before re-listing. */
  relistAfterFailures: number;
}

export const defaultSupervisorOptions: SupervisorOptions = {
  initialBackoffMs: 1000,
  maxBackoffMs: 30_000,
  jitter: 0.2,
  idleTimeoutMs: 60_000,
  minIdleTimeoutMs: 5_000,
  bookmarkIdleFactor: 3,
  slowRetryMs: 60_000,
  authPollMs: 2_000,
  minRelistIntervalMs: 10_000,
  relistAfterFailures: 3,
};

export interface SupervisorHandlers {
  onEvent(type: WatchEventType, object: K8sObject): void;
  onState(state: ConnectionState): void;
}

export class WatchSupervisor implements Disposable {
  private resourceVersion = '';
  private abort: (() => void) | undefined;
  private retryTimer: unknown;
  private idleTimer: unknown;
  private pollTimer: unknown;
  private stream = 0;
  private disposed = false;
  private lastRelist = -Infinity;
  private lastBookmark: number | undefined;
  private bookmarkInterval: number | undefined;
  /** Failures in a row at `failedAt` from a server that answered. */
  private failuresAtVersion = 0;
  private failedAt = '';
  private readonly options: SupervisorOptions;
  private readonly backoff: Backoff;

  constructor(
    private readonly transport: WatchTransport,
    private readonly handlers: SupervisorHandlers,
    options: Partial<SupervisorOptions> = {},
    private readonly clock: Clock = systemClock,
  ) {
    this.options = { ...defaultSupervisorOptions, ...options };
    this.backoff = new Backoff(
      {
        initialMs: this.options.initialBackoffMs,
        maxMs: this.options.maxBackoffMs,
        jitter: this.options.jitter,
      },
      clock,
    );
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
    this.clock.clearTimeout(this.pollTimer);
  }

  /** The idle deadline now: bookmark-aware once two bookmarks have been seen. */
  get idleDeadlineMs(): number {
    const { idleTimeoutMs, minIdleTimeoutMs, bookmarkIdleFactor } = this.options;
    if (this.bookmarkInterval === undefined) return idleTimeoutMs;
    return Math.min(idleTimeoutMs, Math.max(minIdleTimeoutMs, bookmarkIdleFactor * this.bookmarkInterval));
  }

  private connect(): void {
    if (this.disposed) return;
    this.closeStream();
    this.clock.clearTimeout(this.pollTimer);
    const id = ++this.stream;
    const live = (): boolean => !this.disposed && id === this.stream;
    let received = false;
    const progress = (rv: string): void => {
      received = true;
      this.backoff.reset();
      this.failuresAtVersion = 0;
      if (rv) this.resourceVersion = rv;
      this.armIdle(id);
    };
    const sink: WatchSink = {
      opened: () => {
        if (!live()) return;
        this.handlers.onState({ state: 'connected' });
      },
      event: (type, object) => {
        if (!live()) return;
        progress(object.metadata?.resourceVersion ?? '');
        this.handlers.onEvent(type, object);
      },
      bookmark: (rv) => {
        if (!live()) return;
        const now = this.clock.now();
        if (this.lastBookmark !== undefined) {
          const gap = now - this.lastBookmark;
          this.bookmarkInterval =
            this.bookmarkInterval === undefined ? gap : Math.max(gap, this.bookmarkInterval * 0.5);
        }
        this.lastBookmark = now;
        progress(rv);
      },
      end: () => {
        if (!live()) return;
        this.closeStream();
        // A clean close after data is routine (server-side timeouts): resume at once.
        if (received) this.connect();
        else this.retryAfter(this.backoff.next(), undefined);
      },
      fail: (failure) => {
        // The server answered (a status, an ERROR event, a line it should not have sent): asking
        // again at the same version is likely to get the same answer. A dropped connection is not.
        if (live()) this.onFailure(failure, failure.status !== undefined || failure.kind === 'server-error');
      },
    };
    this.armIdle(id);
    this.abort = this.transport.open(this.resourceVersion, sink);
  }

  private onFailure(failure: ClusterFailure, serverAnswered = false): void {
    this.closeStream();
    this.lastBookmark = undefined;
    if (failure.kind === 'gone') {
      this.scheduleRelist(failure.reason === 'too-large-resource-version' ? 'all' : 'query');
      return;
    }
    if (failure.kind === 'unauthorized') {
      void this.onUnauthorized(failure);
      return;
    }
    if (failure.kind === 'forbidden') {
      this.retryAfter(this.backoff.jittered(this.options.slowRetryMs), failure);
      return;
    }
    if (serverAnswered) {
      if (this.failedAt !== this.resourceVersion) this.failuresAtVersion = 0;
      this.failedAt = this.resourceVersion;
      if (++this.failuresAtVersion >= this.options.relistAfterFailures) {
        this.failuresAtVersion = 0;
        this.handlers.onState({ state: 'failed', failure });
        this.scheduleRelist('query');
        return;
      }
    }
    this.retryAfter(this.backoff.next(), failure);
  }

  private scheduleRelist(scope: 'query' | 'all'): void {
    const wait = Math.max(0, this.lastRelist + this.options.minRelistIntervalMs - this.clock.now());
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = this.clock.setTimeout(() => void this.relist(scope), wait);
  }

  /** Renewed credential: retry now. Otherwise retry slowly, and sooner if one appears. */
  private async onUnauthorized(failure: ClusterFailure): Promise<void> {
    const renewed = (await this.transport.renewAuth?.()) ?? false;
    if (this.disposed) return;
    if (renewed) {
      this.retryAfter(this.backoff.jittered(this.options.initialBackoffMs), failure);
      return;
    }
    this.retryAfter(this.backoff.jittered(this.options.slowRetryMs), failure);
    if (!this.transport.renewAuth) return;
    const poll = (): void => {
      this.pollTimer = this.clock.setTimeout(() => {
        void this.transport.renewAuth?.().then((changed) => {
          if (this.disposed) return;
          if (!changed) return poll();
          this.clock.clearTimeout(this.retryTimer);
          this.handlers.onState({ state: 'connecting' });
          this.connect();
        });
      }, this.options.authPollMs);
    };
    poll();
  }

  private async relist(scope: 'query' | 'all'): Promise<void> {
    if (this.disposed) return;
    this.lastRelist = this.clock.now();
    const result = await this.transport.relist(scope);
    if (this.disposed) return;
    if (result.ok) {
      this.resourceVersion = result.value;
      this.failuresAtVersion = 0;
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

  private armIdle(id: number): void {
    this.clock.clearTimeout(this.idleTimer);
    const deadline = this.idleDeadlineMs;
    this.idleTimer = this.clock.setTimeout(() => {
      if (this.disposed || id !== this.stream) return;
      this.onFailure({
        kind: 'timeout',
        message: `No data or bookmark for ${Math.round(deadline / 1000)} s on the watch; the connection looks half-open. Reconnecting.`,
      });
    }, deadline);
  }

  private closeStream(): void {
    this.clock.clearTimeout(this.idleTimer);
    const abort = this.abort;
    this.abort = undefined;
    this.stream++;
    abort?.();
  }
}
