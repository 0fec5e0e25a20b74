import { podKey } from '../podFacts';
import { defineReason } from './reason';

/** Captured ambient pods whose kubelet probes fail: probe SNAT from 169.254.7.127 blocked (facts §D26). */
export const ambientProbeFailing = defineReason({
  id: 'ambient-probe-failing',
  scope: 'pod',
  priority: 65,
  title: 'Ambient pod probes failing',
  cause:
    'In ambient mode kubelet probes reach the pod SNATed from 169.254.7.127; a default-deny network policy (Cilium) or EKS security groups for pods in strict mode drop them, so the pod never becomes Ready.',
  fix: 'Allow 169.254.7.127/32 to the pods: a CiliumClusterwideNetworkPolicy allowing that CIDR, or on EKS POD_SECURITY_GROUP_ENFORCING_MODE=standard (Istio ambient platform prerequisites).',
  evidence:
    '`ambient.istio.io/redirection: enabled` on a Running pod that is not Ready, with `Unhealthy` events `Readiness probe failed` / `Liveness probe failed`',
  refs: ['D26', 'istio/istio#49277'],
  scenario: 'ambient-edge-cases',
  look: { icon: 'pulse', severity: 'error' },
  classify: (p, ctx) => {
    if (p.redirection !== 'enabled' || p.phase !== 'Running' || p.healthy || p.terminating) return undefined;
    const probe = ctx.evidence.probes?.get(podKey(p.namespace, p.name));
    if (!probe) return undefined;
    return `Running, not Ready, captured by ambient; ${probe.count} probe failure${probe.count === 1 ? '' : 's'}: ${probe.message}`;
  },
});
