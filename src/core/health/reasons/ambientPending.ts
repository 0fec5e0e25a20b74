import { describeZtunnel } from '../findings';
import { defineReason } from './reason';

/** ambient.istio.io/redirection: pending (facts §D28). */
export const ambientPending = defineReason({
  id: 'ambient-pending',
  scope: 'pod',
  priority: 60,
  title: 'Ambient redirection pending',
  cause:
    'ambient.istio.io/redirection is pending: iptables are in place but ztunnel has not accepted the pod, so it has no traffic.',
  fix: 'Check ztunnel on {node} is Running and connected to the istio-cni node agent ({ztunnelLogs}).',
  evidence: 'annotation `ambient.istio.io/redirection: pending`',
  refs: ['D28', 'D8'],
  scenario: 'ambient-pending',
  look: { icon: 'watch', severity: 'warning' },
  classify: (p, ctx) => {
    if (p.redirection !== 'pending' || p.terminating) return undefined;
    const z = ctx.ztunnel?.size && p.node ? `; ${describeZtunnel(p.node, ctx.ztunnel.get(p.node))}` : '';
    return `ambient.istio.io/redirection=pending (${p.status}): ztunnel has not accepted the pod, it has no traffic${z}`;
  },
});
