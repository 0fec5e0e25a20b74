/**
 * "Read the node's CNI config": lists and reads `/host/etc/cni/net.d` through the node's
 * istio-cni-node pod (exec of `ls` and `cat`, nothing else), opens the files read-only and lints
 * them as one directory with src/core/cni, so a problem that needs the whole directory (Multus
 * and Kube-OVN both chaining istio-cni: it runs twice) shows as diagnostics without SSH.
 * Commands run through the connection's ClusterClient (its one credential cache), the lint
 * honours `lint.rules` / `lint.runtime`, and findings become diagnostics and quick fixes through
 * the same src/protocol/cniDiagnostics.ts functions the language server uses.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { lintDirectory } from '../../core/cni/lint';
import type { CniFileInput, Finding } from '../../core/cni/types';
import type { ExplorerItem } from '../../core/explorer/item';
import {
  codeActionsFor,
  toDiagnostic,
  type WireDiagnostic,
  type WireRange,
} from '../../protocol/cniDiagnostics';
import type { SettingsReader } from '../settings';
import { CLUSTER_DOC_SCHEME, type ClusterDocuments } from './clusterDocuments';
import type { ConnectionManager } from './connectionManager';

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
  /** Findings per node document, for its quick fixes. */
  private readonly findings = new Map<string, Finding[]>();
  private readonly fixes = vscode.languages.registerCodeActionsProvider(
    { scheme: CLUSTER_DOC_SCHEME },
    {
      provideCodeActions: (doc, _range, context) => {
        const uri = doc.uri.toString();
        const wanted = context.diagnostics.map((d) => ({
          range: fromRange(d.range),
          source: d.source,
          code: typeof d.code === 'object' ? d.code.value : d.code,
          message: d.message,
          diagnostic: d,
        }));
        // Node files are read-only copies: fixes that edit them are not offered; the Helm
        // values snippets (what actually changes a node's net.d) are.
        return codeActionsFor(uri, wanted, this.findings.get(uri) ?? [])
          .filter((a) => a.command !== undefined)
          .map((a) => {
            const action = new vscode.CodeAction(a.title, vscode.CodeActionKind.QuickFix);
            action.diagnostics = a.diagnostics.map((d) => d.diagnostic);
            action.command = a.command;
            return action;
          });
      },
    },
  );

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
    const client = this.manager.currentClient();
    if (!client) return this.warn("reading a node's CNI config needs a live cluster connection.");
    const exec = (command: string[]) =>
      client.exec({ namespace: cniPod.namespace, pod: cniPod.name, container: 'install-cni', command });
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
    const findings = lintDirectory(files, {
      runtime: this.settings.get('lint.runtime'),
      rules: this.settings.get('lint.rules'),
    });
    const byFile = new Map<string, vscode.Uri>();
    const uris = files.map((f) => {
      const uri = this.docs.uri(`node/${node}/net.d/${f.path}`);
      this.docs.set(uri, f.text, Number.MAX_SAFE_INTEGER);
      byFile.set(f.path, uri);
      return uri;
    });
    const uriOf = (file: string): string =>
      (byFile.get(file) ?? this.docs.uri(`node/${node}/net.d/${file}`)).toString();
    for (const [i, f] of files.entries()) {
      const uri = uris[i] as vscode.Uri;
      const mine = findings.filter((x) => x.file === f.path);
      this.findings.set(uri.toString(), mine);
      this.diagnostics.set(
        uri,
        mine.map((x) => toVscodeDiagnostic(toDiagnostic(x, uriOf))),
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
    this.fixes.dispose();
  }
}

const toRange = (r: WireRange): vscode.Range =>
  new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
const fromRange = (r: vscode.Range): WireRange => ({
  start: { line: r.start.line, character: r.start.character },
  end: { line: r.end.line, character: r.end.character },
});
const SEVERITY = [
  vscode.DiagnosticSeverity.Error,
  vscode.DiagnosticSeverity.Error,
  vscode.DiagnosticSeverity.Warning,
  vscode.DiagnosticSeverity.Information,
];

/** The LSP-shaped diagnostic as VS Code's, field by field (what the language client does). */
function toVscodeDiagnostic(w: WireDiagnostic): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(w.range), w.message, SEVERITY[w.severity]);
  d.code = w.code;
  d.source = w.source;
  d.relatedInformation = w.relatedInformation.map(
    (r) =>
      new vscode.DiagnosticRelatedInformation(
        new vscode.Location(vscode.Uri.parse(r.location.uri), toRange(r.location.range)),
        r.message,
      ),
  );
  return d;
}
