/**
 * The cluster state outside the tree: a status bar item (click to switch context) and at most one
 * notification per change of state, with an action. Connecting is never announced, and the
 * same state is never announced twice in a row; the welcome page covers "no kubeconfig".
 */
import * as vscode from 'vscode';
import { contextOf, stateView, type StateName } from '../../core/explorer/connection';
import { COMMANDS } from '../../protocol/ids';
import type { ConnectionManager } from './connectionManager';

const QUIET: ReadonlySet<StateName> = new Set(['idle', 'connecting', 'no-kubeconfig']);

export class ConnectionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'istioCniDoctor.cluster',
    vscode.StatusBarAlignment.Left,
    10,
  );
  private readonly subscription: vscode.Disposable;
  private lastAnnounced = '';
  private lastState: StateName = 'idle';
  /** Messages shown, newest last (tests read it; notifications cannot be read back from VS Code). */
  readonly announced: string[] = [];

  constructor(private readonly manager: ConnectionManager) {
    this.item.name = 'Istio CNI cluster';
    this.item.command = COMMANDS.explorerSelectContext;
    this.subscription = manager.onDidChange(() => this.update());
  }

  get text(): string {
    return this.item.text;
  }

  private update(): void {
    const c = this.manager.connection;
    const view = stateView(c);
    const context = contextOf(c);
    this.item.text = `$(${view.icon}) ${context || 'Istio CNI'}: ${view.text}`;
    this.item.tooltip = new vscode.MarkdownString(
      `**Istio CNI cluster**\n\n${view.detail}\n\nClick to select another context.`,
    );
    this.item.backgroundColor =
      view.state === 'forbidden' ||
      view.state === 'unauthorized' ||
      view.state === 'unreachable' ||
      view.state === 'error'
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : undefined;
    if (this.manager.isStarted) this.item.show();
    this.announce(view.state, `${context}: ${view.text}`, view.detail);
  }

  private announce(state: StateName, text: string, detail: string): void {
    const previous = this.lastState;
    this.lastState = state;
    if (QUIET.has(state) || state === previous) return;
    const key = `${state}|${text}`;
    if (key === this.lastAnnounced) return;
    // Connected is worth saying only when it ends a failure; the first connect is not news.
    if (state === 'connected' || state === 'offline') {
      if (
        !this.lastAnnounced ||
        this.lastAnnounced.startsWith('connected|') ||
        this.lastAnnounced.startsWith('offline|')
      ) {
        this.lastAnnounced = key;
        return;
      }
    }
    this.lastAnnounced = key;
    const message = `Istio CNI Doctor: ${text}. ${detail.split('\n')[0] ?? ''}`.trim();
    this.announced.push(message);
    const failed = !(state === 'connected' || state === 'offline');
    const show = failed ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(message, ...(failed ? ['Select Context', 'Show Log'] : [])).then((action) => {
      if (action === 'Select Context') void vscode.commands.executeCommand(COMMANDS.explorerSelectContext);
      else if (action === 'Show Log') void vscode.commands.executeCommand(COMMANDS.showLog);
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
