/**
 * ClusterClient over a live cluster, the only one that talks to @kubernetes/client-node.
 * Create it with createKubeClusterClient(); it reads the kubeconfig (kubeconfig.ts), checks the
 * context and its credentials (kubeAuth.ts), lists with scoped paginated queries (queries.ts,
 * jsonLister.ts over httpStream.ts), watches through WatchSession/WatchSupervisor, reads and
 * follows pod logs, and runs read-only commands through pods/exec (podExec.ts). All of them take
 * their credential from one KubeAuth per context, so concurrent callers share one plugin run.
 * useContext() bumps the generation and aborts everything in flight, so a context switch never
 * mixes data from two clusters.
 */
import { setMaxListeners } from 'events';
import { StringDecoder } from 'string_decoder';
import type {
  ClusterClient,
  ClusterFailure,
  ClusterInfo,
  Disposable,
  ExecOptions,
  LoadProgressListener,
  LogOptions,
  LogStream,
  WatchHandlers,
} from '../clusterClient';
import type { ClusterData } from '../../core/health/clusterData';
import type { K8sObject, K8sPod } from '../../core/health/k8s';
import { fail, ok, type Result } from '../../core/result';
import type { SupervisorOptions, WatchSink } from '../watchSupervisor';
import { type K8sLib, type KubeConfig, loadClientNode } from './clientNode';
import { loadCluster, type LoadedCluster } from './clusterLoader';
import { cancelled } from './failures';
import { type HttpTarget, httpTarget, streamGet } from './httpStream';
import { JsonLister, LISTER_DEFAULTS } from './jsonLister';
import { KubeAuth } from './kubeAuth';
import { execInPod } from './podExec';
import { contextsOf, type KubeconfigSource, readKubeconfig, selectContext } from './kubeconfig';
import { describeQuery, queryPath, type QuerySpec } from './queries';
import { dispatchWatchLine, splitLines, tooLargeFailure } from './watchLines';
import { WatchSession } from './watchSession';

export interface KubeClientOptions extends KubeconfigSource {
  /** Context to use; the kubeconfig's current-context when absent. */
  context?: string;
  /** False in untrusted workspaces: exec credential plugins are then refused. */
  allowExecPlugins: boolean;
  execTimeoutMs?: number;
  execPath?: string;
  /** Per list/GET/log request (headers, each silence, the whole request); until the headers of a watch. */
  requestTimeoutMs?: number;
  pageSize?: number;
  /** Bytes allowed per list/GET response (default 64 MB). */
  maxResponseBytes?: number;
  /** Requests allowed per list (default 1000). */
  maxRequestsPerList?: number;
  /** Read install-cni log tails for nodes where repair acted or istio-cni-node is not ready. */
  readCniLogs?: boolean;
  /** Byte bound of a followed log (default 10 MB); the stream ends when it is reached. */
  followLimitBytes?: number;
  /** Server-side watch timeout; the supervisor resumes silently after it. */
  watchTimeoutSeconds?: number;
  watch?: Partial<SupervisorOptions>;
}

const MB = 1024 * 1024;

export async function createKubeClusterClient(
  options: KubeClientOptions,
): Promise<Result<KubeClusterClient, ClusterFailure>> {
  const k8s = await loadClientNode();
  const kc = await readKubeconfig(options);
  if (!kc.ok) return kc;
  const client = new KubeClusterClient(k8s, kc.value, options);
  const selected = client.useContext(options.context);
  return selected.ok ? ok(client) : selected;
}

/** The contexts of the kubeconfig, for a picker. */
export async function listKubeContexts(
  source: KubeconfigSource,
): Promise<Result<{ contexts: string[]; current: string | undefined }, ClusterFailure>> {
  const kc = await readKubeconfig(source);
  return kc.ok ? ok(contextsOf(kc.value)) : kc;
}

/**
 * The controller every request and watch of a context listens to: a load runs lists, per-pod
 * GETs and log tails side by side, and the explorer adds a watch per query, so more than Node's
 * default of 10 listeners on one signal is the normal case here, not a leak (its warning went
 * to stderr).
 */
function sharedController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(256, controller.signal);
  return controller;
}

export class KubeClusterClient implements ClusterClient {
  private gen = 0;
  private controller = sharedController();
  private auth: KubeAuth | undefined;
  private context = '';
  private server = '';
  private lastLoad: { generation: number; loaded: LoadedCluster } | undefined;
  private readonly sessions = new Set<WatchSession>();
  private readonly timeoutMs: number;

  constructor(
    private readonly k8s: K8sLib,
    private readonly kc: KubeConfig,
    private readonly options: KubeClientOptions,
  ) {
    this.timeoutMs = options.requestTimeoutMs ?? 15_000;
  }

  get generation(): number {
    return this.gen;
  }

  contexts(): { contexts: string[]; current: string | undefined } {
    return contextsOf(this.kc);
  }

  /** Switches context: a new generation; everything in flight is aborted and watches stop. */
  useContext(context: string | undefined): Result<ClusterInfo, ClusterFailure> {
    this.gen++;
    this.controller.abort();
    this.controller = sharedController();
    for (const s of this.sessions) s.dispose();
    this.sessions.clear();
    this.lastLoad = undefined;
    this.auth = undefined;
    const selected = selectContext(this.kc, context);
    if (!selected.ok) return selected;
    const authOptions = {
      allowExecPlugins: this.options.allowExecPlugins,
      execTimeoutMs: this.options.execTimeoutMs ?? 20_000,
      ...(this.options.execPath ? { execPath: this.options.execPath } : {}),
      source: this.options,
      context: selected.value.context,
    };
    const checked = KubeAuth.check(this.kc, authOptions);
    if (!checked.ok) return checked;
    this.context = selected.value.context;
    this.server = selected.value.cluster.server;
    this.auth = new KubeAuth(this.k8s, this.kc, authOptions);
    return ok(this.info());
  }

  info(): ClusterInfo {
    const insecure = this.kc.getCurrentCluster()?.skipTLSVerify === true;
    return { context: this.context, server: this.server, source: 'live', ...(insecure ? { insecure } : {}) };
  }

  async load(onProgress?: LoadProgressListener): Promise<Result<ClusterData, ClusterFailure>> {
    const result = await this.loadWithVersions(false, onProgress);
    if (!result.ok) return result;
    this.lastLoad = { generation: this.gen, loaded: result.value };
    return ok(result.value.data);
  }

  watch(handlers: WatchHandlers): Disposable {
    const generation = this.gen;
    const session = new WatchSession(
      {
        generation,
        isCurrent: () => generation === this.gen,
        load: () =>
          this.loadWithVersions(false, handlers.onProgress && ((p) => handlers.onProgress?.(p, generation))),
        listQuery: (query) => this.listQuery(query),
        open: (query, rv, sink) => this.openWatch(query, rv, sink),
        renewAuth: async () => {
          await this.auth?.renew();
          return this.auth?.version ?? 0;
        },
        authVersion: () => this.auth?.version ?? 0,
        options: this.options.watch ?? {},
      },
      handlers,
    );
    this.sessions.add(session);
    // The load just made (load() then watch()) is used once; an older one may be long stale.
    const last = this.lastLoad?.generation === generation ? this.lastLoad.loaded : undefined;
    this.lastLoad = undefined;
    session.start(last);
    return {
      dispose: () => {
        session.dispose();
        this.sessions.delete(session);
      },
    };
  }

  async podLog(options: LogOptions): Promise<Result<string, ClusterFailure>> {
    const limit = Math.min(options.limitBytes ?? 10 * MB, 10 * MB);
    const chunks: Buffer[] = [];
    let size = 0;
    const controller = new AbortController();
    const signal = AbortSignal.any([this.controller.signal, controller.signal]);
    const result = await this.logRequest(options, false, limit, signal, (c) => {
      const room = limit - size;
      chunks.push(room < c.length ? c.subarray(0, room) : c);
      size += Math.min(room, c.length);
      if (size >= limit) controller.abort();
    });
    if (!result.ok && !controller.signal.aborted) return result;
    return ok(Buffer.concat(chunks).toString('utf8'));
  }

  followPodLog(options: LogOptions, onData: (text: string) => void): LogStream {
    const limit = options.limitBytes ?? this.options.followLimitBytes ?? 10 * MB;
    const controller = new AbortController();
    const signal = AbortSignal.any([this.controller.signal, controller.signal]);
    const decoder = new StringDecoder('utf8');
    let size = 0;
    const done = this.logRequest(options, true, limit, signal, (c) => {
      const part = c.subarray(0, Math.max(0, limit - size));
      size += part.length;
      if (part.length > 0) onData(decoder.write(part));
      if (size >= limit) controller.abort();
    }).then((r): Result<void, ClusterFailure> => {
      const rest = decoder.end();
      if (rest) onData(rest);
      // Ending it ourselves (dispose or the byte bound) is a clean end.
      return !r.ok && controller.signal.aborted ? ok(undefined) : r;
    });
    return { done, dispose: () => controller.abort() };
  }

  async exec(options: ExecOptions, retried = false): Promise<Result<string, ClusterFailure>> {
    const generation = this.gen;
    const kc = await this.config();
    if (!kc.ok) return kc;
    const result = await execInPod(kc.value, options, this.controller.signal);
    if (generation !== this.gen) return fail(cancelled(`exec in ${options.namespace}/${options.pod}`));
    if (!result.ok && result.error.kind === 'unauthorized' && !retried && (await this.auth?.renew()))
      return this.exec(options, true);
    return result;
  }

  /** How many times this client ran the exec credential plugin (0 for other users). */
  get credentialPluginRuns(): number {
    return this.auth?.execRuns ?? 0;
  }

  dispose(): void {
    this.gen++;
    this.lastLoad = undefined;
    this.controller.abort();
    for (const s of this.sessions) s.dispose();
    this.sessions.clear();
  }

  private async config(): Promise<Result<KubeConfig, ClusterFailure>> {
    if (!this.auth) return fail({ kind: 'bad-kubeconfig', message: 'No usable context is selected.' });
    return this.auth.config();
  }

  /** load() plus each query's resourceVersion; retries once with a fresh exec credential after 401. */
  private async loadWithVersions(
    retried: boolean,
    onProgress: LoadProgressListener | undefined,
  ): Promise<Result<LoadedCluster, ClusterFailure>> {
    const generation = this.gen;
    const signal = this.controller.signal;
    const kc = await this.config();
    if (!kc.ok) return kc;
    const target = await httpTarget(kc.value, `list from context ${this.context}`, true);
    if (!target.ok) return target;
    const lister = this.lister(target.value, signal);
    const readLog =
      this.options.readCniLogs === false
        ? undefined
        : (namespace: string, pod: string, container: string) =>
            this.podLog({ namespace, pod, container, tailLines: 300, limitBytes: 256 * 1024 });
    const result = await loadCluster(lister, readLog, onProgress).finally(() => target.value.close());
    if (generation !== this.gen) return fail(cancelled(`load of context ${this.context}`));
    if (!result.ok && result.error.kind === 'unauthorized' && !retried && (await this.auth?.renew()))
      return this.loadWithVersions(true, onProgress);
    return result;
  }

  /** One pod by name (`diagnose pod` of a pod the scoped lists do not hold, e.g. a healthy Running one). */
  async getPod(namespace: string, name: string): Promise<Result<K8sPod | undefined, ClusterFailure>> {
    const kc = await this.config();
    if (!kc.ok) return kc;
    const target = await httpTarget(kc.value, `get pod from context ${this.context}`, true);
    if (!target.ok) return target;
    return this.lister(target.value, this.controller.signal)
      .getPod(namespace, name)
      .finally(() => target.value.close());
  }

  /** One query listed again (after a 410 on its watch). */
  private async listQuery(
    query: QuerySpec,
  ): Promise<Result<{ items: K8sObject[]; resourceVersion: string }, ClusterFailure>> {
    const kc = await this.config();
    if (!kc.ok) return kc;
    const target = await httpTarget(kc.value, `list from context ${this.context}`, true);
    if (!target.ok) return target;
    return this.lister(target.value, this.controller.signal)
      .list(query)
      .finally(() => target.value.close());
  }

  /** A lister over `target` with this client's page size, deadlines and bounds. */
  private lister(target: HttpTarget, signal: AbortSignal): JsonLister {
    return new JsonLister(target, {
      pageSize: this.options.pageSize ?? LISTER_DEFAULTS.pageSize,
      requestTimeoutMs: this.timeoutMs,
      maxResponseBytes: this.options.maxResponseBytes ?? LISTER_DEFAULTS.maxResponseBytes,
      maxRequestsPerList: this.options.maxRequestsPerList ?? LISTER_DEFAULTS.maxRequestsPerList,
      signal,
    });
  }

  private openWatch(query: QuerySpec, resourceVersion: string, sink: WatchSink): () => void {
    const controller = new AbortController();
    const signal = AbortSignal.any([this.controller.signal, controller.signal]);
    const what = describeQuery(query, 'watch');
    const lines = splitLines(
      (line) => {
        const stop = dispatchWatchLine(line, sink, what, resourceVersion);
        if (stop) controller.abort();
        return stop;
      },
      () => {
        controller.abort();
        sink.fail({
          kind: 'server-error',
          message: `A line of the ${query.id} watch exceeded 16 MB; reconnecting.`,
        });
      },
    );
    const timeout = this.options.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 300);
    void (async () => {
      const kc = await this.config();
      if (!kc.ok) {
        sink.fail(kc.error);
        return;
      }
      const result = await streamGet(kc.value, {
        path: queryPath(query),
        query: {
          watch: 'true',
          resourceVersion,
          allowWatchBookmarks: 'true',
          timeoutSeconds: String(timeout),
          labelSelector: query.labelSelector,
          fieldSelector: query.fieldSelector,
        },
        what: describeQuery(query, 'watch'),
        signal,
        headersTimeoutMs: this.timeoutMs,
        retries: 0,
        onOpen: () => sink.opened(),
        onData: lines,
      });
      if (controller.signal.aborted || this.controller.signal.aborted) return;
      if (result.ok) sink.end();
      // A watch refused with 504 is the API server's "Too large resource version" (its
      // Status cause ResourceVersionTooLarge): it has not reached the version we resume from.
      else if (result.error.status === 504) sink.fail(tooLargeFailure(what, resourceVersion));
      else sink.fail(result.error);
    })();
    return () => controller.abort();
  }

  private async logRequest(
    options: LogOptions,
    follow: boolean,
    limitBytes: number,
    signal: AbortSignal,
    onData: (chunk: Buffer) => void,
  ): Promise<Result<void, ClusterFailure>> {
    const kc = await this.config();
    if (!kc.ok) return kc;
    const what = `read the log of ${options.namespace}/${options.pod}${options.container ? ` (${options.container})` : ''}`;
    const num = (n: number | undefined): string | undefined =>
      n === undefined || !Number.isFinite(n) || n < 0 ? undefined : String(Math.floor(n));
    const result = await streamGet(kc.value, {
      path: `/api/v1/namespaces/${encodeURIComponent(options.namespace)}/pods/${encodeURIComponent(options.pod)}/log`,
      query: {
        container: options.container,
        previous: options.previous ? 'true' : undefined,
        follow: follow ? 'true' : undefined,
        tailLines: num(options.tailLines),
        sinceSeconds: num(options.sinceSeconds),
        limitBytes: num(limitBytes),
      },
      what,
      signal,
      headersTimeoutMs: this.timeoutMs,
      // A tail is one request with a deadline; a follow may be quiet for as long as the pod is.
      ...(follow ? {} : { idleTimeoutMs: this.timeoutMs, totalTimeoutMs: this.timeoutMs }),
      onData,
    });
    if (!result.ok && result.error.status === 400) {
      const notFound = /not found|not valid/.test(result.error.message);
      return fail({
        ...result.error,
        kind: notFound ? 'not-found' : 'server-error',
        message: result.error.message.replace(/^The API server answered 400 while trying to /, 'Cannot '),
      });
    }
    return result;
  }
}
