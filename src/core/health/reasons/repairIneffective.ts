import { podKey } from '../podFacts';
import { defineReason } from './reason';

/** repairPods logged "pod repaired" but istio-validation still fails (facts §D3, #56587). */
export const repairIneffective = defineReason({
  id: 'repair-ineffective',
  scope: 'pod',
  priority: 40,
  title: 'Repaired, still failing',
  cause:
    "The repair controller (repairPods mode) programmed iptables in the running pod's network namespace, but istio-validation keeps failing: in-place repair does not take effect in this environment (reported on EKS with Bottlerocket).",
  fix: 'Switch repair to deleting broken pods (repair.repairPods=false, repair.deletePods=true), or taint new nodes cni.istio.io/not-ready and enable the untaint controller (pilot.taint.enabled=true); then delete the pod once.',
  evidence:
    "`pod repaired pod=NS/NAME` lines in the node's istio-cni-node log for a pod whose `istio-validation` still fails",
  versions: 'repairPods mode is the default from 1.21; the log has no event for it',
  refs: ['D3', 'istio/istio#56587', 'istio/istio#57332'],
  scenario: 'validation-failed',
  look: { icon: 'debug-restart', severity: 'error' },
  values: [
    { chart: 'cni', path: 'repair.repairPods', value: false },
    { chart: 'cni', path: 'repair.deletePods', value: true },
  ],
  classify: (p, ctx) => {
    const r = ctx.evidence.repaired?.get(podKey(p.namespace, p.name));
    if (!p.validationFailure || !r) return undefined;
    return `${p.validationFailure} after "pod repaired" ${r.count === 1 ? 'once' : `${r.count} times`} in the istio-cni-node log${r.node ? ` on ${r.node}` : ''}: in-place repair is not taking effect`;
  },
});
