/**
 * The Istio CNI explorer tree. Presentation only: it maps the health model to TreeItems.
 * Until a cluster source is connected it is empty, and the view's welcome content shows.
 */
import type * as vscode from 'vscode';

export type ExplorerNode = never;

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode> {
  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return node;
  }

  getChildren(): ExplorerNode[] {
    return [];
  }
}
