/**
 * Wires the Istio CNI explorer: the connection manager, the tree and its view, the status bar,
 * the read-only cluster documents and the commands. Built at activation without any I/O; the
 * first time the view asks for its rows, the manager connects (and loads client-node).
 */
import * as vscode from 'vscode';
import { listKubeContexts } from '../../cluster/liveCluster';
import { contextOf } from '../../core/explorer/connection';
import type { ExplorerItem } from '../../core/explorer/item';
import { describeOwner, ownerYamlCommand } from '../../core/explorer/describeOwner';
import { kubectlCommand } from '../../core/explorer/kubectl';
import { TITLE_SLASH } from '../../core/explorer/logTitle';
import { VIEWS } from '../../protocol/ids';
import type { LogFeature } from '../logs/logFeature';
import type { SettingsReader } from '../settings';
import { CLUSTER_DOC_SCHEME, ClusterDocuments } from './clusterDocuments';
import { ConnectionManager } from './connectionManager';
import { ConnectionStatus } from './connectionStatus';
import { ExplorerProvider } from './explorerProvider';
import { NodeCniConfigReader } from './nodeCniConfig';
import { PodCommands } from './podCommands';
import { isArchive } from '../../cluster/snapshot/archive';
import { SnapshotArchives } from './snapshotArchive';
import { PodStoryView } from './podStoryView';
import { ViewProgress } from './viewProgress';

export class ExplorerFeature implements vscode.Disposable {
  readonly manager: ConnectionManager;
  readonly provider: ExplorerProvider;
  readonly status: ConnectionStatus;
  readonly docs = new ClusterDocuments();
  readonly pods: PodCommands;
  readonly nodeConfig: NodeCniConfigReader;
  readonly why: PodStoryView;
  readonly view: vscode.TreeView<ExplorerItem>;
  readonly progress: ViewProgress;
  private readonly archives = new SnapshotArchives();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    settings: SettingsReader,
    private readonly log: vscode.LogOutputChannel,
    logs: Pick<LogFeature, 'openLog'>,
    workspaceState: vscode.Memento,
  ) {
    this.manager = new ConnectionManager(settings, log);
    this.provider = new ExplorerProvider(this.manager);
    this.view = vscode.window.createTreeView(VIEWS.explorer, {
      treeDataProvider: this.provider,
      showCollapseAll: true,
    });
    this.provider.attach(this.view);
    this.progress = new ViewProgress(this.manager);
    this.status = new ConnectionStatus(this.manager);
    this.pods = new PodCommands(this.manager, this.docs, logs);
    this.nodeConfig = new NodeCniConfigReader(this.manager, settings, this.docs, log);
    this.why = new PodStoryView(this.manager, this.docs, this.pods, workspaceState);
    this.disposables.push(
      this.manager,
      this.provider,
      this.view,
      this.progress,
      this.status,
      this.docs,
      this.pods,
      this.nodeConfig,
      this.why,
      this.archives,
      vscode.workspace.registerTextDocumentContentProvider(CLUSTER_DOC_SCHEME, this.docs),
    );
  }

  /** Quick pick of the kubeconfig's contexts; `context` (from a test or a link) skips the pick. */
  async selectContext(context?: unknown): Promise<void> {
    if (typeof context === 'string' && context) return this.manager.useContext(context);
    const file = vscode.workspace.getConfiguration('istioCniDoctor').get<string>('cluster.kubeconfig', '');
    const listed = await listKubeContexts(file ? { file } : {});
    if (!listed.ok) {
      const action = await vscode.window.showWarningMessage(
        `Istio CNI Doctor: ${listed.error.message}`,
        'Open Settings',
        'Open Snapshot…',
      );
      if (action === 'Open Settings')
        await vscode.commands.executeCommand('workbench.action.openSettings', 'istioCniDoctor.cluster');
      else if (action === 'Open Snapshot…') await this.openSnapshot();
      return;
    }
    const active = contextOf(this.manager.connection);
    const picked = await vscode.window.showQuickPick(
      listed.value.contexts.map((c) => ({
        label: c,
        description: [c === listed.value.current ? 'current-context' : '', c === active ? 'shown' : '']
          .filter(Boolean)
          .join(' · '),
      })),
      { title: 'Istio CNI: select a cluster context', placeHolder: 'Context' },
    );
    if (picked) await this.manager.useContext(picked.label);
  }

  async refresh(): Promise<void> {
    this.log.info('Explorer: refresh');
    await this.manager.connect();
  }

  /** Opens a snapshot folder (kubectl dumps, an extracted istioctl bug-report) or a bug-report archive as an offline cluster. */
  async openSnapshot(target?: unknown): Promise<void> {
    let uri =
      target instanceof vscode.Uri
        ? target
        : typeof target === 'string'
          ? vscode.Uri.file(target)
          : undefined;
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: true,
        canSelectMany: false,
        title: 'Snapshot folder, or an istioctl bug-report archive',
        openLabel: 'Open as Offline Cluster',
        filters: { 'Bug-report archive': ['tar.gz', 'tgz', 'tar'], 'All files': ['*'] },
      });
      uri = picked?.[0];
    }
    if (!uri) return;
    if (!isArchive(uri.fsPath)) return this.manager.openSnapshot(uri.fsPath);
    const dir = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'Istio CNI Doctor: unpacking the bug-report…',
      },
      () => this.archives.extract(uri.fsPath),
    );
    if (!dir.ok) {
      void vscode.window.showWarningMessage(`Istio CNI Doctor: ${dir.error}`);
      return;
    }
    this.log.info(`Explorer: ${uri.fsPath} unpacked into ${dir.value}`);
    await this.manager.openSnapshot(dir.value);
  }

  async copyKubectl(item: unknown): Promise<string | undefined> {
    if (!isItem(item)) return undefined;
    const command = kubectlCommand(item, this.manager.kubectlConnection());
    if (!command.ok) {
      void vscode.window.showWarningMessage(`Istio CNI Doctor: nothing copied: ${command.error}.`);
      return undefined;
    }
    await vscode.env.clipboard.writeText(command.value);
    vscode.window.setStatusBarMessage(`Copied: ${command.value}`, 4000);
    return command.value;
  }

  /**
   * "Raise the CNI log level": previews the change in the install's own terms (Helm value,
   * IstioOperator, IstioCNI or the DaemonSet argument; version-aware) and copies the command on
   * request. Read-only: the extension never applies it.
   */
  async raiseCniLogLevel(): Promise<string | undefined> {
    const fix = this.manager.model()?.logLevelFix;
    if (!fix) {
      void vscode.window.showInformationMessage(
        'Istio CNI Doctor: no istio-cni-node DaemonSet is loaded, so the log level cannot be told.',
      );
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: `# Raise the CNI log level: ${fix.summary}\n# Apply with:\n#   ${fix.command}\n${fix.snippet}\n`,
    });
    await vscode.window.showTextDocument(doc, { preview: true });
    const choice = await vscode.window.showInformationMessage(
      `Istio CNI Doctor: ${fix.summary}`,
      'Copy Command',
    );
    if (choice !== 'Copy Command') return undefined;
    await vscode.env.clipboard.writeText(fix.command);
    vscode.window.setStatusBarMessage(`Copied: ${fix.command}`, 4000);
    return fix.command;
  }

  /**
   * "Describe Owner": a read-only page about the owner of a pod row (or an owner row): its pods
   * and CNI events as the explorer holds them, and the kubectl command for its YAML.
   */
  async describeOwner(item: unknown): Promise<vscode.TextDocument | undefined> {
    const owner = isItem(item) ? item.target.owner : undefined;
    if (!owner) {
      void vscode.window.showInformationMessage(
        'Istio CNI Doctor: run this on an affected pod that has an owner, or on an owner row.',
      );
      return undefined;
    }
    const text = describeOwner(
      owner,
      this.manager.objects.clusterData().workloadPods,
      this.manager.objects.allEvents(),
      this.manager.model()?.affected ?? [],
      ownerYamlCommand(owner, this.manager.kubectlConnection()),
    );
    const uri = this.docs.uri(`owner/${owner.namespace}/${owner.kind}${TITLE_SLASH}${owner.name}.txt`);
    this.docs.set(uri, text);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
    return doc;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function isItem(item: unknown): item is ExplorerItem {
  return (
    typeof item === 'object' &&
    item !== null &&
    typeof (item as ExplorerItem).kind === 'string' &&
    typeof (item as ExplorerItem).target === 'object'
  );
}
