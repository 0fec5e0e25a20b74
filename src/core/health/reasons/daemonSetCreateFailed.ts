import type { FindingDraft } from '../findings';
import { defineReason } from './reason';

/** The DaemonSet cannot create pods: GKE's system-node-critical quota, PSA, ... (facts §D29). */
export const daemonSetCreateFailed = defineReason({
  id: 'daemonset-create-failed',
  scope: 'install',
  title: 'DaemonSet cannot create its pods',
  cause:
    'The DaemonSet controller is refused when it creates the pods. On GKE the system-node-critical PriorityClass is only allowed in namespaces with a ResourceQuota for it, so istio-cni-node or ztunnel outside kube-system gets "insufficient quota".',
  fix: 'Install istio-cni and ztunnel in kube-system, or create a ResourceQuota for PriorityClass system-node-critical in {namespace} (the chart does it with resourceQuotas.enabled=true; the GKE platform profile sets it).',
  evidence:
    '`FailedCreate` events on the `istio-cni-node` or `ztunnel` DaemonSet (e.g. `insufficient quota to match these scopes: [{PriorityClass In [system-node-critical system-cluster-critical]}]`)',
  refs: ['D29'],
  scenario: 'node-evidence',
  look: { icon: 'warning', severity: 'error' },
  values: [{ chart: 'cni', path: 'resourceQuotas.enabled', value: true }],
  detect: (view) => {
    const out: FindingDraft[] = [];
    const seen = new Set<string>();
    for (const e of view.evidence.daemonSetFailures ?? []) {
      const ns = e.involvedObject?.namespace ?? e.metadata?.namespace ?? '';
      const name = e.involvedObject?.name ?? '';
      if (seen.has(`${ns}/${name}`)) continue;
      seen.add(`${ns}/${name}`);
      const msg = (e.message ?? '').replace(/\s+/g, ' ').trim().slice(0, 240);
      out.push({
        subject: `DaemonSet/${ns}/${name}`,
        node: '',
        detail: `FailedCreate${e.count && e.count > 1 ? ` (x${e.count})` : ''}: ${msg}`,
        vars: { namespace: ns },
      });
    }
    return out;
  },
});
