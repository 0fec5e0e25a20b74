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
import type { ClusterFinding, ClusterView, ZtunnelHealth } from './findings';
import type { InstallInfo } from './install';
import { logLevelChanges, type RenderedFix, renderValueFix } from './installFix';
import { formatOwner, ownerFromPodName, ownerKey } from './owner';
import { type PodFacts, podKey } from './podFacts';
import { FINDING_REASONS, fixText, POD_CLASSIFIERS, reasonDef } from './reasons/index';

/** Deletions of one owner's pods by race repair from which on it is an eviction loop. */
export const EVICTION_LOOP_THRESHOLD = 3;

/** What classifying one pod needs besides the pod. */
export interface JoinContext {
  nodeByName: Map<string, NodeHealth>;
  namespaceAmbient(namespace: string): boolean;
  evidence: Evidence;
  /** How istio-cni is installed (settings some reasons read, the method fixes are worded in). */
  install?: InstallInfo | null;
  /** ztunnel per node, when ztunnel pods were read. */
  ztunnel?: ReadonlyMap<string, ZtunnelHealth>;
  /** Rendering flags for fix commands (`--kubeconfig F --context C`). */
  commandFlags?: string;
}

export interface AssembleInput extends JoinContext {
  daemonSet: DaemonSetHealth | null;
  cniInstalled: boolean;
  nodes: NodeHealth[];
  /** The affected entry of every classified candidate pod, keyed `namespace/name`. */
  podAffected: Map<string, AffectedWorkload>;
  pod(key: string): PodFacts | undefined;
  /** What cluster findings are detected from; without it there are none. */
  view?: Omit<ClusterView, 'nodes' | 'evidence' | 'install'>;
}

export function assemble(input: AssembleInput): HealthModel {
  const affected = [...input.podAffected.values(), ...repairDeleted(input, input.podAffected)];
  affected.sort(compareAffected);
  const install = input.install ?? null;
  const findings = input.view
    ? detectFindings(
        { ...input.view, nodes: input.nodes, evidence: input.evidence, install },
        input.commandFlags,
      )
    : [];
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
    summary: summarize(input, affected, findings),
    findings,
    install,
    valueFixes: valueFixes(
      [...affected.map((a) => a.reason), ...findings.map((f) => f.reason)],
      install,
      input.commandFlags,
      findings,
    ),
    logLevelFix: install ? renderValueFix(logLevelChanges(install), install, input.commandFlags) : null,
  };
}

function detectFindings(view: ClusterView, flags: string | undefined): ClusterFinding[] {
  const out: ClusterFinding[] = [];
  for (const def of FINDING_REASONS) {
    let drafts;
    try {
      drafts = def.detect?.(view) ?? [];
    } catch {
      continue; // malformed objects (a hand-edited snapshot) cost this reason, not the model
    }
    for (const d of drafts) {
      const node = view.nodes.find((n) => n.name === d.node);
      const z = d.node ? view.ztunnel.get(d.node) : undefined;
      const valueFix = d.values?.length ? renderValueFix(d.values, view.install, flags) : undefined;
      out.push({
        ...d,
        reason: def.id,
        nextStep: fixText(
          def.id,
          {
            cniPod: node?.cniPod ?? null,
            node: d.node,
            ztunnel: z ?? null,
            valueFix: valueFix ? ` In your install: ${valueFix.summary} (${valueFix.command}).` : '',
            ...d.vars,
            ...(flags ? { flags } : {}),
          },
          view.install,
        ),
        ...(valueFix ? { valueFix } : {}),
      });
    }
  }
  return out;
}

function valueFixes(
  reasons: string[],
  install: InstallInfo | null,
  flags: string | undefined,
  findings: readonly ClusterFinding[],
): Partial<Record<AffectedReason, RenderedFix>> {
  const out: Partial<Record<AffectedReason, RenderedFix>> = {};
  for (const id of new Set(reasons)) {
    const values = reasonDef(id)?.values;
    if (values?.length) out[id as AffectedReason] = renderValueFix(values, install, flags);
    // A finding whose fix depends on what was seen (its platform, its version) brings its own.
    else {
      const own = findings.find((f) => f.reason === id && f.valueFix)?.valueFix;
      if (own) out[id as AffectedReason] = own;
    }
  }
  return out;
}

function entry(
  p: { namespace: string; name: string; node: string },
  owner: AffectedWorkload['owner'],
  reason: AffectedReason,
  detail: string,
  input: JoinContext,
): AffectedWorkload {
  const node = input.nodeByName.get(p.node);
  const z = p.node ? input.ztunnel?.get(p.node) : undefined;
  return {
    namespace: p.namespace,
    name: p.name,
    node: p.node,
    owner,
    reason,
    detail,
    nextStep: fixText(
      reason,
      {
        cniPod: node?.cniPod ?? null,
        node: p.node,
        namespace: p.namespace,
        pod: p.name,
        owner: formatOwner(owner) ?? `pod ${p.name}`,
        patternFix: input.evidence.sandbox.get(podKey(p.namespace, p.name))?.fix ?? '',
        ztunnel: z ?? null,
        ...(input.commandFlags ? { flags: input.commandFlags } : {}),
      },
      input.install ?? null,
    ),
  };
}

/** The affected entry of one pod, or undefined when istio-cni is not hurting it. */
export function classifyPod(p: PodFacts, input: JoinContext): AffectedWorkload | undefined {
  for (const def of POD_CLASSIFIERS) {
    const detail = def.classify?.(p, input);
    if (detail !== undefined) return entry(p, p.owner, def.id as AffectedReason, detail, input);
  }
  return undefined;
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

function summarize(
  input: AssembleInput,
  affected: AffectedWorkload[],
  findings: ClusterFinding[],
): HealthSummary {
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
  for (const f of findings)
    problems.push(`${reasonDef(f.reason)?.title ?? f.reason}: ${f.subject}: ${f.detail}`);
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
