/**
 * The causes a node offers for the pods failing on it, each with the facts that show it: errors
 * of its net.d (the CNI linter, src/core/cni), install errors in its istio-cni-node log (the log
 * pattern catalog, src/core/logs), its istio-cni-node pod's state, and its Ready condition.
 */
import { lintDirectory, ruleById } from '../../cni/lint';
import { catalogMatcher } from '../../logs/catalogMatcher';
import type { K8sNode } from '../k8s';
import type { AffectedReason, NodeHealth } from '../model';
import type { NodeLogLine } from './nodeLog';
import type { Fact, NodeCause, NodeEvidence } from './types';

/** The symptoms that need a working istio-cni on the node (everything but ambient's ztunnel step). */
const NEEDS_AGENT: readonly AffectedReason[] = [
  'validation-failed',
  'sandbox-cni-failed',
  'repair-deleted',
  'repair-labeled',
  'eviction-loop',
  'node-cni-not-ready',
];
/** Lint rules whose finding explains pods failing on the node, most specific first, with what they explain. */
const RULE_EXPLAINS: Record<string, { explains: readonly AffectedReason[]; specificity: number }> = {
  'istio-cni-runs-twice': { explains: ['sandbox-cni-failed'], specificity: 50 },
  // The same entry N times in one chain (installers before 1.7 appended one per restart, facts §D17).
  'duplicate-istio-cni': { explains: ['sandbox-cni-failed'], specificity: 48 },
  'istio-cni-not-in-effective-chain': {
    explains: ['validation-failed', 'repair-deleted', 'repair-labeled', 'eviction-loop'],
    specificity: 45,
  },
};
/** Log pattern categories that describe the node's installation (not one pod's failure). */
const INSTALL_CATEGORIES = new Set(['config', 'node']);

/** `lines`: the node's log scanned by scanNodeLog, or undefined when the log was not read. */
export function nodeCauses(
  health: NodeHealth,
  node: K8sNode | undefined,
  ev: NodeEvidence | undefined,
  lines: NodeLogLine[] | undefined,
): NodeCause[] {
  const causes: NodeCause[] = [];
  if (ev?.netd?.length) causes.push(...netdCauses(health.name, ev.netd));
  const agent = agentFact(health);
  if (lines && agent) causes.push(...logCauses(health, lines, agent));
  if (agent) {
    causes.push({
      id: 'agent-not-ready',
      node: health.name,
      title: `istio-cni-node on ${health.name} is ${health.status}`,
      explanation:
        health.status === 'missing'
          ? 'No istio-cni-node pod runs on the node, so the plugin is not installed there and pods scheduled to it cannot get redirection.'
          : 'The node agent is not ready (its /readyz fails until the install is valid), so pods started on the node get no redirection.',
      fix:
        health.status === 'missing'
          ? 'Check the DaemonSet schedules to the node (nodeSelector, tolerations, FailedCreate events).'
          : `Read the install-cni log of ${health.cniPod?.name ?? 'its istio-cni-node pod'} for the install error.`,
      facts: [agent],
      specificity: 10,
      explains: NEEDS_AGENT,
    });
  }
  const cond = networkCondition(health.name, node);
  if (cond)
    causes.push({
      id: 'node-network-not-ready',
      node: health.name,
      title: `${health.name}: container network not ready`,
      explanation:
        'The kubelet reports the node NotReady because no CNI network is configured, so no pod sandbox can be created.',
      fix: 'Make the primary CNI write its config on the node, then check istio-cni-node chains into it.',
      facts: [cond],
      specificity: 15,
      explains: NEEDS_AGENT,
    });
  return causes.sort((a, b) => b.specificity - a.specificity);
}

function netdCauses(node: string, files: { path: string; text: string }[]): NodeCause[] {
  const out = new Map<string, NodeCause>();
  for (const f of lintDirectory(files)) {
    if (f.severity !== 'error') continue;
    const known = RULE_EXPLAINS[f.ruleId];
    const rule = ruleById(f.ruleId);
    const cause = out.get(f.ruleId) ?? {
      id: f.ruleId,
      node,
      title: rule?.title ?? f.ruleId,
      explanation: f.message,
      fix: fixOf(f.ruleId, f.fix?.title),
      facts: [],
      specificity: known?.specificity ?? 30,
      explains: known?.explains ?? [
        'validation-failed',
        'sandbox-cni-failed',
        'repair-deleted',
        'eviction-loop',
      ],
    };
    const at = (path: string, range: typeof f.range, text: string): void => {
      const id = `file:${node}:${path}:${range.start.line}`;
      if (!cause.facts.some((x) => x.id === id))
        cause.facts.push({ id, time: '', text, source: { kind: 'file', node, path, range } });
    };
    at(f.file, f.range, `${baseName(f.file)} line ${f.range.start.line + 1}: ${f.message}`);
    for (const r of f.related)
      at(r.file, r.range, `${baseName(r.file)} line ${r.range.start.line + 1}: ${r.message}`);
    out.set(f.ruleId, cause);
  }
  return [...out.values()];
}

function fixOf(ruleId: string, fixTitle: string | undefined): string {
  if (ruleId === 'istio-cni-runs-twice')
    return 'Keep istio-cni at one level only: remove the istio-cni entry from the Multus delegate copy (or from the delegate file) and set the Helm value cni.cniConfFileName to the file Istio should own, so the installer does not add it again.';
  if (ruleId === 'duplicate-istio-cni')
    return "Remove the extra istio-cni entries from the node's conflist and keep the last one, which the installer maintains (the editor's quick fix does it); old installers appended one per restart (istio/istio#27771) and a newer installer replaces only one, so they survive upgrades. Then restart istio-cni-node on the node.";
  return fixTitle ?? "Fix the file as the linter says (istio-cni-doctor lint on the node's net.d).";
}

const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** Install errors in the log: the latest line of each install pattern, as one cause per pattern. */
function logCauses(health: NodeHealth, lines: NodeLogLine[], agent: Fact): NodeCause[] {
  const matcher = catalogMatcher();
  const latest = new Map<string, Fact>();
  for (const l of lines) {
    const p = matcher.pattern(l.patternId);
    if (!p || p.source !== 'agent' || !INSTALL_CATEGORIES.has(p.category) || p.severity === 'info') continue;
    latest.set(p.id, l.fact);
  }
  return [...latest].flatMap(([id, fact]) => {
    const p = matcher.pattern(id);
    if (!p) return [];
    return [
      {
        id,
        node: health.name,
        title: p.title,
        explanation: `${p.meaning} ${p.cause}`,
        fix: p.fix,
        facts: [agent, fact],
        specificity: p.severity === 'error' ? 25 : 20,
        explains: NEEDS_AGENT,
      },
    ];
  });
}

/** The agent's state as a fact, when it is not ready (a ready agent explains nothing). */
function agentFact(h: NodeHealth): Fact | undefined {
  if (h.status === 'ready') return undefined;
  const p = h.cniPod;
  if (!p)
    return {
      id: `node:${h.name}:no-agent`,
      time: '',
      text: `no istio-cni-node pod on ${h.name}`,
      source: { kind: 'node', name: h.name },
    };
  const state = p.stateReason ? ` (${p.stateReason})` : '';
  return {
    id: `pod:${p.namespace}/${p.name}`,
    time: '',
    text: `istio-cni-node ${p.name} on ${h.name}: ${p.phase}, not ready${state}, ${p.restarts} restart${p.restarts === 1 ? '' : 's'}`,
    source: { kind: 'pod', namespace: p.namespace, name: p.name },
  };
}

function networkCondition(name: string, node: K8sNode | undefined): Fact | undefined {
  const ready = node?.status?.conditions?.find((c) => c.type === 'Ready');
  if (!ready || ready.status !== 'False') return undefined;
  const text = `${ready.reason ?? ''} ${ready.message ?? ''}`;
  if (!/NetworkPluginNotReady|cni plugin not initialized|network plugin is not ready/i.test(text))
    return undefined;
  return {
    id: `node:${name}:ready`,
    time: '',
    text: `${name} Ready=False: ${text.trim()}`,
    source: { kind: 'node', name },
  };
}
