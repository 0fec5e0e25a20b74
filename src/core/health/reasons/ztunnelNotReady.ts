import { describeZtunnel, type FindingDraft } from '../findings';
import { defineReason } from './reason';

/** ambient: the node's ztunnel is missing, not ready or crash-looping (facts §D8). */
export const ztunnelNotReady = defineReason({
  id: 'ztunnel-not-ready',
  scope: 'node',
  title: 'No ready ztunnel on the node',
  cause:
    'Ambient pods on this node need a connected ztunnel: without one the istio-cni agent answers "no ztunnel connection" and new ambient pods fail or stay pending.',
  fix: 'Fix ztunnel on {node} ({ztunnelLogs}): tolerations, nodeSelector and resources of the ztunnel DaemonSet; versions before 1.24.x could lose track of the connection (upgrade).',
  evidence:
    'ambient pods on a node whose `app=ztunnel` pod is missing, not Ready or crash-looping (listed with the pods failing with `no ztunnel connection`)',
  versions: 'a connection-tracking bug before 1.24.x (releasenote 54565)',
  refs: ['D8', 'istio/istio#53843', 'istio/istio#54544'],
  scenario: 'ambient-edge-cases',
  look: { icon: 'debug-disconnect', severity: 'error' },
  detect: (view) => {
    // No ztunnel pod anywhere: either not ambient, or the DaemonSet cannot create pods (its
    // FailedCreate events are their own finding); per-node gaps only mean something next to peers.
    if (view.ztunnel.size === 0) return [];
    const out: FindingDraft[] = [];
    for (const node of [...view.ambientNodes].sort()) {
      const z = view.ztunnel.get(node);
      if (z?.ready) continue;
      out.push({
        subject: z ? `Pod/${z.namespace}/${z.name}` : `Node/${node}`,
        node,
        detail: describeZtunnel(node, z),
      });
    }
    return out;
  },
});
