/**
 * The composition root. `activate()` builds every service, passes dependencies through
 * constructors and pushes each disposable into `context.subscriptions` right after it is made.
 * Nothing here touches the network or scans files: the language client starts when the first
 * CNI config document opens (or a command asks for it), the cluster client when the explorer
 * first needs it.
 */
import * as vscode from 'vscode';
import { redactingLog } from './redactingLog';
import { type CommandKey, COMMANDS, LANGUAGES } from '../protocol/ids';
import { type ServerInfo } from '../protocol/messages';
import { ExplorerFeature } from './explorer/explorerFeature';
import { type ExplorerApi, explorerApi } from './explorer/explorerApi';
import { watchForCniConfigs } from './lint/cniLanguage';
import { copyHelmSnippet } from './lint/helmSnippet';
import { LintClient } from './lint/lintClient';
import { LogFeature } from './logs/logFeature';
import { SettingsReader } from './settings';

/**
 * What `activate()` returns: a small API for tests and other extensions. `activate()` is
 * synchronous, so every service is built and registered once `extension.activate()` resolves.
 */
export interface IstioCniDoctorApi {
  /** Wall-clock time `activate()` took, in milliseconds. */
  readonly activationMs: number;
  /** Starts the language server if needed and asks it who it is (proves the IPC link). */
  startLanguageServer(): Promise<ServerInfo>;
  /** Log intelligence, for tests: what is decorated, and when. */
  readonly logs: Pick<LogFeature, 'decorations' | 'analyzer' | 'openLog' | 'scanLargeFile'>;
  /** The Istio CNI explorer, for tests: its rows, state and refreshes. */
  readonly explorer: ExplorerApi;
}

export function activate(context: vscode.ExtensionContext): IstioCniDoctorApi {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('Istio CNI Doctor', { log: true });
  context.subscriptions.push(channel);
  const log = redactingLog(channel);

  const settings = new SettingsReader();
  context.subscriptions.push(settings);

  const lint = new LintClient(context, log, settings);
  context.subscriptions.push(lint);

  const logs = new LogFeature(context, settings, log);
  context.subscriptions.push(logs);

  const explorer = new ExplorerFeature(settings, log, logs, context.workspaceState);
  context.subscriptions.push(explorer);

  const handlers: Record<CommandKey, (...args: unknown[]) => unknown> = {
    showLog: () => log.show(),
    restartServer: () => lint.restart(),
    copyHelmSnippet: (snippet) => copyHelmSnippet(snippet),
    showLogFindings: (uri) => logs.summary.pickFinding(uri instanceof vscode.Uri ? uri : undefined),
    openAsLog: async () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (doc) await logs.openLog(doc);
      else void vscode.window.showInformationMessage('Istio CNI Doctor: open a log file first.');
    },
    scanLogFile: (uri) => logs.scanLargeFile(uri instanceof vscode.Uri ? uri : undefined),
    revealInExplorer: (target) => explorer.provider.reveal(target),
    explorerSelectContext: (context) => explorer.selectContext(context),
    explorerRefresh: () => explorer.refresh(),
    explorerOpenSnapshot: (target) => explorer.openSnapshot(target),
    explorerShowPodLogs: (item, choice) =>
      explorer.pods.showPodLogs(item, choice as Parameters<typeof explorer.pods.showPodLogs>[1]),
    explorerFollowNodeLogs: (item) => explorer.pods.followNodeLogs(item),
    explorerFindPodInCniLogs: (item) => explorer.pods.findPodInCniLogs(item),
    explorerDescribePod: (item) => explorer.pods.describePod(item),
    explorerCopyKubectl: (item) => explorer.copyKubectl(item),
    explorerDescribeOwner: (item) => explorer.describeOwner(item),
    explorerReadCniConfig: (item) => explorer.nodeConfig.read(item),
    explorerRaiseCniLogLevel: () => explorer.raiseCniLogLevel(),
    explorerExplainPod: (target) => explorer.why.explain(target),
    explorerLoadNodeEvidence: (nodes) =>
      explorer.why.loadNodeEvidence(
        Array.isArray(nodes) ? nodes.filter((n) => typeof n === 'string') : undefined,
      ),
    explorerOpenFactSource: (source) => explorer.why.openSource(source),
    explorerResetExecConsent: () => explorer.why.resetExecConsent(),
  };
  for (const [key, handler] of Object.entries(handlers)) {
    context.subscriptions.push(vscode.commands.registerCommand(COMMANDS[key as CommandKey], handler));
  }

  lint.startWhenNeeded(LANGUAGES.cniConfig);
  context.subscriptions.push(watchForCniConfigs(log));

  const activationMs = performance.now() - started;
  log.info(
    `Activated in ${activationMs.toFixed(1)} ms (VS Code ${vscode.version}, Node ${process.versions.node})`,
  );
  return {
    activationMs,
    startLanguageServer: () => lint.serverInfo(),
    logs,
    explorer: explorerApi(explorer),
  };
}

export function deactivate(): void {
  // Every resource is in context.subscriptions; VS Code disposes them (and stops the client).
}
