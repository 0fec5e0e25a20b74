/**
 * The Istio CNI explorer tree. Presentation only: core/explorer/buildTree.ts maps the health
 * model and connection state to item descriptors; this turns them into TreeItems, keeps the
 * badge and the welcome-page context key in step, and reveals rows named from elsewhere.
 * Opening the view is what first connects to the cluster.
 */
import * as vscode from 'vscode';
import { buildTree, type ExplorerTree } from '../../core/explorer/buildTree';
import type { ExplorerItem } from '../../core/explorer/item';
import { TreeIndex } from '../../core/explorer/treeIndex';
import type { ConnectionManager } from './connectionManager';

/** Context key the welcome pages match on (`noKubeconfig`, `noIstioCni`, or unset). */
export const WELCOME_CONTEXT_KEY = 'istioCniDoctor.explorer.welcome';
const WELCOME_VALUES = { 'no-kubeconfig': 'noKubeconfig', 'no-istio-cni': 'noIstioCni' } as const;

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly refreshed = new vscode.EventEmitter<ExplorerTree>();
  /** Fires after each rebuild of the tree (tests wait on it). */
  readonly onDidRefresh = this.refreshed.event;
  private tree: ExplorerTree;
  private index: TreeIndex;
  private view: vscode.TreeView<ExplorerItem> | undefined;
  private welcome: string | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly manager: ConnectionManager) {
    this.tree = buildTree(manager.connection, undefined);
    this.index = new TreeIndex(this.tree.roots);
    this.subscription = manager.onDidChange(() => this.rebuild());
  }

  attach(view: vscode.TreeView<ExplorerItem>): void {
    this.view = view;
  }

  get current(): ExplorerTree {
    return this.tree;
  }

  getTreeItem(item: ExplorerItem): vscode.TreeItem {
    const t = new vscode.TreeItem(item.label, COLLAPSIBLE[item.collapsible]);
    t.id = item.id;
    t.description = item.description;
    const tooltip = new vscode.MarkdownString(item.tooltip);
    tooltip.supportThemeIcons = true;
    t.tooltip = tooltip;
    t.iconPath = new vscode.ThemeIcon(item.icon, item.color ? new vscode.ThemeColor(item.color) : undefined);
    t.contextValue = item.contextValue;
    return t;
  }

  getChildren(item?: ExplorerItem): ExplorerItem[] {
    if (item) return item.children;
    this.manager.ensureStarted();
    return this.tree.roots;
  }

  getParent(item: ExplorerItem): ExplorerItem | undefined {
    return this.index.parentOf(item);
  }

  /** The row for a pod (`namespace/name` or name) or node, in the current tree. */
  find(target: unknown): ExplorerItem | undefined {
    if (typeof target !== 'object' || target === null) return undefined;
    const t = target as { pod?: unknown; node?: unknown; owner?: unknown };
    if (typeof t.pod === 'string') return this.index.findPod(t.pod);
    if (typeof t.node === 'string') return this.index.findNode(t.node);
    const o = t.owner as { namespace?: unknown; kind?: unknown; name?: unknown } | undefined;
    if (o && typeof o.namespace === 'string' && typeof o.kind === 'string' && typeof o.name === 'string') {
      return this.index.findOwner({ namespace: o.namespace, kind: o.kind, name: o.name });
    }
    return undefined;
  }

  /** Reveals a pod (`{pod: "namespace/name"}`), node (`{node}`) or owner named by a log line or a command. */
  async reveal(target: unknown): Promise<boolean> {
    this.manager.ensureStarted();
    let item = this.find(target);
    if (
      !item &&
      this.manager.connection.phase !== 'connected' &&
      this.manager.connection.phase !== 'offline'
    ) {
      item = await this.waitForItem(target, 15_000);
    }
    if (!item || !this.view) {
      void vscode.window.showInformationMessage(
        `Istio CNI Doctor: ${describeTarget(target)} is not in the Istio CNI explorer (it shows affected pods only).`,
      );
      return false;
    }
    await this.view.reveal(item, { select: true, focus: true, expand: true });
    return true;
  }

  private waitForItem(target: unknown, timeoutMs: number): Promise<ExplorerItem | undefined> {
    return new Promise((resolve) => {
      const done = (value: ExplorerItem | undefined): void => {
        clearTimeout(timer);
        sub.dispose();
        resolve(value);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const sub = this.onDidRefresh(() => {
        const found = this.find(target);
        const settled =
          this.manager.connection.phase === 'connected' ||
          this.manager.connection.phase === 'offline' ||
          this.manager.connection.phase === 'failed';
        if (found || settled) done(found);
      });
    });
  }

  private rebuild(): void {
    this.tree = buildTree(this.manager.connection, this.manager.model(), this.manager.earlyModel());
    this.index = new TreeIndex(this.tree.roots);
    const welcome = this.tree.welcome ? WELCOME_VALUES[this.tree.welcome] : undefined;
    if (welcome !== this.welcome) {
      this.welcome = welcome;
      void vscode.commands.executeCommand('setContext', WELCOME_CONTEXT_KEY, welcome);
    }
    if (this.view) {
      const n = this.tree.affectedCount;
      this.view.badge =
        n > 0
          ? { value: n, tooltip: `${n} workload pod${n === 1 ? '' : 's'} affected by Istio CNI problems` }
          : undefined;
    }
    this.changed.fire(undefined);
    this.refreshed.fire(this.tree);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    this.refreshed.dispose();
  }
}

const COLLAPSIBLE: Record<ExplorerItem['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

function describeTarget(target: unknown): string {
  if (typeof target === 'object' && target !== null) {
    const t = target as { pod?: unknown; node?: unknown };
    if (typeof t.pod === 'string') return `pod ${t.pod}`;
    if (typeof t.node === 'string') return `node ${t.node}`;
  }
  return 'this item';
}
