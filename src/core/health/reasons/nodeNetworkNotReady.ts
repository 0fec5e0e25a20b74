import type { FindingDraft } from '../findings';
import { defineReason } from './reason';

const NETWORK_NOT_READY = /NetworkPluginNotReady|cni plugin not initialized|network plugin is not ready/i;

/** Node Ready=False because the runtime has no valid CNI network (facts §D22). */
export const nodeNetworkNotReady = defineReason({
  id: 'node-network-not-ready',
  scope: 'node',
  title: 'Node NotReady: no CNI network',
  cause:
    'The kubelet reports the node NotReady because the container runtime found no valid network config: the CNI config directory has no usable file left (a standalone or Istio-owned file removed, a broken file left behind after an istio-cni failure or uninstall) or the primary CNI is not installed yet.',
  fix: "Restore the primary CNI config in the node's CNI config directory (reinstall or restart the primary CNI's agent on {node}), fix the istio-cni-node failure there ({cniLogs}), and lint the directory with Read CNI Config.",
  evidence:
    "node condition `Ready=False` whose message has `NetworkPluginNotReady` / `cni plugin not initialized`, shown with the node's istio-cni-node pod",
  refs: ['D22', 'istio/istio#36821'],
  scenario: 'node-evidence',
  look: { icon: 'server', severity: 'error' },
  detect: (view) => {
    const out: FindingDraft[] = [];
    for (const [name, node] of view.nodeObjects) {
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
      if (
        ready?.status !== 'False' ||
        !NETWORK_NOT_READY.test(`${ready.reason ?? ''} ${ready.message ?? ''}`)
      )
        continue;
      const health = view.nodes.find((n) => n.name === name);
      const cni = health?.cniPod
        ? `istio-cni-node ${health.cniPod.name} is ${health.status}`
        : 'no istio-cni-node pod on it';
      out.push({
        subject: `Node/${name}`,
        node: name,
        detail: `Ready=False: ${(ready.message ?? ready.reason ?? '').slice(0, 200)}; ${cni}`,
      });
    }
    return out;
  },
});
