import { podKey } from '../podFacts';
import { defineReason } from './reason';

/** Sandbox failures whose text does not name istio-cni: Multus, CRI-O, dockershim, old plugins (facts §D14, §D16, §D30). */
export const sandboxNetworkFailed = defineReason({
  id: 'sandbox-network-failed',
  scope: 'pod',
  priority: 25,
  title: 'Pod network setup failed (not in istio-cni)',
  short: 'Sandbox failed, not istio-cni',
  cause:
    "Pod sandbox creation failed in another CNI layer (Multus, the runtime's CNI wrapper or the primary plugin); with istio-cni these follow from its config: a missing standalone istio-cni.conf, a renamed file Multus waits for, or a cniVersion the primary plugin does not support.",
  fix: "{patternFix} Then check the node's CNI config directory ({cniLogs}).",
  evidence:
    'a `FailedCreatePodSandBox` event for the pod whose text does not name istio-cni: `No networks found in /etc/cni/multus/net.d`, `no network available in the name istio-cni`, Multus `ReadinessIndicatorFile` timeouts, the dockershim `NetworkPlugin cni failed to set up pod` form, `incompatible CNI versions`',
  refs: ['D14', 'D16', 'D30', 'istio/istio#32827', 'istio/istio#22449', 'istio/istio#10776'],
  scenario: 'multus-openshift',
  look: { icon: 'error', severity: 'error' },
  classify: (p, ctx) => {
    const s = ctx.evidence.sandbox.get(podKey(p.namespace, p.name));
    if (!s || p.healthy || s.namesIstioCni) return undefined;
    const times = s.count > 1 ? ` (x${s.count})` : '';
    return `FailedCreatePodSandBox${times}: ${s.title}: ${s.error}`;
  },
});
