/**
 * "Why is this pod not running?": the pod's verdict and fix on top, then its timeline, as a
 * read-only document whose every entry links to its source (Ctrl+click or Enter on the link;
 * the outline lists the entries for keyboard navigation). Node evidence beyond the lists (the
 * istio-cni-node log tail, the node's net.d) is read on demand: at most 20 nodes, with progress
 * and cancellation; net.d needs pods/exec, asked once per cluster, remembered in workspace
 * state, never in an untrusted workspace.
 */
import * as vscode from 'vscode';
import type { ClusterClient } from '../../cluster/clusterClient';
import { type ExecInPod, type NodeEvidenceSources, readNodeEvidence } from '../../cluster/nodeEvidence';
import { type ExecConsent, execConsentKey, execDecision } from '../../core/explorer/execConsent';
import type { ExplorerItem } from '../../core/explorer/item';
import { podLogPath } from '../../core/explorer/logTitle';
import { analyze } from '../../core/health/verdict/analyze';
import { entryLine, factLine, sourceLabel, verdictLines } from '../../core/health/verdict/render';
import { podStory, type PodStory } from '../../core/health/verdict/timeline';
import type { FactSource, NodeEvidence } from '../../core/health/verdict/types';
import { COMMANDS } from '../../protocol/ids';
import type { ClusterDocuments } from './clusterDocuments';
import { CLUSTER_DOC_SCHEME } from './clusterDocuments';
import type { ConnectionManager } from './connectionManager';

/** What the extension needs of the log view: open text as a decorated log at a line. */
export interface LogOpener {
  openLogText(path: string, text: string, line?: number): Promise<unknown>;
  describePod(item: unknown): Promise<unknown>;
}

interface Shown {
  /** Line number in the document -> the source it opens. */
  links: Map<number, FactSource>;
  symbols: { line: number; name: string; detail: string }[];
}

export class PodStoryView
  implements
    vscode.DocumentLinkProvider,
    vscode.DocumentSymbolProvider,
    vscode.CodeLensProvider,
    vscode.Disposable
{
  private readonly shown = new Map<string, Shown>();
  /** Evidence read on demand, per connection (cleared when the context changes). */
  private evidence = new Map<string, NodeEvidence>();
  private evidenceContext = '';
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly manager: ConnectionManager,
    private readonly docs: ClusterDocuments,
    private readonly opener: LogOpener,
    private readonly state: vscode.Memento,
  ) {
    const selector = { scheme: CLUSTER_DOC_SCHEME, pattern: '/why/**' };
    this.disposables.push(
      vscode.languages.registerDocumentLinkProvider(selector, this),
      vscode.languages.registerDocumentSymbolProvider(selector, this),
      vscode.languages.registerCodeLensProvider(
        { scheme: CLUSTER_DOC_SCHEME, pattern: '/describe/**' },
        this,
      ),
    );
  }

  /** The pod of a tree row, a `namespace/name` string (CodeLens), or one picked from the affected pods. */
  async explain(target?: unknown): Promise<vscode.TextDocument | undefined> {
    const ref = await this.podRef(target);
    if (!ref) return undefined;
    const story = this.story(ref.namespace, ref.name);
    if (!story) {
      void vscode.window.showInformationMessage(
        `Istio CNI Doctor: ${ref.namespace}/${ref.name} is not among the pods that depend on istio-cni (sidecar or ambient pods, pods named by CNI events).`,
      );
      return undefined;
    }
    const doc = await this.render(story);
    const missing = story.verdict?.missing ?? [];
    if (missing.length)
      void this.offerEvidence(
        story,
        missing.map((m) => m.node),
      );
    return doc;
  }

  /** Reads the evidence of the nodes with affected pods (or of `nodes`), then re-renders nothing: callers re-explain. */
  async loadNodeEvidence(nodes?: string[]): Promise<NodeEvidence[]> {
    const client = this.manager.currentClient();
    const model = this.manager.model();
    if (!client || !model) {
      void vscode.window.showWarningMessage('Istio CNI Doctor: not connected to a cluster or snapshot.');
      return [];
    }
    this.syncContext(client);
    const wanted = nodes ?? [...new Set(model.affected.map((a) => a.node).filter((n) => n))];
    const byName = new Map(model.nodes.map((n) => [n.name, n]));
    const todo = wanted.map((node) => {
      const p = byName.get(node)?.cniPod;
      return { node, cniPod: p ? { namespace: p.namespace, name: p.name } : null };
    });
    const sources = await this.sources(client);
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'Istio CNI Doctor: reading node evidence',
        cancellable: true,
      },
      (progress, token) =>
        readNodeEvidence(todo, sources, {
          cancelled: () => token.isCancellationRequested,
          onProgress: (done, total, node) =>
            progress.report({ message: `${done}/${total}: ${node}`, increment: 100 / Math.max(1, total) }),
        }),
    );
    for (const e of result.evidence) this.evidence.set(e.node, e);
    const refused = result.evidence
      .flatMap((e) => [e.logWhy, e.netdWhy])
      .filter((w) => w?.startsWith('forbidden'));
    if (refused.length) void vscode.window.showWarningMessage(`Istio CNI Doctor: ${refused[0] ?? ''}`);
    if (result.skipped.length)
      void vscode.window.showInformationMessage(
        `Istio CNI Doctor: not read (limit or cancelled): ${result.skipped.join(', ')}.`,
      );
    return result.evidence;
  }

  /** Opens where a fact was seen: a log line, a file range, the pod's events, the node row. */
  async openSource(source: unknown): Promise<void> {
    const s = source as FactSource | undefined;
    if (!s || typeof s !== 'object' || typeof s.kind !== 'string') return;
    if (s.kind === 'log') {
      const text = this.evidence.get(s.node)?.log ?? this.manager.objects.clusterData().cniLogs[s.node];
      if (text === undefined) return this.notLoaded(`the log of ${s.pod}`);
      const path = podLogPath({ namespace: s.namespace, pod: s.pod, container: s.container });
      await this.opener.openLogText(path, text, s.line);
    } else if (s.kind === 'file') {
      const file = this.evidence.get(s.node)?.netd?.find((f) => f.path === s.path);
      if (!file) return this.notLoaded(`${s.path} of ${s.node}`);
      const uri = this.docs.uri(`node/${s.node}/net.d/${s.path.slice(s.path.lastIndexOf('/') + 1)}`);
      this.docs.set(uri, file.text, Number.MAX_SAFE_INTEGER);
      const doc = await vscode.workspace.openTextDocument(uri);
      const r = s.range;
      const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
      await vscode.window.showTextDocument(doc, { selection: range, preview: true });
    } else if (s.kind === 'event') {
      const [namespace = '', name = ''] = s.object.split('/');
      await this.opener.describePod({ target: { pod: { namespace, name, node: '' } } });
    } else if (s.kind === 'pod') {
      await this.opener.describePod({ target: { pod: { namespace: s.namespace, name: s.name, node: '' } } });
    } else {
      await vscode.commands.executeCommand(COMMANDS.revealInExplorer, { node: s.name });
    }
  }

  provideDocumentLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
    const shown = this.shown.get(doc.uri.toString());
    if (!shown) return [];
    const links: vscode.DocumentLink[] = [];
    for (const [line, source] of shown.links) {
      if (line >= doc.lineCount) continue;
      const text = doc.lineAt(line).text;
      const start = text.lastIndexOf('[');
      if (start < 0) continue;
      const arg = encodeURIComponent(JSON.stringify([source]));
      const link = new vscode.DocumentLink(
        new vscode.Range(line, start, line, text.length),
        vscode.Uri.parse(`command:${COMMANDS.explorerOpenFactSource}?${arg}`),
      );
      link.tooltip = `Open ${sourceLabel(source)}`;
      links.push(link);
    }
    return links;
  }

  /** On a pod's describe/events document: the question, one click away. */
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const m = /^\/describe\/([^/]+)\/([^/]+)\.txt$/.exec(doc.uri.path);
    if (!m?.[1] || !m[2]) return [];
    return [
      new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
        title: 'Why is this pod not running?',
        command: COMMANDS.explorerExplainPod,
        arguments: [`${m[1]}/${m[2]}`],
      }),
    ];
  }

  provideDocumentSymbols(doc: vscode.TextDocument): vscode.DocumentSymbol[] {
    const shown = this.shown.get(doc.uri.toString());
    if (!shown) return [];
    return shown.symbols
      .filter((s) => s.line < doc.lineCount)
      .map((s) => {
        const range = doc.lineAt(s.line).range;
        return new vscode.DocumentSymbol(s.name, s.detail, vscode.SymbolKind.Event, range, range);
      });
  }

  private story(namespace: string, name: string): PodStory | undefined {
    const model = this.manager.model();
    const client = this.manager.currentClient();
    if (!model || !client) return undefined;
    this.syncContext(client);
    const data = this.manager.objects.clusterData();
    return podStory(analyze(model, data, [...this.evidence.values()]), data, namespace, name);
  }

  private async render(story: PodStory): Promise<vscode.TextDocument> {
    const lines: string[] = [
      `Why is ${story.namespace}/${story.name} not running?${story.node ? ` (node ${story.node})` : ''}`,
      '',
    ];
    const links = new Map<number, FactSource>();
    const symbols: Shown['symbols'] = [];
    const v = story.verdict;
    if (v) {
      symbols.push({ line: 2, name: 'Verdict', detail: v.cause.title });
      const body = verdictLines(v, (m) =>
        m.what === 'net.d'
          ? 'Run "Read Node Evidence for Affected Pods" (asks before using pods/exec)'
          : 'Run "Read Node Evidence for Affected Pods"',
      );
      for (const l of body) {
        const fact = v.chain.find((f) => l.endsWith(factLine(f)));
        if (fact) {
          links.set(lines.length, fact.source);
          symbols.push({
            line: lines.length,
            name: fact.text.slice(0, 80),
            detail: sourceLabel(fact.source),
          });
        }
        lines.push(l);
      }
    } else
      lines.push('Verdict: istio-cni is not what keeps this pod from running (no istio-cni symptom found).');
    lines.push('', `Timeline (${story.entries.length} entries, oldest first):`);
    symbols.push({ line: lines.length - 1, name: 'Timeline', detail: `${story.entries.length} entries` });
    for (const e of story.entries) {
      links.set(lines.length, e.source);
      symbols.push({
        line: lines.length,
        name: `${e.time || '(no time)'} ${e.kind}`,
        detail: e.text.slice(0, 80),
      });
      lines.push(`  ${entryLine(e)}`);
    }
    const uri = this.docs.uri(`why/${story.namespace}/${story.name}.txt`);
    this.docs.set(uri, `${lines.join('\n')}\n`, Number.MAX_SAFE_INTEGER);
    this.shown.set(uri.toString(), { links, symbols });
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }

  private async offerEvidence(story: PodStory, nodes: string[]): Promise<void> {
    const action = await vscode.window.showInformationMessage(
      `Istio CNI Doctor: the verdict for ${story.name} is not confirmed yet: read the evidence of ${[...new Set(nodes)].join(', ')}?`,
      'Read Node Evidence',
    );
    if (action !== 'Read Node Evidence') return;
    await this.loadNodeEvidence([...new Set(nodes)]);
    await this.explain(`${story.namespace}/${story.name}`);
  }

  private async sources(client: ClusterClient): Promise<NodeEvidenceSources> {
    const sources: NodeEvidenceSources = { podLog: (o) => client.podLog(o) };
    const info = client.info();
    const key = execConsentKey(info.context);
    let decision = execDecision(info.source, vscode.workspace.isTrusted, this.state.get<ExecConsent>(key));
    if (decision.kind === 'ask') {
      const answer = await this.askExecConsent(info.context);
      if (answer === undefined) {
        sources.execWhy = 'pods/exec not allowed (asked, no answer)';
        return sources;
      }
      await this.state.update(key, answer);
      decision = execDecision(info.source, vscode.workspace.isTrusted, answer);
    }
    if (decision.kind !== 'allowed') {
      sources.execWhy = decision.kind === 'refused' ? decision.why : 'pods/exec not allowed';
      return sources;
    }
    const run: ExecInPod = (t, command) => client.exec({ ...t, command });
    sources.exec = run;
    return sources;
  }

  /** Asks (modal) whether pods/exec may read net.d in this context; replaceable by the integration tests. */
  askExecConsent = async (context: string): Promise<ExecConsent | undefined> => {
    const picked = await vscode.window.showWarningMessage(
      `Read the CNI config of nodes in "${context}" through pods/exec? Istio CNI Doctor runs only "ls" and "cat" of /host/etc/cni/net.d in each istio-cni-node pod. Your answer is remembered for this cluster in this workspace.`,
      { modal: true },
      'Allow for This Cluster',
      'Never for This Cluster',
    );
    return picked === undefined ? undefined : picked === 'Allow for This Cluster' ? 'allow' : 'deny';
  };

  /** Forgets every remembered pods/exec answer of this workspace, so the next read asks again. */
  async resetExecConsent(): Promise<number> {
    const keys = this.state.keys().filter((k) => k.startsWith(execConsentKey('')));
    for (const k of keys) await this.state.update(k, undefined);
    void vscode.window.showInformationMessage(
      `Istio CNI Doctor: forgot the pods/exec answer of ${keys.length} cluster(s); the next "Read Node Evidence" asks again.`,
    );
    return keys.length;
  }

  private syncContext(client: ClusterClient): void {
    const ctx = `${client.info().context}#${client.generation}`;
    if (ctx === this.evidenceContext) return;
    this.evidenceContext = ctx;
    this.evidence = new Map();
  }

  private async podRef(target: unknown): Promise<{ namespace: string; name: string } | undefined> {
    const pod = (target as ExplorerItem | undefined)?.target?.pod;
    if (pod) return pod;
    if (typeof target === 'string' && /^[^/\s]+\/[^/\s]+$/.test(target)) {
      const [namespace = '', name = ''] = target.split('/');
      return { namespace, name };
    }
    const model = this.manager.model();
    if (!model) {
      void vscode.window.showWarningMessage('Istio CNI Doctor: not connected to a cluster or snapshot.');
      return undefined;
    }
    if (!model.affected.length) {
      void vscode.window.showInformationMessage('Istio CNI Doctor: no pod is affected by istio-cni.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      model.affected.map((a) => ({
        label: `${a.namespace}/${a.name}`,
        description: a.reason,
        detail: a.detail,
        a,
      })),
      { title: 'Why is this pod not running?', placeHolder: 'Affected pod', matchOnDescription: true },
    );
    return picked ? { namespace: picked.a.namespace, name: picked.a.name } : undefined;
  }

  private notLoaded(what: string): void {
    void vscode.window.showInformationMessage(
      `Istio CNI Doctor: ${what} is not loaded. Run "Read Node Evidence for Affected Pods" first.`,
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
