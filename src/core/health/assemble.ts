/**
 * Joins pod facts with node CNI status and event/log evidence into the affected workload list
 * and the summary. Pods are classified one at a time (classifyPod), so the incremental index
 * only reclassifies the pods that changed; only candidates (pods that are not plainly healthy)
 * are ever looked at, so a model over 5,000 pods costs what its problems cost.
 */
import {
  AFFECTED_REASONS,
  type AffectedReason,
  type AffectedWorkload,
  type DaemonSetHealth,
  type HealthModel,
  type HealthSummary,
  type NodeCniStatus,
  type NodeHealth,
  type TaintHint,
} from './model';
import type { Evidence, RepairEvidence } from './evidence';
import { formatOwner, ownerFromPodName, ownerKey } from './owner';
import { type PodFacts, podKey } from './podFacts';
import { nextStepFor } from './reasons';

/** Deletions of one owner's pods by race repair from which on it is an eviction loop. */
export const EVICTION_LOOP_THRESHOLD = 3;

/** What classifying one pod needs besides the pod. */
export interface JoinContext {
  nodeByName: Map<string, NodeHealth>;
  namespaceAmbient(namespace: string): boolean;
  evidence: Evidence;
}

export interface AssembleInput extends JoinContext {
  daemonSet: DaemonSetHealth | null;
  cniInstalled: boolean;
  nodes: NodeHealth[];
  /** The affected entry of every classified candidate pod, keyed `namespace/name`. */
  podAffected: Map<string, AffectedWorkload>;
  pod(key: string): PodFacts | undefined;
}

export function assemble(input: AssembleInput): HealthModel {
  const affected = [...input.podAffected.values(), ...repairDeleted(input, input.podAffected)];
  affected.sort(compareAffected);
  const taintHints: TaintHint[] = input.nodes
    .filter((n) => n.notReadyTaint && n.status === 'ready')
    .map((n) => ({
      node: n.name,
      message: `${n.name} still has the cni.istio.io/not-ready taint although its istio-cni-node is Ready: the istiod untaint controller is off (pilot.taint.enabled) or looks in the wrong namespace (pilot.taint.namespace).`,
    }));
  return {
    daemonSet: input.daemonSet,
    nodes: input.nodes,
    affected,
    taintHints,
    summary: summarize(input, affected),
  };
}

function entry(
  p: { namespace: string; name: string; node: string },
  owner: AffectedWorkload['owner'],
  reason: AffectedReason,
  detail: string,
  input: JoinContext,
): AffectedWorkload {
  const node = input.nodeByName.get(p.node);
  return {
    namespace: p.namespace,
    name: p.name,
    node: p.node,
    owner,
    reason,
    detail,
    nextStep: nextStepFor(reason, node?.cniPod ?? null, p.node),
  };
}

function nodeNote(p: PodFacts, input: JoinContext): string {
  const n = input.nodeByName.get(p.node);
  if (!n || n.status === 'ready') return '';
  return n.status === 'missing'
    ? `; no istio-cni-node on ${p.node}`
    : `; istio-cni-node on ${p.node} is ${n.status}`;
}

/** The affected entry of one pod, or undefined when istio-cni is not hurting it. */
export function classifyPod(p: PodFacts, input: JoinContext): AffectedWorkload | undefined {
  const key = podKey(p.namespace, p.name);
  const ev = input.evidence;
  const labeled = ev.labeled.get(key);
  if (p.labeledBroken || labeled) {
    const via = labeled ? ` (${labeled.seenIn.join(' and ')})` : '';
    return entry(
      p,
      p.owner,
      'repair-labeled',
      `labeled cni.istio.io/uninitialized=true by race repair${via}; ${p.validationFailure ?? p.status}`,
      input,
    );
  }
  const sandbox = ev.sandbox.get(key);
  if (sandbox && !p.healthy) {
    const times = sandbox.count > 1 ? ` (x${sandbox.count})` : '';
    return entry(
      p,
      p.owner,
      'sandbox-cni-failed',
      `FailedCreatePodSandBox${times}: ${sandbox.title}: ${sandbox.error}`,
      input,
    );
  }
  if (p.validationFailure) {
    return entry(
      p,
      p.owner,
      'validation-failed',
      `${p.validationFailure}: no iptables redirection${nodeNote(p, input)}`,
      input,
    );
  }
  if (p.redirection === 'pending' && !p.terminating) {
    return entry(
      p,
      p.owner,
      'ambient-pending',
      `ambient.istio.io/redirection=pending (${p.status}): ztunnel has not accepted the pod, it has no traffic`,
      input,
    );
  }
  const node = input.nodeByName.get(p.node);
  if (p.node && !p.started && !p.terminating && node && node.status !== 'ready' && dependsOnCni(p, input)) {
    return entry(p, p.owner, 'node-cni-not-ready', `${p.status}${nodeNote(p, input)}`, input);
  }
  return undefined;
}

function dependsOnCni(p: PodFacts, input: JoinContext): boolean {
  if (p.hostNetwork) return false;
  if (p.sidecar || p.redirection !== undefined || p.dataplaneMode === 'ambient') return true;
  return p.dataplaneMode !== 'none' && input.namespaceAmbient(p.namespace);
}

interface OwnerGroup {
  namespace: string;
  owner: AffectedWorkload['owner'];
  pods: (RepairEvidence & { node: string })[];
  total: number;
}

/** Pods deleted by repair, grouped by owner; an owner deleted again and again is one eviction-loop entry. */
function repairDeleted(input: AssembleInput, classified: Map<string, AffectedWorkload>): AffectedWorkload[] {
  const groups = new Map<string, OwnerGroup>();
  for (const [key, r] of input.evidence.deleted) {
    const live = input.pod(key);
    const owner = live ? live.owner : ownerFromPodName(r.name);
    const gk = ownerKey(r.namespace, owner, r.name);
    const g = groups.get(gk) ?? { namespace: r.namespace, owner, pods: [], total: 0 };
    g.pods.push({ ...r, node: r.node || live?.node || '' });
    g.total += r.count;
    groups.set(gk, g);
  }
  const out: AffectedWorkload[] = [];
  for (const g of groups.values()) {
    g.pods.sort((a, b) => (a.last === b.last ? cmp(a.name, b.name) : cmp(b.last, a.last)));
    if (g.total >= EVICTION_LOOP_THRESHOLD) {
      const latest = g.pods[0];
      if (!latest) continue;
      const nodes = [...new Set(g.pods.map((p) => p.node).filter((n) => n))].sort(cmp);
      const what = formatOwner(g.owner) ?? `pod ${latest.name}`;
      const where = nodes.length ? ` on ${nodes.join(', ')}` : '';
      const detail = `${what}: ${g.total} deletions of ${g.pods.length} pod${g.pods.length === 1 ? '' : 's'} by race repair${where}`;
      out.push(
        entry(
          { namespace: g.namespace, name: latest.name, node: latest.node },
          g.owner,
          'eviction-loop',
          detail,
          input,
        ),
      );
      continue;
    }
    for (const r of g.pods) {
      if (classified.has(podKey(r.namespace, r.name))) continue;
      const times = r.count > 1 ? ` ${r.count} times` : '';
      out.push(
        entry(
          r,
          g.owner,
          'repair-deleted',
          `deleted by race repair${times} (${r.seenIn.join(' and ')}): istio-validation found no redirection`,
          input,
        ),
      );
    }
  }
  return out;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const REASON_ORDER = new Map<AffectedReason, number>(AFFECTED_REASONS.map((r, i) => [r, i]));

function compareAffected(a: AffectedWorkload, b: AffectedWorkload): number {
  return (
    (REASON_ORDER.get(a.reason) ?? 0) - (REASON_ORDER.get(b.reason) ?? 0) ||
    cmp(a.namespace, b.namespace) ||
    cmp(a.name, b.name) ||
    cmp(a.node, b.node)
  );
}

function summarize(input: AssembleInput, affected: AffectedWorkload[]): HealthSummary {
  const nodes: Record<NodeCniStatus, number> = { ready: 0, 'not-ready': 0, 'crash-looping': 0, missing: 0 };
  for (const n of input.nodes) nodes[n.status] += 1;
  const counts = Object.fromEntries(AFFECTED_REASONS.map((r) => [r, 0])) as Record<AffectedReason, number>;
  for (const a of affected) counts[a.reason] += 1;
  const problems: string[] = [];
  if (!input.cniInstalled)
    problems.push('istio-cni is not installed: no istio-cni-node DaemonSet or pods were found.');
  const bad = input.nodes.filter((n) => n.status !== 'ready');
  if (input.cniInstalled && bad.length) {
    const names = bad
      .slice(0, 5)
      .map((n) => `${n.name} (${n.status})`)
      .join(', ');
    problems.push(
      `${bad.length} node${bad.length === 1 ? '' : 's'} without a ready istio-cni-node: ${names}${bad.length > 5 ? ', ...' : ''}.`,
    );
  }
  const ds = input.daemonSet;
  if (ds && ds.ready < ds.desired)
    problems.push(`DaemonSet ${ds.namespace}/${ds.name}: ${ds.ready} of ${ds.desired} pods ready.`);
  if (affected.length)
    problems.push(`${affected.length} workload${affected.length === 1 ? '' : 's'} affected by istio-cni.`);
  return {
    healthy: problems.length === 0,
    cniInstalled: input.cniInstalled,
    nodes,
    affected: counts,
    problems,
  };
}
