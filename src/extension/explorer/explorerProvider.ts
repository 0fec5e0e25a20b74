/**
 * The Istio CNI explorer tree. Presentation only: it maps the health model to TreeItems.
 * Until a cluster source is connected it is empty, and the view's welcome content shows.
 */
import * as vscode from 'vscode';

export type ExplorerNode = never;

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode> {
  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return node;
  }

  getChildren(): ExplorerNode[] {
    return [];
  }

  /** Reveals a pod (`namespace/name`) or node named by a log line or a diagnostic. */
  async reveal(target: unknown): Promise<void> {
    const what = describeTarget(target);
    await vscode.window.showInformationMessage(
      `Istio CNI Doctor: connect to a cluster to reveal ${what} in the explorer.`,
    );
  }
}

function describeTarget(target: unknown): string {
  if (typeof target === 'object' && target !== null) {
    const t = target as { pod?: unknown; node?: unknown };
    if (typeof t.pod === 'string') return `pod ${t.pod}`;
    if (typeof t.node === 'string') return `node ${t.node}`;
  }
  return 'this item';
}
