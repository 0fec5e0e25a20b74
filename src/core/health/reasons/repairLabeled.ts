import { podKey } from '../podFacts';
import { defineReason } from './reason';

/** labelPods mode marked the pod broken (facts §B.4). */
export const repairLabeled = defineReason({
  id: 'repair-labeled',
  scope: 'pod',
  priority: 10,
  title: 'Labeled broken by istio-cni race repair',
  short: 'Labeled broken by race repair',
  cause:
    'The repair controller (labelPods mode) marked the pod cni.istio.io/uninitialized=true: it has no redirection and is not repaired automatically.',
  fix: 'Delete the pod so it is recreated on a node with istio-cni running (kubectl get pods -A -l cni.istio.io/uninitialized=true).',
  evidence:
    'the label `cni.istio.io/uninitialized=true`, a `LabelBrokenPod` event, or a `Pod detected as broken, adding label` log line',
  refs: ['D1'],
  scenario: 'repair-labeled',
  look: { icon: 'tag', severity: 'error' },
  classify: (p, ctx) => {
    const labeled = ctx.evidence.labeled.get(podKey(p.namespace, p.name));
    if (!p.labeledBroken && !labeled) return undefined;
    const via = labeled ? ` (${labeled.seenIn.join(' and ')})` : '';
    return `labeled cni.istio.io/uninitialized=true by race repair${via}; ${p.validationFailure ?? p.status}`;
  },
});
