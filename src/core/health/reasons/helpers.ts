/** Small joins several reasons share (kept here so each reason file stays about one reason). */
import type { AgentLogHit } from '../agentLog';
import type { JoinContext } from '../assemble';
import type { ClusterView } from '../findings';
import type { K8sNode } from '../k8s';
import type { NodeHealth } from '../model';
import type { PodFacts } from '../podFacts';

/** `; istio-cni-node on worker-3 is not-ready` when the pod's node is not ready, else ''. */
export function nodeNote(p: PodFacts, ctx: JoinContext): string {
  const n = ctx.nodeByName.get(p.node);
  if (!n || n.status === 'ready') return '';
  return n.status === 'missing'
    ? `; no istio-cni-node on ${p.node}`
    : `; istio-cni-node on ${p.node} is ${n.status}`;
}

/** The pod needs istio-cni to start: sidecar with istio-validation, or ambient. */
export function dependsOnCni(p: PodFacts, ctx: JoinContext): boolean {
  if (p.hostNetwork) return false;
  if (p.sidecar || p.redirection !== undefined || p.dataplaneMode === 'ambient') return true;
  return p.dataplaneMode !== 'none' && ctx.namespaceAmbient(p.namespace);
}

/** Nothing recreates the pod when it fails: restartPolicy Never or a Job's pod (facts §D4). */
export function notRecreated(p: PodFacts): boolean {
  return p.restartPolicy === 'Never' || p.owner?.kind === 'Job' || p.owner?.kind === 'CronJob';
}

/** A node's istio-cni-node log hits of these catalog patterns, nodes in name order. */
export function agentLogNodes(
  view: ClusterView,
  patternIds: readonly string[],
): { node: string; health: NodeHealth | undefined; hits: AgentLogHit[] }[] {
  const out: { node: string; health: NodeHealth | undefined; hits: AgentLogHit[] }[] = [];
  for (const [node, all] of [...view.agentLogs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const hits = all.filter((h) => patternIds.includes(h.patternId));
    if (hits.length) out.push({ node, health: view.nodes.find((n) => n.name === node), hits });
  }
  return out;
}

/** A log message as quoted evidence, on one line and at most `max` characters. */
export function quoteLine(message: string, max = 220): string {
  const one = message.replace(/\s+/g, ' ').trim();
  return `"${one.length > max ? `${one.slice(0, max - 1)}…` : one}"`;
}

/** `(x3, last 2025-06-12T21:20:03Z)` for repeated lines, `(2025-...)` for one. */
export function hitTimes(h: AgentLogHit): string {
  const when = h.last ? `${h.count > 1 ? ', last ' : ''}${h.last}` : '';
  return h.count > 1 || when ? ` (${h.count > 1 ? `x${h.count}` : ''}${when})` : '';
}

/** The `global.platform` profile a node shows it needs, when the node object says so. */
export function platformOf(node: K8sNode | undefined): 'gke' | 'k3s' | 'microk8s' | undefined {
  const provider = node?.spec?.providerID ?? '';
  const labels = node?.metadata?.labels ?? {};
  if (provider.startsWith('gce://') || labels['cloud.google.com/gke-nodepool'] !== undefined) return 'gke';
  if (provider.startsWith('k3s://') || /\+k3s/.test(node?.status?.nodeInfo?.kubeletVersion ?? ''))
    return 'k3s';
  if (labels['microk8s.io/cluster'] !== undefined) return 'microk8s';
  return undefined;
}
