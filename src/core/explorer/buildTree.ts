/**
 * The Istio CNI explorer as data: from the health model and the connection state to the rows
 * the tree shows. Roots: the cluster (context and state), the istio-cni-node DaemonSet, the
 * nodes (each with its istio-cni-node pod and the affected pods on it) and "Affected workloads"
 * grouped by reason and owner. While a load is still running and its first rows are in (the
 * model of the `early` progress: DaemonSet, istio-cni-node pods, nodes), those rows show with
 * "Affected workloads" marked as still being read. When there is nothing to show but a welcome page (no kubeconfig,
 * no Istio CNI in the cluster), the roots are empty and `welcome` says which page.
 */
import { AFFECTED_REASONS, type AffectedWorkload, type HealthModel, type NodeHealth } from '../health/model';
import { REASON_INFO } from '../health/reasons';
import { installRows } from './installRows';
import { contextOf, type ExplorerConnection, stateView } from './connection';
import { COLORS, type ExplorerItem } from './item';
import { escapeMarkdown as md } from './markdown';
import { affectedPodRow, cniPodOf, cniPodRow, REASON_LOOK, shortVersion } from './podRows';
import { fitDescription } from './rowText';

export type WelcomePage = 'no-kubeconfig' | 'no-istio-cni';

export interface ExplorerTree {
  roots: ExplorerItem[];
  welcome: WelcomePage | undefined;
  /** Number of affected workloads (the view badge); 0 hides it. */
  affectedCount: number;
}

/** Above this many nodes the node list starts collapsed, so the first paint stays small. */
const EXPAND_NODES_UP_TO = 50;

/** `text` for tooltips, `short` for the row's description. */
const NODE_LOOK: Record<NodeHealth['status'], { text: string; short: string; color: string }> = {
  ready: { text: 'istio-cni ready', short: 'istio-cni ready', color: COLORS.ok },
  'not-ready': { text: 'istio-cni not ready', short: 'istio-cni not ready', color: COLORS.error },
  'crash-looping': { text: 'istio-cni crash-looping', short: 'istio-cni crashing', color: COLORS.error },
  missing: { text: 'no istio-cni-node pod', short: 'no istio-cni pod', color: COLORS.error },
};

/**
 * `early`: the model of the first rows of a load still running (DaemonSet, istio-cni pods, nodes),
 * shown only while connecting.
 */
export function buildTree(
  connection: ExplorerConnection,
  model: HealthModel | undefined,
  early?: HealthModel,
): ExplorerTree {
  const view = stateView(connection);
  if (view.state === 'no-kubeconfig') return { roots: [], welcome: 'no-kubeconfig', affectedCount: 0 };
  const showModel =
    model !== undefined && (connection.phase === 'connected' || connection.phase === 'offline');
  if (showModel && !model.summary.cniInstalled)
    return { roots: [], welcome: 'no-istio-cni', affectedCount: 0 };
  const roots = [clusterRow(connection, showModel ? model : undefined)];
  // The first rows of a load still running: DaemonSet and nodes, while workload pods are read.
  if (early !== undefined && connection.phase === 'connecting' && early.summary.cniInstalled) {
    const nodeByName = new Map(early.nodes.map((n) => [n.name, n]));
    roots.push(daemonSetRow(early), nodesRow(early, nodeByName), readingRow());
    return { roots, welcome: undefined, affectedCount: 0 };
  }
  if (!showModel) return { roots, welcome: undefined, affectedCount: 0 };
  const nodeByName = new Map(model.nodes.map((n) => [n.name, n]));
  roots.push(daemonSetRow(model), nodesRow(model, nodeByName), affectedRow(model, nodeByName));
  return { roots, welcome: undefined, affectedCount: model.affected.length };
}

function clusterRow(connection: ExplorerConnection, model: HealthModel | undefined): ExplorerItem {
  const view = stateView(connection);
  const context = contextOf(connection);
  const problems =
    model && model.summary.problems.length > 0
      ? `\n\n${model.summary.problems
          .slice(0, 8)
          .map((p) => `- ${md(p)}`)
          .join('\n')}`
      : model
        ? '\n\nNo Istio CNI problems found.'
        : '';
  return {
    id: 'cluster',
    kind: 'cluster',
    label: context || 'No cluster',
    description: view.text,
    tooltip: `**${md(context || 'No cluster')}**: ${md(view.text)}\n\n${view.detail}${problems}`,
    icon: view.icon,
    color: view.color,
    contextValue: connection.phase === 'offline' ? 'cluster.snapshot' : `cluster.live.${view.state}`,
    collapsible: 'none',
    children: [],
    target: {},
  };
}

function daemonSetRow(model: HealthModel): ExplorerItem {
  const ds = model.daemonSet;
  if (!ds) {
    return {
      id: 'daemonset',
      kind: 'daemonSet',
      label: 'istio-cni-node DaemonSet',
      description: 'not found',
      icon: 'warning',
      color: COLORS.warning,
      tooltip:
        'istio-cni-node pods were found but not their DaemonSet (not readable, or deleted).\n\n**Next step:** `kubectl get ds -A -l k8s-app=istio-cni-node`',
      contextValue: 'daemonSet.missing',
      collapsible: 'none',
      children: [],
      target: {},
    };
  }
  const healthy = ds.ready >= ds.desired && ds.desired > 0;
  const version = ds.version ? ` · ${ds.version}` : '';
  const settings = installRows(model);
  const method = model.install ? METHOD_SHORT[model.install.method] : '';
  return {
    id: 'daemonset',
    kind: 'daemonSet',
    label: `${ds.name} DaemonSet`,
    description: fitDescription([
      `${ds.ready}/${ds.desired} ready`,
      shortVersion(ds.version),
      model.install?.method !== 'unknown' && method,
    ]),
    tooltip:
      `**${md(`${ds.namespace}/${ds.name}`)}**: ${ds.ready} of ${ds.desired} pods ready${md(version)}` +
      (method ? ` · installed with ${md(method)}` : '') +
      (healthy
        ? ''
        : '\n\n**Next step:** open the nodes below whose istio-cni-node is not ready and read its log.'),
    icon: healthy ? 'pass-filled' : 'warning',
    color: healthy ? COLORS.ok : COLORS.error,
    contextValue: 'daemonSet',
    collapsible: settings.length ? 'collapsed' : 'none',
    children: settings,
    target: {},
  };
}

const METHOD_SHORT = {
  helm: 'Helm',
  istioctl: 'istioctl',
  sail: 'Sail',
  unknown: 'no install marker',
} as const;

function nodesRow(model: HealthModel, nodeByName: Map<string, NodeHealth>): ExplorerItem {
  const byNode = new Map<string, AffectedWorkload[]>();
  for (const a of model.affected) {
    const list = byNode.get(a.node);
    if (list) list.push(a);
    else byNode.set(a.node, [a]);
  }
  const hints = new Map(model.taintHints.map((h) => [h.node, h.message]));
  const bad = model.nodes.filter((n) => n.status !== 'ready').length;
  return {
    id: 'nodes',
    kind: 'nodes',
    label: 'Nodes',
    description: fitDescription([String(model.nodes.length), bad > 0 && `${bad} no ready istio-cni`]),
    tooltip: `${model.nodes.length} Linux nodes; ${bad} without a ready istio-cni-node pod.`,
    icon: 'server-environment',
    color: undefined,
    contextValue: 'nodes',
    collapsible: model.nodes.length <= EXPAND_NODES_UP_TO ? 'expanded' : 'collapsed',
    children: model.nodes.map((n) => nodeRow(n, byNode.get(n.name) ?? [], hints.get(n.name), nodeByName)),
    target: {},
  };
}

function nodeRow(
  node: NodeHealth,
  affected: AffectedWorkload[],
  hint: string | undefined,
  nodeByName: Map<string, NodeHealth>,
): ExplorerItem {
  const look = NODE_LOOK[node.status];
  const children: ExplorerItem[] = [];
  if (node.cniPod) children.push(cniPodRow(node, node.cniPod));
  if (hint) children.push(hintRow(`node/${node.name}/taint`, 'still tainted cni.istio.io/not-ready', hint));
  for (const a of affected)
    children.push(
      affectedPodRow(
        a,
        nodeByName.get(a.node),
        `node/${node.name}`,
        fitDescription([REASON_INFO[a.reason].short, a.namespace]),
      ),
    );
  const parts = [look.text];
  if (affected.length > 0) parts.push(`${affected.length} affected`);
  if (node.nodeReady === false) parts.push('node NotReady');
  const cniPod = cniPodOf(node);
  const short = [look.short, ...parts.slice(1)];
  return {
    id: `node/${node.name}`,
    kind: 'node',
    label: node.name,
    description: fitDescription(short),
    tooltip:
      `**Node ${md(node.name)}**: ${md(parts.join(', '))}` +
      (node.notReadyTaint ? '\n\nTainted `cni.istio.io/not-ready`.' : '') +
      (node.status === 'ready'
        ? ''
        : `\n\n**Next step:** ${node.cniPod ? 'read the istio-cni-node log of this node' : 'check why the DaemonSet has no pod here (taints, nodeSelector, resources)'}.`),
    icon: 'server',
    color: node.status === 'ready' ? (affected.length > 0 || hint ? COLORS.warning : COLORS.ok) : look.color,
    contextValue: cniPod ? 'node.withCni' : 'node',
    collapsible:
      children.length === 0
        ? 'none'
        : node.status === 'ready' && affected.length === 0
          ? 'collapsed'
          : 'expanded',
    children,
    target: { node: node.name, ...(cniPod ? { cniPod } : {}) },
  };
}

function hintRow(id: string, label: string, message: string): ExplorerItem {
  return {
    id,
    kind: 'hint',
    label,
    description: '',
    tooltip: md(message),
    icon: 'info',
    color: COLORS.warning,
    contextValue: 'hint',
    collapsible: 'none',
    children: [],
    target: {},
  };
}

function affectedRow(model: HealthModel, nodeByName: Map<string, NodeHealth>): ExplorerItem {
  const reasons: ExplorerItem[] = [];
  for (const reason of AFFECTED_REASONS) {
    const list = model.affected.filter((a) => a.reason === reason);
    if (list.length > 0) reasons.push(reasonRow(reason, list, nodeByName));
  }
  const count = model.affected.length;
  return {
    id: 'affected',
    kind: 'affected',
    label: 'Affected workloads',
    description: count === 0 ? 'none' : String(count),
    tooltip:
      count === 0
        ? 'No workload is affected by Istio CNI problems.'
        : `${count} pods affected by Istio CNI problems, by reason and owner.`,
    icon: count === 0 ? 'pass-filled' : 'warning',
    color: count === 0 ? COLORS.ok : COLORS.error,
    contextValue: 'affected',
    collapsible: count === 0 ? 'none' : 'expanded',
    children: reasons,
    target: {},
  };
}

/** "Affected workloads" while the workload pods and events are still being read. */
function readingRow(): ExplorerItem {
  return {
    id: 'affected',
    kind: 'affected',
    label: 'Affected workloads',
    description: 'reading pods and events…',
    tooltip: 'Workload pods and events are still being read; affected pods appear here when they are in.',
    icon: 'loading~spin',
    color: undefined,
    contextValue: 'affected.reading',
    collapsible: 'none',
    children: [],
    target: {},
  };
}

function reasonRow(
  reason: AffectedWorkload['reason'],
  list: AffectedWorkload[],
  nodeByName: Map<string, NodeHealth>,
): ExplorerItem {
  const info = REASON_INFO[reason];
  const where = `affected/${reason}`;
  const owners = new Map<string, AffectedWorkload[]>();
  const children: ExplorerItem[] = [];
  for (const a of list) {
    if (!a.owner) continue;
    const key = `${a.namespace}/${a.owner.kind}/${a.owner.name}`;
    const group = owners.get(key);
    if (group) group.push(a);
    else owners.set(key, [a]);
  }
  for (const [key, pods] of owners) children.push(ownerRow(where, key, pods, nodeByName));
  for (const a of list)
    if (!a.owner)
      children.push(affectedPodRow(a, nodeByName.get(a.node), where, fitDescription([a.namespace, a.node])));
  return {
    id: where,
    kind: 'reason',
    label: info.title,
    description: String(list.length),
    tooltip: `**${md(info.title)}**\n\n**Cause:** ${md(info.cause)}\n\n**Next step:** ${md(info.nextStep.replace('{cniLogs}', 'the istio-cni-node log of the node').replace('{ztunnel}', 'the ztunnel pod of the node'))}`,
    icon: REASON_LOOK[reason].icon,
    color: REASON_LOOK[reason].color,
    contextValue: 'reason',
    collapsible: 'expanded',
    children,
    target: {},
  };
}

function ownerRow(
  where: string,
  key: string,
  pods: AffectedWorkload[],
  nodeByName: Map<string, NodeHealth>,
): ExplorerItem {
  const first = pods[0] as AffectedWorkload;
  const owner = first.owner ?? { kind: 'Pod', name: first.name };
  const nodes = [...new Set(pods.map((p) => p.node).filter(Boolean))];
  return {
    id: `${where}/owner/${key}`,
    kind: 'owner',
    label: `${owner.kind}/${owner.name}`,
    description: fitDescription([first.namespace, `${pods.length} pod${pods.length === 1 ? '' : 's'}`]),
    tooltip:
      `**${md(`${owner.kind}/${owner.name}`)}** in ${md(first.namespace)}: ${pods.length} affected pod(s)` +
      (nodes.length > 0 ? ` on ${md(nodes.join(', '))}` : '') +
      `\n\n**Next step:** ${md(first.nextStep)}`,
    icon: 'symbol-class',
    color: REASON_LOOK[first.reason].color,
    contextValue: 'owner',
    collapsible: 'expanded',
    children: pods.map((a) =>
      affectedPodRow(
        a,
        nodeByName.get(a.node),
        `${where}/owner/${key}`,
        fitDescription([a.node || 'node unknown']),
      ),
    ),
    target: { owner: { namespace: first.namespace, kind: owner.kind, name: owner.name } },
  };
}
