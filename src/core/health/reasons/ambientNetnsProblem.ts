import type { FindingDraft } from '../findings';
import { atLeast } from '../install';
import { agentLogNodes, hitTimes, quoteLine } from './helpers';
import { defineReason } from './reason';

/**
 * ambient: the agent could not find (facts §D24) or found several (§D25) network namespaces for
 * a pod, so its in-pod rules are missing or were put in the wrong netns.
 */
export const ambientNetnsProblem = defineReason({
  id: 'ambient-netns-problem',
  scope: 'node',
  title: "Ambient pod's network namespace not found or ambiguous",
  cause:
    "When the node agent starts (after a restart or a node reboot) it restores the in-pod rules of every ambient pod in the pod's network namespace. A pod whose netns it cannot find keeps running with no redirection (traffic bypasses ztunnel); a pod with several netns (a foreign process sharing it) may get the rules in the wrong one.",
  fix: '{advice}{valueFix}',
  evidence:
    "the istio-cni-node log: `failed to reconcile inpod rules for pod ... can't find netns for pod` with the pod in its `ns=` `name=` labels (1.25+), or `found more than one netns for the same pod: <pod UID>, will use oldest process netns` (1.24.4+)",
  versions:
    'before 1.24.4 / 1.25.0 the agent took the newest process\'s netns when there were several (releasenote 55139); the "more than one netns" line exists only from then on',
  refs: ['D24', 'D25', 'istio/istio#55968', 'istio/istio#55139', 'istio/istio#57316'],
  scenario: 'agent-log',
  look: { icon: 'debug-disconnect', severity: 'warning' },
  detect: (view) => {
    const out: FindingDraft[] = [];
    const owned = view.install !== null && atLeast(view.install.version, '1.27');
    for (const { node, hits } of agentLogNodes(view, ['inpod-reconcile-failed', 'netns-ambiguous'])) {
      const lost = hits.find((h) => h.patternId === 'inpod-reconcile-failed');
      if (lost) {
        const pods = lost.pods.length ? lost.pods : [];
        const restart = pods.length
          ? pods
              .map((p) => `kubectl delete pod -n ${p.split('/')[0] ?? ''} ${p.split('/')[1] ?? ''}`)
              .join('; ')
          : '';
        out.push({
          subject: `Node/${node}`,
          node,
          detail: `in-pod rules not restored${pods.length ? ` for ${pods.join(', ')}` : ''} after the agent started, netns not found${hitTimes(lost)}: ${quoteLine(lost.message)}`,
          vars: {
            advice: `Restart the pods so the CNI plugin captures them again${restart ? ` (${restart})` : ''}.${owned ? ' To keep pods from starting before istio-cni after a reboot, let istio-cni own its config file (istioOwnedCNIConfig=true).' : ''}`,
          },
          ...(owned ? { values: [{ chart: 'cni' as const, path: 'istioOwnedCNIConfig', value: true }] } : {}),
        });
      }
      const many = hits.find((h) => h.patternId === 'netns-ambiguous');
      if (many) {
        out.push({
          subject: `Node/${node}`,
          node,
          detail: `a pod has more than one network namespace${hitTimes(many)}: ${quoteLine(many.message)}`,
          vars: {
            // The line is only logged by versions that have the fix (it came with it).
            advice:
              "The agent took the oldest process's netns (the fix of istio/istio#55139); if the pod's traffic still bypasses ztunnel, find the process sharing its netns (a debug container, nsenter) and restart the pod.",
          },
        });
      }
    }
    return out;
  },
});
