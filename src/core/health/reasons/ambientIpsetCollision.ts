import type { FindingDraft } from '../findings';
import { agentLogNodes, hitTimes, quoteLine } from './helpers';
import { defineReason } from './reason';

/** ambient: the pod's IP was already in the node's probe ipset: istio-cni ran twice (facts §D13). */
export const ambientIpsetCollision = defineReason({
  id: 'ambient-ipset-collision',
  scope: 'node',
  title: 'Ambient pod added twice (probe ipset "exist")',
  cause:
    "The node agent could not add the pod's IP to the host probe ipset because the IP was already there: the istio-cni plugin ran twice for the same pod, typically because istio-cni is both in the primary chain and in a Multus delegate (or duplicate pod IPs from IPAM). The pod is not enrolled and fails its health checks.",
  fix: "Keep istio-cni at one level of the chain on {node}: remove it from the Multus delegate copy, or set the Helm value cni.cniConfFileName to the one file Istio should own (read the node's net.d with Read CNI Config to see both entries). Then restart the pods named. From 1.25 the agent upserts the entry, which hides the double run but not its cause.",
  evidence:
    'the istio-cni-node log: `failed to add IP ... to ipset istio-inpod-probes-v4: exist` (inside `failed adding pod ... to ipset`, `failed to add pod to ipset`), or `pod ... has IP collision`',
  versions: 'the agent adds without replacing through 1.24 (an existing entry is an error); 1.25+ upserts',
  refs: ['D13', 'D12', 'istio/istio#52761'],
  scenario: 'ambient-ipset-collision',
  look: { icon: 'copy', severity: 'error' },
  detect: (view) => {
    const out: FindingDraft[] = [];
    for (const { node, hits } of agentLogNodes(view, ['ipset-entry-exists'])) {
      const h = hits[0];
      if (!h) continue;
      const pods = h.pods.length ? `pod${h.pods.length === 1 ? '' : 's'} ${h.pods.join(', ')}: ` : '';
      out.push({
        subject: `Node/${node}`,
        node,
        detail: `${pods}IP already in the probe ipset, istio-cni ran twice for the pod${hitTimes(h)}: ${quoteLine(h.message)}`,
      });
    }
    return out;
  },
});
