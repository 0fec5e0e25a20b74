import { atLeast } from '../install';
import { nodeNote } from './helpers';
import { defineReason } from './reason';

/** istio-validation found no redirection (the race of facts §D1). */
export const validationFailed = defineReason({
  id: 'validation-failed',
  scope: 'pod',
  priority: 50,
  title: 'istio-validation failed',
  cause:
    "iptables redirection is missing in the pod: the pod started before istio-cni was ready on its node, or istio-cni is not in the node's effective CNI chain.",
  fix: "Check the node's istio-cni-node is Ready and its conflist contains istio-cni, then delete the pod so its owner recreates it with redirection.",
  fixFor: (install) =>
    atLeast(install?.version, '1.22')
      ? "Check the node's istio-cni-node is Ready and its conflist contains istio-cni, then delete the pod so its owner recreates it with redirection. To stop the race for good, taint new nodes cni.istio.io/not-ready and enable the untaint controller (pilot.taint.enabled=true)."
      : undefined,
  evidence: 'the `istio-validation` init container exited non-zero (126): Init:Error / Init:CrashLoopBackOff',
  versions: 'all; the untaint controller (`pilot.taint.enabled`) is offered from 1.22',
  refs: ['D1', 'istio/istio#14327', 'istio/istio#33986'],
  scenario: 'validation-failed',
  look: { icon: 'error', severity: 'error' },
  classify: (p, ctx) =>
    p.validationFailure ? `${p.validationFailure}: no iptables redirection${nodeNote(p, ctx)}` : undefined,
});
