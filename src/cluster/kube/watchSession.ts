/**
 * One watch() call: a WatchSupervisor per scoped query (queries.ts), all started from the
 * resourceVersions of the same load. A 410 on any stream re-lists everything once (shared),
 * delivers onRelist, and restarts every stream from the new lists, since the set of queries can
 * change (a namespace turned ambient). States are combined into one ConnectionState, and nothing
 * from an older generation (before a context switch) reaches the handlers.
 */
import type { ClusterFailure, ConnectionState, Disposable, WatchHandlers } from '../clusterClient';
import type { K8sObject, WatchEventType } from '../../core/health/k8s';
import { fail, ok, type Result } from '../../core/result';
import {
  type Clock,
  defaultSupervisorOptions,
  type SupervisorOptions,
  systemClock,
  WatchSupervisor,
  type WatchSink,
} from '../watchSupervisor';
import { type LoadedCluster } from './clusterLoader';
import { type QuerySpec } from './queries';

/** Failures that waiting does not fix. */
const FINAL = new Set(['bad-kubeconfig', 'no-kubeconfig', 'exec-plugin-blocked']);

export interface SessionDeps {
  generation: number;
  isCurrent(): boolean;
  load(): Promise<Result<LoadedCluster, ClusterFailure>>;
  /** Opens a watch stream for a query; returns an abort function. */
  open(query: QuerySpec, resourceVersion: string, sink: WatchSink): () => void;
  options: Partial<SupervisorOptions>;
  clock?: Clock;
}

export class WatchSession implements Disposable {
  private supervisors = new Map<string, WatchSupervisor>();
  private states = new Map<string, ConnectionState>();
  private lastState = '';
  private relisting: Promise<Result<LoadedCluster, ClusterFailure>> | undefined;
  private disposed = false;
  private retryTimer: unknown;
  private attempt = 0;
  private lastRelist = -Infinity;
  private readonly clock: Clock;
  private readonly options: SupervisorOptions;

  constructor(
    private readonly deps: SessionDeps,
    private readonly handlers: WatchHandlers,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.options = { ...defaultSupervisorOptions, ...deps.options };
  }

  /** Starts from a load the caller already made, or lists first. */
  start(loaded: LoadedCluster | undefined): void {
    this.emit({ state: 'connecting' });
    if (loaded) this.startStreams(loaded);
    else void this.initialLoad();
  }

  dispose(): void {
    this.disposed = true;
    this.clock.clearTimeout(this.retryTimer);
    for (const s of this.supervisors.values()) s.dispose();
    this.supervisors.clear();
  }

  private live(): boolean {
    return !this.disposed && this.deps.isCurrent();
  }

  private async initialLoad(): Promise<void> {
    const result = await this.relist();
    if (result.ok || !this.live()) return;
    if (FINAL.has(result.error.kind)) {
      // Retrying cannot fix the kubeconfig or workspace trust; the user has to act.
      this.emit({ state: 'failed', failure: result.error });
      return;
    }
    const slow = result.error.kind === 'forbidden' || result.error.kind === 'unauthorized';
    const base = slow
      ? this.options.slowRetryMs
      : Math.min(this.options.maxBackoffMs, this.options.initialBackoffMs * 2 ** this.attempt++);
    const delay = base * (1 + this.options.jitter * (2 * this.clock.random() - 1));
    this.emit({ state: 'failed', failure: result.error, retryInMs: Math.round(delay) });
    this.retryTimer = this.clock.setTimeout(() => {
      this.emit({ state: 'connecting' });
      void this.initialLoad();
    }, delay);
  }

  /**
   * Re-lists once for everyone who asks at the same time, and at most once per
   * minRelistIntervalMs: new supervisors start with no memory of the last re-list, so a server
   * that answers every watch with 410 would otherwise get a hot list loop.
   */
  private relist(): Promise<Result<LoadedCluster, ClusterFailure>> {
    const wait = Math.max(0, this.lastRelist + this.options.minRelistIntervalMs - this.clock.now());
    this.relisting ??= new Promise<void>((resolve) => {
      if (wait === 0) resolve();
      else this.clock.setTimeout(resolve, wait);
    })
      .then(() => this.deps.load())
      .then((result) => {
        this.relisting = undefined;
        if (result.ok && this.live()) {
          // Only a list that worked counts: failed lists are paced by the backoff instead.
          this.lastRelist = this.clock.now();
          this.attempt = 0;
          this.handlers.onRelist(result.value.data, this.deps.generation);
          this.startStreams(result.value);
        }
        return result;
      });
    return this.relisting;
  }

  private startStreams(loaded: LoadedCluster): void {
    if (!this.live()) return;
    for (const s of this.supervisors.values()) s.dispose();
    this.supervisors.clear();
    this.states.clear();
    for (const { query, resourceVersion } of loaded.versions) {
      const supervisor = new WatchSupervisor(
        {
          open: (rv, sink) => this.deps.open(query, rv, sink),
          relist: async () => {
            const r = await this.relist();
            if (!r.ok) return r;
            const v = r.value.versions.find((x) => x.query.id === query.id);
            return v
              ? ok(v.resourceVersion)
              : fail({ kind: 'server-error', message: `The ${query.id} query is gone after re-listing.` });
          },
        },
        {
          onEvent: (type: WatchEventType, object: K8sObject) => {
            if (this.live()) this.handlers.onEvent(query.kind, type, object, this.deps.generation);
          },
          onState: (state) => {
            this.states.set(query.id, state);
            this.combine();
          },
        },
        this.options,
        this.clock,
      );
      this.supervisors.set(query.id, supervisor);
      this.states.set(query.id, { state: 'connecting' });
      supervisor.start(resourceVersion);
    }
  }

  /** One state for the whole session: the first failure, else connecting, else connected. */
  private combine(): void {
    const all = [...this.states.values()];
    const failed = all.find((s) => s.state === 'failed');
    if (failed) this.emit(failed);
    else if (all.some((s) => s.state === 'connecting')) this.emit({ state: 'connecting' });
    else this.emit({ state: 'connected' });
  }

  /** Never the same state twice in a row (retry countdowns aside). */
  private emit(state: ConnectionState): void {
    if (!this.live()) return;
    const key = JSON.stringify(state.state === 'failed' ? { ...state, retryInMs: undefined } : state);
    if (key === this.lastState) return;
    this.lastState = key;
    this.handlers.onState(state);
  }
}
