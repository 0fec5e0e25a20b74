import { describeZtunnel } from '../findings';
import { podKey } from '../podFacts';
import { defineReason } from './reason';

/** FailedCreatePodSandBox whose text names istio-cni (facts §D5-§D9, §D12, §D18). */
export const sandboxCniFailed = defineReason({
  id: 'sandbox-cni-failed',
  scope: 'pod',
  priority: 20,
  title: 'Pod sandbox creation failed in istio-cni',
  short: 'Sandbox failed in istio-cni',
  cause: 'The istio-cni plugin returned an error to the container runtime, so the pod cannot get a network.',
  fix: '{patternFix} Read the istio-cni-node log on that node ({cniLogs}).',
  evidence:
    'a `FailedCreatePodSandBox` event naming istio-cni for a pod that is not running; the error text is classified with the log pattern catalog (binary missing, Unauthorized, localhost:8080, no ztunnel connection, agent unreachable, exit status 1, `sh` not found)',
  versions: '`failed to signal node Istio CNI agent` (1.21-1.25) became `failed to contact` in 1.26',
  refs: ['D5', 'D7', 'D8', 'D9', 'D12', 'D13', 'D18', 'istio/istio#58572', 'istio/istio#57432'],
  scenario: 'sandbox-cni-failed',
  look: { icon: 'error', severity: 'error' },
  classify: (p, ctx) => {
    const s = ctx.evidence.sandbox.get(podKey(p.namespace, p.name));
    if (!s || p.healthy || !s.namesIstioCni) return undefined;
    const times = s.count > 1 ? ` (x${s.count})` : '';
    const z =
      s.kind === 'no-ztunnel-connection' && ctx.ztunnel && p.node
        ? `; ${describeZtunnel(p.node, ctx.ztunnel.get(p.node))}`
        : '';
    return `FailedCreatePodSandBox${times}: ${s.title}: ${s.error}${z}`;
  },
});
