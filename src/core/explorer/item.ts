/**
 * What one row of the Istio CNI explorer shows, as plain data: the extension turns these into
 * TreeItems, and unit tests read them directly. Icons are codicon ids, colours theme colour ids,
 * so the descriptors never depend on vscode.
 */

/** Every kind of row; `contextValue` is derived from it and drives the item menus. */
export type ExplorerItemKind =
  'cluster' | 'daemonSet' | 'nodes' | 'node' | 'cniPod' | 'affected' | 'reason' | 'owner' | 'pod' | 'hint';

/** What a command run on the row acts on. */
export interface ItemTarget {
  /** A pod: an affected workload pod or an istio-cni-node pod. */
  pod?: { namespace: string; name: string; node: string };
  /** The node the row is about (for a pod: the node it runs on). */
  node?: string;
  /** The istio-cni-node pod of `node`, when there is one. */
  cniPod?: { namespace: string; name: string };
  /** The workload owning the pod, for "reveal owner". */
  owner?: { namespace: string; kind: string; name: string };
}

export interface ExplorerItem {
  /** Stable across refreshes (TreeItem.id), so expansion and selection survive updates. */
  id: string;
  kind: ExplorerItemKind;
  label: string;
  description: string;
  /** Markdown: the cause and the next step. */
  tooltip: string;
  /** Codicon id, e.g. `server`, `error`, `sync~spin`. */
  icon: string;
  /** Theme colour id, e.g. `testing.iconFailed`; undefined for the default foreground. */
  color: string | undefined;
  /** Menus match on it: `cluster.live`, `node`, `pod.cni`, `pod.affected.owned`, ... */
  contextValue: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  children: ExplorerItem[];
  target: ItemTarget;
}

/** Theme colours used for states, in one place so the tree and the status bar agree. */
export const COLORS = {
  ok: 'testing.iconPassed',
  warning: 'list.warningForeground',
  error: 'list.errorForeground',
  info: 'charts.blue',
  muted: 'disabledForeground',
} as const;
