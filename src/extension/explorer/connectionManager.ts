/**
 * Owns the cluster connection behind the explorer: which source (a live context from the
 * kubeconfig, or an offline snapshot), the ClusterClient, the HealthIndex fed by its watch, and
 * the ConnectionState. Every (re)connect gets a new sequence number and drops callbacks of older
 * ones, so a context switch while requests are slow never mixes two clusters. client-node is
 * loaded (by src/cluster/kube/clientNode.ts) on the first connect, never at activation. Changes are coalesced (≤ 4 per second).
 */
import * as vscode from 'vscode';
import type {
  ClusterClient,
  ClusterFailure,
  ConnectionState,
  Disposable,
  LoadProgress,
} from '../../cluster/clusterClient';
import { createLiveClusterClient } from '../../cluster/liveCluster';
import { SnapshotClusterClient } from '../../cluster/snapshot/snapshotClusterClient';
import { Coalescer } from '../../core/explorer/coalescer';
import type { ExplorerConnection } from '../../core/explorer/connection';
import { kubectlConnection } from '../../core/explorer/kubectl';
import { shellQuote } from '../../core/shell/kubectlLine';
import type { KubectlConnection } from '../../core/shell/kubectlLine';
import { buildHealthModel } from '../../core/health/buildModel';
import { HealthIndex } from '../../core/health/healthIndex';
import { LoadProgressTracker } from '../../core/health/loadProgress';
import type { HealthModel } from '../../core/health/model';
import type { SettingsReader } from '../settings';
import { ClusterObjects } from '../../core/explorer/clusterObjects';

export type ClusterSource =
  { kind: 'kubeconfig'; context: string | undefined } | { kind: 'snapshot'; dir: string };

export class ConnectionManager implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires (coalesced) when the connection state or the model changed. */
  readonly onDidChange = this.changed.event;
  private readonly coalescer = new Coalescer(() => this.changed.fire());
  private readonly subscriptions: vscode.Disposable[] = [];
  private source: ClusterSource = { kind: 'kubeconfig', context: undefined };
  private client: ClusterClient | undefined;
  private watch: Disposable | undefined;
  private index: HealthIndex | undefined;
  /** The index holds a complete load (until then the tree shows `early`, if it came). */
  private complete = false;
  /** The model of the first rows of a load still running (DaemonSet, istio-cni pods, nodes). */
  private early: HealthModel | undefined;
  /** What the running load is reading ("pods 40,000…"), shown while connecting. */
  private reading: LoadProgressTracker | undefined;
  private seq = 0;
  private started = false;
  readonly objects = new ClusterObjects();
  connection: ExplorerConnection = { phase: 'idle' };

  constructor(
    private readonly settings: SettingsReader,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      settings.onDidChange((keys) => {
        if (this.started && this.source.kind === 'kubeconfig' && keys.some((k) => k.startsWith('cluster.'))) {
          this.source = { kind: 'kubeconfig', context: undefined };
          void this.connect();
        }
      }),
    );
  }

  /** The first look at the explorer connects; later calls do nothing. */
  ensureStarted(): void {
    if (this.started) return;
    this.started = true;
    void this.connect();
  }

  get isStarted(): boolean {
    return this.started;
  }

  model(): HealthModel | undefined {
    return this.index?.model();
  }

  /** The first rows of the load still running, until its complete result is in. */
  earlyModel(): HealthModel | undefined {
    return this.complete ? undefined : this.early;
  }

  /** The client of the current connection, for logs and describe. */
  currentClient(): ClusterClient | undefined {
    return this.client;
  }

  async useContext(context: string): Promise<void> {
    this.started = true;
    this.source = { kind: 'kubeconfig', context };
    await this.connect();
  }

  async openSnapshot(dir: string): Promise<void> {
    this.started = true;
    this.source = { kind: 'snapshot', dir };
    await this.connect();
  }

  /** Drops everything and reads the source again (the manual refresh). */
  /**
   * The flags a printed kubectl command needs to reach this cluster: the context shown and, when
   * the explorer reads a kubeconfig named in the settings (not the shell's default), that file.
   */
  kubectlConnection(): KubectlConnection {
    const c = this.connection;
    if (c.phase !== 'connected' && c.phase !== 'failed' && c.phase !== 'connecting') return {};
    if (this.source.kind !== 'kubeconfig' || c.context === 'current context') return {};
    return kubectlConnection(c.context, this.settings.get('cluster.kubeconfig'));
  }

  async connect(): Promise<void> {
    const seq = ++this.seq;
    this.teardown();
    const current = (): boolean => seq === this.seq;
    const source = this.source;
    const context =
      source.kind === 'kubeconfig' ? (source.context ?? this.settings.get('cluster.context')) : '';
    this.setConnection(
      this.connecting(source.kind === 'snapshot' ? `snapshot:${source.dir}` : context || 'current context'),
    );
    const created = await this.createClient(source, context);
    if (!current()) {
      if (created.ok) created.value.dispose();
      return;
    }
    if (!created.ok) {
      this.fail(context, created.error);
      return;
    }
    const client = created.value;
    this.client = client;
    const index = new HealthIndex();
    const info = client.info();
    // The context the client resolved (the kubeconfig's current-context when none was chosen):
    // the connection still reads "current context" here, which would leave the flags out.
    index.commandFlags = kubectlFlags(
      source.kind === 'kubeconfig'
        ? kubectlConnection(info.context, this.settings.get('cluster.kubeconfig'))
        : {},
    );
    this.index = index;
    if (info.source === 'snapshot') {
      this.setConnection(this.connecting(info.context));
      const loaded = await client.load();
      if (!current()) return;
      if (!loaded.ok) return this.fail(info.context, loaded.error);
      index.replace(loaded.value);
      this.complete = true;
      this.objects.replace(loaded.value);
      this.setConnection({
        phase: 'offline',
        context: client.info().context,
        source: source.kind === 'snapshot' ? source.dir : info.server,
      });
      return;
    }
    this.setConnection(this.connecting(info.context));
    const reading = new LoadProgressTracker();
    this.reading = reading;
    this.watch = client.watch({
      onProgress: (progress) => {
        if (current()) this.onProgress(progress, reading, info.context);
      },
      onRelist: (data) => {
        if (!current()) return;
        index.replace(data);
        this.complete = true;
        this.early = undefined;
        this.objects.replace(data);
        this.coalescer.request();
      },
      onEvent: (kind, type, object) => {
        if (!current()) return;
        index.apply(kind, type, object);
        this.objects.apply(kind, type, object);
        this.coalescer.request();
      },
      onState: (state) => {
        if (current()) this.onState(info.context, info.server, state, info.insecure === true);
      },
    });
  }

  private onState(context: string, server: string, state: ConnectionState, insecure: boolean): void {
    switch (state.state) {
      case 'connecting':
        // Keep showing the last good tree while a watch reconnects; only the first connect shows "connecting".
        if (this.connection.phase !== 'connected') this.setConnection(this.connecting(context));
        return;
      case 'connected':
        return this.setConnection({ phase: 'connected', context, server, ...(insecure ? { insecure } : {}) });
      case 'offline':
        return this.setConnection({ phase: 'offline', context, source: state.source });
      case 'failed':
        this.log.warn(`Cluster ${context}: ${state.failure.kind}: ${state.failure.message}`);
        return this.setConnection({
          phase: 'failed',
          context,
          failure: state.failure,
          ...(state.retryInMs !== undefined ? { retryInMs: state.retryInMs } : {}),
        });
    }
  }

  /** A load's progress: the first rows once they are in, and what it is reading while connecting. */
  private onProgress(progress: LoadProgress, reading: LoadProgressTracker, context: string): void {
    if (progress.type === 'early') {
      if (this.complete) return; // a re-list while connected keeps the last complete tree
      this.early = buildHealthModel(progress.data, new Date(), {
        commandFlags: this.index?.commandFlags ?? '',
      });
      this.coalescer.request();
      return;
    }
    if (reading.update(progress) && this.connection.phase === 'connecting')
      this.setConnection(this.connecting(context));
  }

  private connecting(context: string): ExplorerConnection {
    const progress = this.reading?.text();
    return { phase: 'connecting', context, ...(progress ? { progress } : {}) };
  }

  private fail(context: string, failure: ClusterFailure): void {
    this.log.warn(`Cluster ${context || '(no context)'}: ${failure.kind}: ${failure.message}`);
    this.setConnection({ phase: 'failed', context, failure });
  }

  private async createClient(
    source: ClusterSource,
    context: string,
  ): Promise<{ ok: true; value: ClusterClient } | { ok: false; error: ClusterFailure }> {
    try {
      if (source.kind === 'snapshot') {
        return { ok: true, value: new SnapshotClusterClient(source.dir) };
      }
      const file = this.settings.get('cluster.kubeconfig');
      return await createLiveClusterClient({
        ...(file ? { file } : {}),
        ...(context ? { context } : {}),
        // Exec credential plugins run programs named by the kubeconfig: never in untrusted workspaces.
        allowExecPlugins: vscode.workspace.isTrusted,
        requestTimeoutMs: requestTimeoutMs(this.settings.get('cluster.requestTimeoutSeconds')),
      });
    } catch (err) {
      return {
        ok: false,
        error: { kind: 'server-error', message: `Could not start the cluster client: ${String(err)}` },
      };
    }
  }

  private setConnection(connection: ExplorerConnection): void {
    this.connection = connection;
    this.coalescer.request();
  }

  private teardown(): void {
    this.watch?.dispose();
    this.watch = undefined;
    this.client?.dispose();
    this.client = undefined;
    this.index = undefined;
    this.complete = false;
    this.early = undefined;
    this.reading = undefined;
    this.objects.clear();
  }

  dispose(): void {
    this.seq++;
    this.teardown();
    this.coalescer.dispose();
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** `--kubeconfig F --context C` for the fix commands the model renders. */
function kubectlFlags(c: KubectlConnection): string {
  return [
    ...(c.kubeconfig ? [`--kubeconfig ${shellQuote(c.kubeconfig)}`] : []),
    ...(c.context ? [`--context ${shellQuote(c.context)}`] : []),
  ].join(' ');
}

/** The setting in milliseconds, within 1 s .. 10 min whatever was typed into settings.json. */
function requestTimeoutMs(seconds: number): number {
  return Number.isFinite(seconds) ? Math.min(Math.max(seconds, 1), 600) * 1000 : 15_000;
}
