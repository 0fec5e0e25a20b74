/**
 * One watch() call: a WatchSupervisor per scoped query (queries.ts), all started from the
 * resourceVersions of the same load. A 410 on one stream re-lists only that query and turns the
 * difference from what the stream had delivered into ADDED/MODIFIED/DELETED events (like an
 * informer's replace); "too large resource version" (the server's history was reset) re-lists
 * everything once (shared), delivers onRelist and restarts every stream, since the set of
 * queries can change. States are combined into one ConnectionState, and nothing from an older
 * generation (before a context switch) reaches the handlers.
 *
 * The handlers see the union of the queries: an object leaves it (DELETED) only when no query of
 * its kind still holds it. A field-selected watch sends DELETED when an object stops matching
 * (a pod leaving `status.phase=Pending`), while another query may still hold the pod.
 */
import type { ClusterFailure, ConnectionState, Disposable, WatchHandlers } from '../clusterClient';
import type { K8sObject, WatchEventType } from '../../core/health/k8s';
import { fail, ok, type Result } from '../../core/result';
import { Backoff } from '../../core/time/backoff';
import { type Clock, systemClock } from '../../core/time/clock';
import {
  defaultSupervisorOptions,
  type RelistScope,
  type SupervisorOptions,
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
  /** Lists one query again (after a 410 on its stream). */
  listQuery(
    query: QuerySpec,
  ): Promise<Result<{ items: K8sObject[]; resourceVersion: string }, ClusterFailure>>;
  /** Opens a watch stream for a query; returns an abort function. */
  open(query: QuerySpec, resourceVersion: string, sink: WatchSink): () => void;
  /**
   * After a 401: looks for a renewed credential (kubeconfig re-read, exec plugin re-run) and
   * resolves with the credential's version, which goes up each time it changes.
   */
  renewAuth?(): Promise<number>;
  /** The credential's version now. */
  authVersion?(): number;
  options: Partial<SupervisorOptions>;
  clock?: Clock;
}

const keyOf = (o: K8sObject): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

export class WatchSession implements Disposable {
  private supervisors = new Map<string, WatchSupervisor>();
  private states = new Map<string, ConnectionState>();
  /** Per query: the objects its list and stream delivered, to diff a one-query re-list against. */
  private known = new Map<string, Map<string, K8sObject>>();
  /** Per query id: its kind (keys are only unique within a kind). */
  private kindOf = new Map<string, string>();
  private lastState = '';
  private relisting: Promise<Result<LoadedCluster, ClusterFailure>> | undefined;
  private disposed = false;
  private retryTimer: unknown;
  private lastRelist = -Infinity;
  private readonly clock: Clock;
  private readonly options: SupervisorOptions;
  private readonly backoff: Backoff;

  constructor(
    private readonly deps: SessionDeps,
    private readonly handlers: WatchHandlers,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.options = { ...defaultSupervisorOptions, ...deps.options };
    this.backoff = new Backoff(
      {
        initialMs: this.options.initialBackoffMs,
        maxMs: this.options.maxBackoffMs,
        jitter: this.options.jitter,
      },
      this.clock,
    );
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
    const result = await this.relistAll();
    if (result.ok || !this.live()) return;
    if (FINAL.has(result.error.kind)) {
      // Retrying cannot fix the kubeconfig or workspace trust; the user has to act.
      this.emit({ state: 'failed', failure: result.error });
      return;
    }
    const seen = this.deps.authVersion?.() ?? 0;
    const renewed =
      result.error.kind === 'unauthorized' && ((await this.deps.renewAuth?.()) ?? seen) !== seen;
    const slow = !renewed && (result.error.kind === 'forbidden' || result.error.kind === 'unauthorized');
    const delay = slow ? this.backoff.jittered(this.options.slowRetryMs) : this.backoff.next();
    this.emit({ state: 'failed', failure: result.error, retryInMs: Math.round(delay) });
    this.retryTimer = this.clock.setTimeout(() => {
      this.emit({ state: 'connecting' });
      void this.initialLoad();
    }, delay);
  }

  /**
   * Re-lists everything once for everyone who asks at the same time, and at most once per
   * minRelistIntervalMs: new supervisors start with no memory of the last re-list, so a server
   * that answers every watch with "too large" would otherwise get a hot list loop.
   */
  private relistAll(): Promise<Result<LoadedCluster, ClusterFailure>> {
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
          this.backoff.reset();
          this.handlers.onRelist(result.value.data, this.deps.generation);
          this.startStreams(result.value);
        }
        return result;
      });
    return this.relisting;
  }

  /** Lists one query and delivers what changed since its stream last spoke as events. */
  private async relistQuery(query: QuerySpec): Promise<Result<string, ClusterFailure>> {
    const result = await this.deps.listQuery(query);
    if (!result.ok) return result;
    if (!this.live()) return fail({ kind: 'server-error', message: `Cancelled: re-list of ${query.id}.` });
    const before = this.known.get(query.id) ?? new Map<string, K8sObject>();
    const after = new Map(result.value.items.map((o) => [keyOf(o), o]));
    this.known.set(query.id, after);
    const deliver = (type: WatchEventType, o: K8sObject): void => this.deliver(query, type, o);
    for (const [k, o] of before) if (!after.has(k)) deliver('DELETED', o);
    for (const [k, o] of after) {
      const old = before.get(k);
      if (!old) deliver('ADDED', o);
      else if (old.metadata?.resourceVersion !== o.metadata?.resourceVersion) deliver('MODIFIED', o);
    }
    return ok(result.value.resourceVersion);
  }

  private async relistFor(query: QuerySpec, scope: RelistScope): Promise<Result<string, ClusterFailure>> {
    if (scope === 'query') return this.relistQuery(query);
    const r = await this.relistAll();
    if (!r.ok) return r;
    const v = r.value.versions.find((x) => x.query.id === query.id);
    return v
      ? ok(v.resourceVersion)
      : fail({ kind: 'server-error', message: `The ${query.id} query is gone after re-listing.` });
  }

  /**
   * One stream's view of credential renewal: true when the credential differs from the one it
   * last used, so every stream refused with the old one retries, not only the one that found it.
   */
  private renewer(): () => Promise<boolean> {
    let seen = this.deps.authVersion?.() ?? 0;
    return async () => {
      const now = (await this.deps.renewAuth?.()) ?? seen;
      const changed = now !== seen;
      seen = now;
      return changed;
    };
  }

  private startStreams(loaded: LoadedCluster): void {
    if (!this.live()) return;
    for (const s of this.supervisors.values()) s.dispose();
    this.supervisors.clear();
    this.states.clear();
    this.known.clear();
    this.kindOf.clear();
    for (const { query, resourceVersion, items } of loaded.versions) {
      const known = new Map(items.map((o) => [keyOf(o), o]));
      this.known.set(query.id, known);
      this.kindOf.set(query.id, query.kind);
      const supervisor = new WatchSupervisor(
        {
          open: (rv, sink) => this.deps.open(query, rv, sink),
          relist: (scope) => this.relistFor(query, scope),
          ...(this.deps.renewAuth ? { renewAuth: this.renewer() } : {}),
        },
        {
          onEvent: (type: WatchEventType, object: K8sObject) => {
            if (!this.live()) return;
            const map = this.known.get(query.id);
            if (type === 'DELETED') map?.delete(keyOf(object));
            else map?.set(keyOf(object), object);
            this.deliver(query, type, object);
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

  /**
   * Hands an event of `query` to the handlers after `known` was updated: a DELETED is held back
   * while another query of the same kind still holds the object (the union stays right).
   */
  private deliver(query: QuerySpec, type: WatchEventType, object: K8sObject): void {
    if (type === 'DELETED') {
      const key = keyOf(object);
      for (const [id, map] of this.known)
        if (id !== query.id && map.has(key) && this.kindOf.get(id) === query.kind) return;
    }
    this.handlers.onEvent(query.kind, type, object, this.deps.generation);
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
