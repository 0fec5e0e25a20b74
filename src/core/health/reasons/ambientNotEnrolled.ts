import { defineReason } from './reason';

/** An ambient-labelled pod running without ambient.istio.io/redirection (facts §D27). */
export const ambientNotEnrolled = defineReason({
  id: 'ambient-not-enrolled',
  scope: 'pod',
  priority: 80,
  title: 'Ambient pod not captured',
  cause:
    'The pod or its namespace is labelled istio.io/dataplane-mode=ambient but the istio-cni agent never annotated it ambient.istio.io/redirection: its traffic bypasses the mesh. The usual cause is the namespace being in excludeNamespaces (default kube-system), or ambient not enabled in istio-cni.',
  fix: 'Take the namespace out of excludeNamespaces (or enable ambient in istio-cni), then restart the workload.',
  evidence:
    'a Running pod (not hostNetwork, not a sidecar pod) in a namespace labelled `istio.io/dataplane-mode=ambient`, or labelled so itself, without the `ambient.istio.io/redirection` annotation; the agent logs `... labeled for ambient mesh but is excluded by excludeNamespaces configuration`',
  refs: ['D27'],
  scenario: 'ambient-edge-cases',
  look: { icon: 'eye-closed', severity: 'error' },
  classify: (p, ctx) => {
    if (!p.started || p.phase !== 'Running' || p.sidecar || p.hostNetwork || p.terminating) return undefined;
    if (p.redirection !== undefined || p.dataplaneMode === 'none' || p.app === 'ztunnel') return undefined;
    if (p.dataplaneMode !== 'ambient' && !ctx.namespaceAmbient(p.namespace)) return undefined;
    const s = ctx.install?.settings;
    const why = s?.excludeNamespaces?.includes(p.namespace)
      ? `namespace ${p.namespace} is in istio-cni excludeNamespaces (${s.excludeNamespaces.join(',')})`
      : s?.ambient === false
        ? 'ambient is not enabled in istio-cni (AMBIENT_ENABLED=false)'
        : 'the istio-cni agent has not enrolled it';
    return `labelled for ambient but no ambient.istio.io/redirection annotation: ${why}`;
  },
});
