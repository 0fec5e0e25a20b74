/**
 * Cluster access behind our own interface. Implementations: `KubeClusterClient`
 * (src/cluster/kube, the only user of @kubernetes/client-node) and `SnapshotClusterClient`
 * (src/cluster/snapshot, offline from `kubectl get` output or an `istioctl bug-report`).
 * Everything returns plain data (src/core/health/k8s.ts shapes) and typed failures. It is the
 * one door to the cluster: lists, watches, logs and exec all go through it, and so through one
 * credential cache per context.
 */
import type { ClusterData } from '../core/health/clusterData';
import type { K8sObject, K8sPod, WatchEventType, WatchedKind } from '../core/health/k8s';
import type { Result } from '../core/result';

/** Why the cluster (or snapshot) could not be read. `message` is what the user sees. */
export interface ClusterFailure {
  kind:
    | 'bad-kubeconfig'
    | 'no-kubeconfig'
    | 'unreachable'
    | 'timeout'
    | 'unauthorized'
    | 'forbidden'
    | 'not-found'
    | 'gone'
    | 'exec-plugin-failed'
    | 'exec-plugin-blocked'
    | 'bad-snapshot'
    /** The server answered 200 but the body was cut short, too large or not the expected shape. */
    | 'bad-response'
    | 'server-error';
  message: string;
  /** For `forbidden`: the verb and resource that were refused (e.g. `list` `pods` in `istio-system`). */
  verb?: string;
  resource?: string;
  namespace?: string;
  status?: number;
  /** For `gone`: the server has not reached the resourceVersion (restarted or restored), so every list is stale. */
  reason?: 'too-large-resource-version';
}

export interface ClusterInfo {
  context: string;
  server: string;
  source: 'live' | 'snapshot';
  /** The kubeconfig says `insecure-skip-tls-verify: true`: the server's certificate is not checked. */
  insecure?: boolean;
}

/** The states a live connection goes through; the explorer and status bar show them. */
export type ConnectionState =
  | { state: 'connecting' }
  | { state: 'connected' }
  | { state: 'offline'; source: string }
  | { state: 'failed'; failure: ClusterFailure; retryInMs?: number };

/**
 * How far a load has got, for a progress bar or line. `step`: a list (or the per-pod GETs, the
 * log tails) reported as each page arrives, with the items it has read so far. `early`: the first
 * useful evidence is in (istio-cni-node pods, nodes, the DaemonSet) while workload pods, events
 * and logs are still being read; `data` holds only those (its other lists are empty, not "none").
 */
export type LoadProgress =
  | {
      type: 'step';
      /** Stable within one load: the query id (`sidecar-pods`), `named-pods` or `cni-logs`. */
      id: string;
      /** What it reads, for people: `pods`, `events`, `nodes`, `istio-cni logs`. */
      what: string;
      items: number;
      done: boolean;
    }
  | { type: 'early'; data: ClusterData };

export type LoadProgressListener = (progress: LoadProgress) => void;

export interface WatchHandlers {
  /** One object changed; `generation` is the client's generation when the watch was started. */
  onEvent(kind: WatchedKind, type: WatchEventType, object: K8sObject, generation: number): void;
  /** The lists were re-read from scratch (after 410 or reconnect): replace, do not merge. */
  onRelist(data: ClusterData, generation: number): void;
  onState(state: ConnectionState): void;
  /** Progress of the loads the watch makes (the first one and every full re-list). */
  onProgress?(progress: LoadProgress, generation: number): void;
}

export interface Disposable {
  dispose(): void;
}

export interface LogOptions {
  namespace: string;
  pod: string;
  container?: string;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  limitBytes?: number;
}

/** A read-only command in a container, through `pods/exec` (callers ask the user first). */
export interface ExecOptions {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
}

export interface LogStream extends Disposable {
  /** Resolves when the stream ends (or fails); text arrives through onData. */
  readonly done: Promise<Result<void, ClusterFailure>>;
}

export interface ClusterClient extends Disposable {
  info(): ClusterInfo;
  /** Incremented on every context switch; results of an older generation are dropped. */
  readonly generation: number;
  /** The scoped, paginated lists the health model needs; `onProgress` hears how far it has got. */
  load(onProgress?: LoadProgressListener): Promise<Result<ClusterData, ClusterFailure>>;
  /** One pod by name, whatever the scoped lists held; undefined when it does not exist. */
  getPod(namespace: string, name: string): Promise<Result<K8sPod | undefined, ClusterFailure>>;
  /** Live updates through a supervisor (backoff, resume, re-list on 410). Snapshots never call back. */
  watch(handlers: WatchHandlers): Disposable;
  /** A container's log, whole (bounded by limitBytes/tailLines). */
  podLog(options: LogOptions): Promise<Result<string, ClusterFailure>>;
  /** Follow a container's log; text is delivered in chunks. */
  followPodLog(options: LogOptions, onData: (text: string) => void): LogStream;
  /** Runs a command in a container and returns its stdout (a non-zero exit is a failure with stderr). */
  exec(options: ExecOptions): Promise<Result<string, ClusterFailure>>;
}
