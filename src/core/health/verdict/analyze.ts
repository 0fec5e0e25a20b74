/**
 * The cause graph: node facts (nodeCauses) joined to each affected pod's own facts (events,
 * istio-validation, repair actions) into one verdict per affected workload: the most specific
 * node cause that explains the pod's symptom, the chain of facts from symptom to cause, the
 * fix, and, where the chain stops short, which evidence would confirm it.
 */
import type { ClusterData } from '../clusterData';
import { SANDBOX_REASON, DELETE_REASON, LABEL_REASON } from '../evidence';
import type { K8sEvent, K8sNode } from '../k8s';
import type { AffectedWorkload, HealthModel, NodeHealth } from '../model';
import { formatOwner, ownerFromPodName } from '../owner';
import { podFacts } from '../podFacts';
import { REASON_INFO } from '../reasons';
import { sandboxErrorText } from '../sandboxErrors';
import { nodeCauses } from './nodeCauses';
import { type NodeLogLine, scanNodeLog } from './nodeLog';
import type { Fact, MissingEvidence, NodeCause, NodeEvidence, Verdict } from './types';

export interface Analysis {
  verdicts: Verdict[];
  /** Node causes by node name, most specific first. */
  causes: Map<string, NodeCause[]>;
  /** Catalog lines of each node's log, by node name (only nodes whose log was read). */
  logs: Map<string, NodeLogLine[]>;
  evidence: Map<string, NodeEvidence>;
}

/** `extra`: evidence read on demand (net.d, a fresher log tail, or why it could not be read). */
export function analyze(
  model: HealthModel,
  data: ClusterData,
  extra: readonly NodeEvidence[] = [],
): Analysis {
  const evidence = new Map<string, NodeEvidence>();
  for (const [node, log] of Object.entries(data.cniLogs)) evidence.set(node, { node, log });
  for (const e of extra) evidence.set(e.node, { ...evidence.get(e.node), ...e });
  const nodes = new Map(data.nodes.map((n) => [n.metadata?.name ?? '', n]));
  const causes = new Map<string, NodeCause[]>();
  const logs = new Map<string, NodeLogLine[]>();
  for (const h of model.nodes) {
    const ev = evidence.get(h.name);
    const lines = ev?.log !== undefined && h.cniPod ? scanNodeLog(h.name, h.cniPod, ev.log) : undefined;
    if (lines) logs.set(h.name, lines);
    causes.set(h.name, nodeCauses(h, nodes.get(h.name), ev, lines));
  }
  const ctx: Ctx = {
    data,
    causes,
    logs,
    evidence,
    nodes,
    health: new Map(model.nodes.map((n) => [n.name, n])),
  };
  return { verdicts: model.affected.map((a) => verdictFor(a, ctx)), causes, logs, evidence };
}

interface Ctx {
  data: ClusterData;
  causes: Map<string, NodeCause[]>;
  logs: Map<string, NodeLogLine[]>;
  evidence: Map<string, NodeEvidence>;
  nodes: Map<string, K8sNode>;
  health: Map<string, NodeHealth>;
}

function verdictFor(a: AffectedWorkload, ctx: Ctx): Verdict {
  const symptoms = symptomFacts(a, ctx);
  const sandboxText = a.reason === 'sandbox-cni-failed' ? a.detail : '';
  const candidates = (ctx.causes.get(a.node) ?? []).filter(
    (c) =>
      c.explains.includes(a.reason) &&
      (!RUNS_TWICE_CAUSES.includes(c.id) || RUNS_TWICE_SYMPTOM.test(sandboxText)),
  );
  const best = candidates[0];
  const missing = missingFor(a, ctx, best);
  const base = {
    namespace: a.namespace,
    name: a.name,
    node: a.node,
    reason: a.reason,
    symptom: a.detail,
    missing,
  };
  if (!best) {
    const info = REASON_INFO[a.reason];
    return {
      ...base,
      confidence: 'suspected',
      cause: { id: a.reason, title: info.title, explanation: info.cause },
      chain: symptoms,
      fix: a.nextStep,
    };
  }
  const chain = dedupe([...symptoms, ...best.facts]);
  return {
    ...base,
    // A state ("agent not ready") is a link, not a root cause: the chain stops short of why.
    confidence: best.specificity >= STRONG ? 'explained' : 'suspected',
    cause: { id: best.id, title: best.title, explanation: best.explanation },
    chain,
    fix: best.fix,
  };
}

/** Causes at least this specific name a root cause (a file range, a log line), not only a state. */
const STRONG = 20;

/** The sandbox errors a double istio-cni run produces: iptables-restore `exit status 1` (sidecar), ipset `exist` (ambient). */
const RUNS_TWICE_SYMPTOM = /exit status 1\b|\bexist\b/;
/** Causes that program a pod twice, so only explain the symptoms of that. */
const RUNS_TWICE_CAUSES = ['istio-cni-runs-twice', 'duplicate-istio-cni'];

function missingFor(a: AffectedWorkload, ctx: Ctx, best: NodeCause | undefined): MissingEvidence[] {
  if (!a.node) return [];
  const ev = ctx.evidence.get(a.node);
  const h = ctx.health.get(a.node);
  const out: MissingEvidence[] = [];
  const strong = best !== undefined && best.specificity >= STRONG;
  if (!strong && ev?.log === undefined && h?.cniPod && a.reason !== 'ambient-pending')
    out.push({
      node: a.node,
      cniPod: { namespace: h.cniPod.namespace, name: h.cniPod.name },
      what: 'cni-log',
      wouldShow: `the install or repair lines of ${h.cniPod.name} that say why istio-cni fails on ${a.node}`,
      why: ev?.logWhy ?? 'not read yet',
    });
  const netdHelps =
    a.reason === 'sandbox-cni-failed' || a.reason === 'validation-failed' || a.reason === 'eviction-loop';
  if (!strong && !ev?.netd && netdHelps && h?.cniPod)
    out.push({
      node: a.node,
      cniPod: { namespace: h.cniPod.namespace, name: h.cniPod.name },
      what: 'net.d',
      wouldShow:
        a.reason === 'sandbox-cni-failed'
          ? `whether istio-cni runs twice on ${a.node} (the chain and a Multus delegate copy), the usual cause of "exit status 1"`
          : `whether istio-cni is in the CNI chain the runtime uses on ${a.node}`,
      why: ev?.netdWhy ?? 'not read yet (reading it runs a command in the istio-cni-node pod: pods/exec)',
    });
  return out;
}

/** The pod-level facts behind the affected entry: its events, its istio-validation state, the repair actions. */
function symptomFacts(a: AffectedWorkload, ctx: Ctx): Fact[] {
  const facts: Fact[] = [];
  const pod = ctx.data.workloadPods.find(
    (p) => p.metadata?.namespace === a.namespace && p.metadata?.name === a.name,
  );
  if (a.reason === 'eviction-loop' || a.reason === 'repair-deleted') facts.push(...repairFacts(a, ctx));
  if (pod && a.reason !== 'eviction-loop' && a.reason !== 'repair-deleted') {
    const f = podFacts(pod);
    facts.push({
      id: `pod:${a.namespace}/${a.name}`,
      time: lastTransition(pod.status?.conditions),
      text: `${a.namespace}/${a.name}: ${f.validationFailure ?? f.status}${f.labeledBroken ? ', labeled cni.istio.io/uninitialized=true' : ''}`,
      source: { kind: 'pod', namespace: a.namespace, name: a.name },
    });
  }
  for (const e of podEvents(ctx.data.events, a.namespace, a.name))
    if (e.reason === SANDBOX_REASON || e.reason === LABEL_REASON) facts.push(eventFact(e));
  return facts;
}

function repairFacts(a: AffectedWorkload, ctx: Ctx): Fact[] {
  const owner = formatOwner(a.owner);
  const sameWorkload = (ns: string, name: string): boolean =>
    ns === a.namespace &&
    (name === a.name || (owner !== null && formatOwner(ownerFromPodName(name)) === owner));
  const facts: Fact[] = [];
  for (const lines of ctx.logs.values())
    for (const l of lines) {
      if (l.category !== 'repair' || l.patternId !== 'repair-deleted-broken-pod' || !l.pod) continue;
      const [ns = '', name = ''] = l.pod.split('/');
      if (sameWorkload(ns, name)) facts.push(l.fact);
    }
  for (const e of ctx.data.events) {
    if (e.reason !== DELETE_REASON) continue;
    const ns = e.involvedObject?.namespace ?? '';
    if (sameWorkload(ns, e.involvedObject?.name ?? '')) facts.push(eventFact(e));
  }
  return facts.sort(byTime);
}

export function podEvents(events: readonly K8sEvent[], namespace: string, name: string): K8sEvent[] {
  return events.filter((e) => e.involvedObject?.namespace === namespace && e.involvedObject?.name === name);
}

export const eventTime = (e: K8sEvent): string => e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? '';

export function eventFact(e: K8sEvent): Fact {
  const ns = e.involvedObject?.namespace ?? e.metadata?.namespace ?? '';
  const object = e.involvedObject?.name ?? '';
  const count = (e.count ?? 1) > 1 ? ` (x${e.count})` : '';
  const message = e.reason === SANDBOX_REASON ? sandboxErrorText(e.message ?? '') : (e.message ?? '');
  return {
    id: `event:${ns}/${e.metadata?.name ?? `${object}.${e.reason ?? ''}.${eventTime(e)}`}`,
    time: eventTime(e),
    text: `${e.reason ?? 'Event'}${count}${e.source?.host ? ` on ${e.source.host}` : ''}: ${message}`,
    source: { kind: 'event', namespace: ns, object: `${ns}/${object}`, reason: e.reason ?? '' },
  };
}

function lastTransition(conditions: { lastTransitionTime?: string }[] | undefined): string {
  let t = '';
  for (const c of conditions ?? []) if ((c.lastTransitionTime ?? '') > t) t = c.lastTransitionTime ?? '';
  return t;
}

export const byTime = (a: Fact, b: Fact): number =>
  a.time === b.time ? 0 : !a.time ? 1 : !b.time ? -1 : a.time < b.time ? -1 : 1;

function dedupe(facts: Fact[]): Fact[] {
  const seen = new Set<string>();
  return facts.filter((f) => (seen.has(f.id) ? false : (seen.add(f.id), true)));
}
