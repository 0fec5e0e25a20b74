/**
 * "Read the node's CNI config": lists and reads `/host/etc/cni/net.d` through the node's
 * istio-cni-node pod (exec of `ls` and `cat`, nothing else), opens the files read-only and lints
 * them as one directory with src/core/cni, so a problem that needs the whole directory (Multus
 * and Kube-OVN both chaining istio-cni: it runs twice) shows as diagnostics without SSH.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { lintDirectory } from '../../core/cni/lint';
import type { CniFileInput, Finding } from '../../core/cni/types';
import type { ExplorerItem } from '../../core/explorer/item';
import type { SettingsReader } from '../settings';
import type { ClusterDocuments } from './clusterDocuments';
import type { ConnectionManager } from './connectionManager';
// eslint-disable-next-line no-restricted-imports -- issue 11: the cluster door (exec and the client factory on src/cluster) removes this import
import { execRead } from '../../cluster/kube/podExec';

export const NODE_CNI_DIR = '/host/etc/cni/net.d';
const MAX_FILES = 20;
const SAFE_NAME = /^[A-Za-z0-9._-]+$/;

export interface NodeCniConfig {
  node: string;
  uris: vscode.Uri[];
  findings: Finding[];
}

export class NodeCniConfigReader implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('istio-cni-doctor-node');

  /** The last reason reading failed, for tests and the log. */
  lastError: string | undefined;

  constructor(
    private readonly manager: ConnectionManager,
    private readonly settings: SettingsReader,
    private readonly docs: ClusterDocuments,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async read(item: unknown): Promise<NodeCniConfig | undefined> {
    this.lastError = undefined;
    try {
      return await this.readNode(item);
    } catch (err) {
      return this.warn(
        `reading the node's CNI config failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
  }

  private async readNode(item: unknown): Promise<NodeCniConfig | undefined> {
    const target = (item as ExplorerItem | undefined)?.target;
    const cniPod = target?.cniPod;
    const node = target?.node ?? '';
    const c = this.manager.connection;
    if (c.phase !== 'connected' && c.phase !== 'failed' && c.phase !== 'connecting')
      return this.warn("reading a node's CNI config needs a live cluster (not a snapshot).");
    if (!cniPod)
      return this.warn(
        `no istio-cni-node pod runs on ${node || 'this node'}, so its CNI config cannot be read through it.`,
      );
    const exec = (command: string[]) =>
      execRead(
        {
          kubeconfig: this.settings.get('cluster.kubeconfig'),
          context: c.context,
          allowExecPlugins: vscode.workspace.isTrusted,
          namespace: cniPod.namespace,
          pod: cniPod.name,
          container: 'install-cni',
        },
        command,
      );
    const listing = await exec(['ls', '-1', NODE_CNI_DIR]);
    if (!listing.ok) return this.warn(`cannot list ${NODE_CNI_DIR} on ${node}: ${listing.error.message}`);
    // Names come from the node: only plain file names are read, and never more than MAX_FILES.
    const names = listing.value
      .split('\n')
      .map((n) => n.trim())
      .filter((n) => SAFE_NAME.test(n))
      .slice(0, MAX_FILES);
    if (names.length === 0)
      return this.warn(`${NODE_CNI_DIR} on ${node} is empty: no CNI config is installed there yet.`);
    const files: CniFileInput[] = [];
    for (const name of names) {
      const text = await exec(['cat', path.posix.join(NODE_CNI_DIR, name)]);
      if (text.ok) files.push({ path: name, text: text.value });
    }
    const findings = lintDirectory(files);
    const uris = files.map((f) => {
      const uri = this.docs.uri(`node/${node}/net.d/${f.path}`);
      this.docs.set(uri, f.text, Number.MAX_SAFE_INTEGER);
      return uri;
    });
    for (const [i, f] of files.entries()) {
      const uri = uris[i] as vscode.Uri;
      this.diagnostics.set(
        uri,
        findings.filter((x) => x.file === f.path).map((x) => toDiagnostic(x)),
      );
    }
    for (const uri of uris)
      await vscode.window.showTextDocument(uri, { preview: false, preserveFocus: true });
    const errors = findings.filter((f) => f.severity === 'error').length;
    void vscode.window.showInformationMessage(
      `Istio CNI Doctor: ${files.length} file(s) of ${NODE_CNI_DIR} on ${node}: ${errors} error(s), ${findings.length - errors} other finding(s). See the Problems panel.`,
    );
    return { node, uris, findings };
  }

  private warn(message: string): undefined {
    this.lastError = message;
    this.log.warn(`Node CNI config: ${message}`);
    void vscode.window.showWarningMessage(`Istio CNI Doctor: ${message.split('\n')[0] ?? ''}`);
    return undefined;
  }

  dispose(): void {
    this.diagnostics.dispose();
  }
}

function toDiagnostic(f: Finding): vscode.Diagnostic {
  const r = f.range;
  const d = new vscode.Diagnostic(
    new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
    f.message,
    f.severity === 'error'
      ? vscode.DiagnosticSeverity.Error
      : f.severity === 'warning'
        ? vscode.DiagnosticSeverity.Warning
        : vscode.DiagnosticSeverity.Information,
  );
  d.code = f.ruleId;
  d.source = 'istio-cni-doctor (node)';
  return d;
}
