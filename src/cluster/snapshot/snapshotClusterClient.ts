/**
 * A ClusterClient over a saved snapshot (see readSnapshot.ts for the layouts): the same
 * ClusterData as a live cluster, offline. Nothing changes, so watch() never calls back;
 * pod logs come from the snapshot when it has them.
 */
import * as path from 'path';
import type {
  ClusterClient,
  ClusterFailure,
  ClusterInfo,
  Disposable,
  ExecOptions,
  LogOptions,
  LoadProgressListener,
  LogStream,
  WatchHandlers,
} from '../clusterClient';
import type { ClusterData } from '../../core/health/clusterData';
import { clusterDataFromObjects, type ContainerLog } from '../../core/health/fromObjects';
import { fail, ok, type Result } from '../../core/result';
import type { K8sPod } from '../../core/health/k8s';
import { readSnapshot } from './readSnapshot';

const isPod = (d: unknown): d is K8sPod =>
  typeof d === 'object' && d !== null && (d as { kind?: unknown }).kind === 'Pod';

export class SnapshotClusterClient implements ClusterClient {
  readonly generation = 1;
  private logs: ContainerLog[] = [];
  private pods: K8sPod[] = [];
  private context: string | undefined;
  private server: string | undefined;

  constructor(private readonly dir: string) {}

  info(): ClusterInfo {
    return {
      context: this.context ?? `snapshot:${path.basename(path.resolve(this.dir))}`,
      server: this.server ?? '',
      source: 'snapshot',
    };
  }

  /** Reads the files in one step: no progress is reported. */
  async load(_onProgress?: LoadProgressListener): Promise<Result<ClusterData, ClusterFailure>> {
    const read = await readSnapshot(this.dir);
    if (!read.ok) return fail({ kind: 'bad-snapshot', message: read.error.message });
    this.logs = read.value.logs;
    this.pods = read.value.docs.filter(isPod);
    this.context = read.value.context;
    this.server = read.value.server;
    return ok(clusterDataFromObjects(read.value.docs, read.value.logs));
  }

  /** A pod the snapshot holds (after load()), whatever the health model selected. */
  getPod(namespace: string, name: string): Promise<Result<K8sPod | undefined, ClusterFailure>> {
    return Promise.resolve(
      ok(this.pods.find((p) => p.metadata?.namespace === namespace && p.metadata.name === name)),
    );
  }

  watch(_handlers: WatchHandlers): Disposable {
    return { dispose: () => undefined };
  }

  podLog(options: LogOptions): Promise<Result<string, ClusterFailure>> {
    const log = this.logs.find(
      (l) =>
        l.namespace === options.namespace &&
        l.pod === options.pod &&
        (options.container === undefined || l.container === options.container) &&
        l.previous === (options.previous ?? false),
    );
    if (!log) {
      const what = `${options.namespace}/${options.pod}${options.container ? ` container ${options.container}` : ''}${options.previous ? ' (previous)' : ''}`;
      return Promise.resolve(fail({ kind: 'not-found', message: `the snapshot has no log for ${what}` }));
    }
    return Promise.resolve(ok(bound(log.text, options)));
  }

  followPodLog(options: LogOptions, onData: (text: string) => void): LogStream {
    const done = this.podLog(options).then((r) => {
      if (!r.ok) return r;
      onData(r.value);
      return ok(undefined);
    });
    return { done, dispose: () => undefined };
  }

  exec(options: ExecOptions): Promise<Result<string, ClusterFailure>> {
    return Promise.resolve(
      fail({
        kind: 'bad-snapshot',
        message: `a snapshot cannot run commands in ${options.namespace}/${options.pod}: connect to the live cluster.`,
      }),
    );
  }

  dispose(): void {
    this.logs = [];
  }
}

function bound(text: string, o: LogOptions): string {
  let t = text;
  if (o.tailLines !== undefined && o.tailLines >= 0) {
    const lines = t.split('\n');
    const trailing = lines[lines.length - 1] === '' ? 1 : 0;
    t = lines.slice(Math.max(0, lines.length - trailing - o.tailLines)).join('\n');
  }
  if (o.limitBytes !== undefined && Buffer.byteLength(t) > o.limitBytes)
    t = Buffer.from(t).subarray(0, o.limitBytes).toString('utf8');
  return t;
}
