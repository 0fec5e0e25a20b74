/**
 * Commands on pod and node rows that read from the cluster: pod logs (any container, the
 * previous instance too), a node's istio-cni-node log followed live, "find pod in CNI logs"
 * and "describe". Results open as read-only documents; logs go through LogFeature.openLog so
 * they are decorated and hoverable. Expected failures (403 on logs, a deleted pod) are shown as
 * one message and returned as undefined, never thrown.
 */
import * as vscode from 'vscode';
import type { ClusterClient, LogStream } from '../../cluster/clusterClient';
import { describePod, podContainers } from '../../core/explorer/describe';
import type { ExplorerItem } from '../../core/explorer/item';
import { linesMentioningPod } from '../../core/explorer/logFilter';
import { podCniLinesPath, podLogPath } from '../../core/explorer/logTitle';
import { COMMANDS } from '../../protocol/ids';
import type { LogFeature } from '../logs/logFeature';
import type { ClusterDocuments } from './clusterDocuments';
import type { ConnectionManager } from './connectionManager';

const MB = 1024 * 1024;
const CNI_CONTAINER = 'install-cni';

export interface LogChoice {
  container?: string;
  previous?: boolean;
}

export interface FollowedLog {
  uri: vscode.Uri;
  stream: LogStream;
}

export class PodCommands implements vscode.Disposable {
  private readonly follows = new Map<string, LogStream>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly manager: ConnectionManager,
    private readonly docs: ClusterDocuments,
    private readonly logs: Pick<LogFeature, 'openLog'>,
  ) {
    this.subscription = vscode.workspace.onDidCloseTextDocument((doc) => {
      const stream = this.follows.get(doc.uri.toString());
      if (!stream) return;
      stream.dispose();
      this.follows.delete(doc.uri.toString());
      this.docs.forget(doc.uri);
    });
  }

  /** Opens a pod's log; asks for the container (and previous instance) unless `choice` says. */
  async showPodLogs(item: unknown, choice?: LogChoice): Promise<vscode.TextDocument | undefined> {
    const pod = podOf(item);
    const client = this.client();
    if (!pod || !client) return undefined;
    const picked = choice ?? (await this.pickContainer(item as ExplorerItem));
    if (!picked) return undefined;
    const what = `${pod.namespace}/${pod.name}${picked.container ? ` (${picked.container}${picked.previous ? ', previous' : ''})` : ''}`;
    const result = await client.podLog({
      namespace: pod.namespace,
      pod: pod.name,
      ...picked,
      limitBytes: 10 * MB,
    });
    if (!result.ok) return this.failed(`Cannot read the log of ${what}`, result.error.message);
    // The tab reads `<pod>∕<container>.log` (the namespace is a folder of the path, not the title).
    const path = podLogPath({ namespace: pod.namespace, pod: pod.name, ...picked });
    return this.openLogText(path, result.value || `(the log of ${what} is empty)\n`);
  }

  /** Follows the istio-cni-node (install-cni) log of the row's node into an editor, live. */
  async followNodeLogs(item: unknown): Promise<FollowedLog | undefined> {
    const cniPod = (item as ExplorerItem | undefined)?.target?.cniPod;
    const node = (item as ExplorerItem | undefined)?.target?.node ?? '';
    const client = this.client();
    if (!client) return undefined;
    if (!cniPod)
      return this.failed(
        `No istio-cni-node pod runs on ${node || 'this node'}`,
        'There is no log to follow.',
      );
    const uri = this.docs.uri(
      podLogPath(
        { namespace: cniPod.namespace, pod: cniPod.name, container: `${CNI_CONTAINER} (follow)` },
        'follow',
      ),
    );
    this.docs.set(uri, '');
    const stream = client.followPodLog(
      { namespace: cniPod.namespace, pod: cniPod.name, container: CNI_CONTAINER, tailLines: 500 },
      (text) => this.docs.append(uri, text),
    );
    this.follows.set(uri.toString(), stream);
    void stream.done.then((r) => {
      if (!r.ok)
        void vscode.window.showWarningMessage(
          `Istio CNI Doctor: following ${cniPod.name} stopped: ${r.error.message}`,
        );
    });
    const doc = await vscode.workspace.openTextDocument(uri);
    await this.logs.openLog(doc);
    return { uri, stream };
  }

  /** The node's istio-cni-node log lines that mention the pod (name or UID). */
  async findPodInCniLogs(item: unknown): Promise<vscode.TextDocument | undefined> {
    const pod = podOf(item);
    const cniPod = (item as ExplorerItem | undefined)?.target?.cniPod;
    const client = this.client();
    if (!pod || !client) return undefined;
    if (!cniPod)
      return this.failed(
        `No istio-cni-node pod known for the node of ${pod.name}`,
        'Its node is unknown or has no istio-cni-node pod.',
      );
    const read = (previous: boolean) =>
      client.podLog({
        namespace: cniPod.namespace,
        pod: cniPod.name,
        container: CNI_CONTAINER,
        limitBytes: 10 * MB,
        ...(previous ? { previous: true } : {}),
      });
    const current = await read(false);
    if (!current.ok) return this.failed(`Cannot read the log of ${cniPod.name}`, current.error.message);
    // The line may be in the instance before a restart of install-cni: search that too when there is one.
    const restarted = podContainers(this.manager.objects.pod(cniPod.namespace, cniPod.name)).some(
      (c) => c.name === CNI_CONTAINER && c.restarted,
    );
    const previous = restarted ? await read(true) : undefined;
    const uid = this.manager.objects.pod(pod.namespace, pod.name)?.metadata?.uid;
    const ref = { namespace: pod.namespace, name: pod.name, ...(uid ? { uid } : {}) };
    const before = previous?.ok ? linesMentioningPod(previous.value, ref) : { lines: [], total: 0 };
    const now = linesMentioningPod(current.value, ref);
    if (before.lines.length + now.lines.length === 0) {
      const searched = `${now.total} lines of ${cniPod.name}${previous?.ok ? ` and ${before.total} of its previous instance` : ''}`;
      const action = await vscode.window.showInformationMessage(
        `Istio CNI Doctor: no line mentions ${pod.namespace}/${pod.name}${uid ? ` or its UID` : ''} in ${searched}. Next: the plugin logs at info level only on failures (raise the CNI log level), the lines may be older than the log tail, or the pod ran on another node.`,
        'Why Is This Pod Not Running?',
        'Follow the Node Log',
      );
      if (action === 'Why Is This Pod Not Running?')
        await vscode.commands.executeCommand(COMMANDS.explorerExplainPod, item);
      else if (action === 'Follow the Node Log') await this.followNodeLogs(item);
      return undefined;
    }
    const text = [
      ...(before.lines.length
        ? [`# previous instance of ${cniPod.name}`, ...before.lines, `# current instance`]
        : []),
      ...now.lines,
    ].join('\n');
    return this.openLogText(podCniLinesPath(pod.namespace, pod.name), `${text}\n`);
  }

  /** The pod's conditions, container states and events, like `kubectl describe pod`. */
  async describePod(item: unknown): Promise<vscode.TextDocument | undefined> {
    const pod = podOf(item);
    if (!pod) return undefined;
    const raw = this.manager.objects.pod(pod.namespace, pod.name);
    const text = raw
      ? describePod(raw, this.manager.objects.allEvents())
      : `The pod ${pod.namespace}/${pod.name} no longer exists (known from events only).\n\n` +
        describePod(
          { metadata: { namespace: pod.namespace, name: pod.name } },
          this.manager.objects.allEvents(),
        );
    const uri = this.docs.uri(`describe/${pod.namespace}/${pod.name}.txt`);
    this.docs.set(uri, text);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
    return doc;
  }

  private async pickContainer(item: ExplorerItem): Promise<LogChoice | undefined> {
    const pod = item.target.pod;
    if (!pod) return undefined;
    const containers = podContainers(this.manager.objects.pod(pod.namespace, pod.name));
    if (containers.length === 0) return item.kind === 'cniPod' ? { container: CNI_CONTAINER } : {};
    type Pick = vscode.QuickPickItem & { choice: LogChoice };
    const picks: Pick[] = [];
    for (const c of containers) {
      picks.push({
        label: c.name,
        description: c.init ? 'init container' : '',
        choice: { container: c.name },
      });
      // A previous instance exists only after a restart: offering it otherwise ends in an error.
      if (c.restarted)
        picks.push({
          label: `${c.name} --previous`,
          description: 'the instance before the last restart',
          choice: { container: c.name, previous: true },
        });
    }
    const picked = await vscode.window.showQuickPick(picks, {
      title: `Logs of ${pod.namespace}/${pod.name}`,
      placeHolder: 'Container',
    });
    return picked?.choice;
  }

  /** Opens `text` as a decorated log document; `line` (0-based) is revealed and selected. */
  async openLogText(path: string, text: string, line?: number): Promise<vscode.TextDocument> {
    const uri = this.docs.uri(path);
    this.docs.set(uri, text, Number.MAX_SAFE_INTEGER);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await this.logs.openLog(doc);
    if (line !== undefined && line < editor.document.lineCount) {
      const range = editor.document.lineAt(line).range;
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
    }
    return editor.document;
  }

  private client(): ClusterClient | undefined {
    const client = this.manager.currentClient();
    if (!client)
      void vscode.window.showWarningMessage('Istio CNI Doctor: not connected to a cluster or snapshot.');
    return client;
  }

  private failed(what: string, why: string): undefined {
    void vscode.window.showWarningMessage(`Istio CNI Doctor: ${what}: ${why}`);
    return undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    for (const s of this.follows.values()) s.dispose();
    this.follows.clear();
  }
}

function podOf(item: unknown): { namespace: string; name: string } | undefined {
  const pod = (item as ExplorerItem | undefined)?.target?.pod;
  if (pod) return pod;
  void vscode.window.showInformationMessage('Istio CNI Doctor: run this on a pod in the Istio CNI explorer.');
  return undefined;
}
