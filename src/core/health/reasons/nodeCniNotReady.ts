import { dependsOnCni, nodeNote } from './helpers';
import { defineReason } from './reason';

/** A pod that needs istio-cni stuck on a node whose istio-cni-node is not ready. */
export const nodeCniNotReady = defineReason({
  id: 'node-cni-not-ready',
  scope: 'pod',
  priority: 70,
  title: 'Stuck on a node without a ready istio-cni',
  short: 'Node has no ready istio-cni',
  cause: 'The pod has not started and istio-cni-node on its node is not ready, crash-looping or missing.',
  fix: 'Fix istio-cni-node on that node first ({cniLogs}), then let the pod retry or delete it.',
  evidence:
    'a pod that depends on istio-cni (sidecar with `istio-validation`, or ambient) stuck before Running on a node whose istio-cni-node is not ready, crash-looping or missing',
  refs: ['D10', 'D11', 'D19', 'D20', 'D21'],
  scenario: 'node-cni-not-ready',
  look: { icon: 'clock', severity: 'error' },
  classify: (p, ctx) => {
    const node = ctx.nodeByName.get(p.node);
    if (!p.node || p.started || p.terminating || !node || node.status === 'ready' || !dependsOnCni(p, ctx))
      return undefined;
    return `${p.status}${nodeNote(p, ctx)}`;
  },
});
