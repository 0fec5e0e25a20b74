import { atLeast } from '../install';
import type { FindingDraft } from '../findings';
import { podKey } from '../podFacts';
import { defineReason } from './reason';

/** The istio-cni-node pod itself cannot get a sandbox: the old plugin blocks the new agent (facts §D6, #57438). */
export const cniAgentSandboxFailed = defineReason({
  id: 'cni-agent-sandbox-failed',
  scope: 'node',
  title: 'istio-cni-node cannot start its own sandbox',
  cause:
    "The istio-cni plugin already in the node's CNI chain runs for the new istio-cni-node pod too and fails (for example Unauthorized with a stale token after an upgrade), so the agent that would fix the plugin never starts: a deadlock.",
  fix: 'On {node}, remove the istio-cni entry from the primary conflist (or the standalone istio-cni file) and let the new istio-cni-node start; then upgrade to 1.27 or later, where the plugin skips its own agent pod.',
  fixFor: (install) =>
    install && atLeast(install.version, '1.27')
      ? 'Read the error: 1.27+ skips the plugin for its own agent pod, so this is a different failure of the chain on {node} ({cniLogs}).'
      : undefined,
  evidence: 'a `FailedCreatePodSandBox` event naming istio-cni whose pod is an istio-cni-node pod',
  versions: 'a deadlock before 1.27 (the plugin skips its own agent pod from 1.27)',
  refs: ['D6', 'istio/istio#57438'],
  scenario: 'node-evidence',
  look: { icon: 'lock', severity: 'error' },
  detect: (view) => {
    const out: FindingDraft[] = [];
    for (const p of view.cniPods) {
      const s = view.evidence.sandbox.get(podKey(p.metadata?.namespace ?? '', p.metadata?.name ?? ''));
      if (!s) continue;
      const node = p.spec?.nodeName ?? s.node;
      out.push({
        subject: `Pod/${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`,
        node,
        detail: `${p.metadata?.name ?? ''} FailedCreatePodSandBox${s.count > 1 ? ` (x${s.count})` : ''}: ${s.title}: ${s.error}`,
      });
    }
    return out;
  },
});
