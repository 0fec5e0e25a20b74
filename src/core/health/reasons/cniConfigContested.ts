import type { FindingDraft } from '../findings';
import { atLeast } from '../install';
import { agentLogNodes, hitTimes, quoteLine } from './helpers';
import { defineReason } from './reason';

/** Times the istio-cni entry must vanish from the file before it is a fight, not a one-off restart. */
const REMOVED_AGAIN = 2;
const FILE = /(\/\S+\.conf(?:list)?)\b/;

/** Who rewrites the file, from the agent's hint or the file name, and how to stop it. */
function writer(hint: string, file: string): { who: string; stop: string; ownedHelps: boolean } {
  if (/Cilium CNI was detected/.test(hint))
    return {
      // Exclusive mode renames every other file, an Istio-owned one included.
      ownedHelps: false,
      who: 'Cilium with cni.exclusive=true rewrites its 05-cilium.conflist and renames other configs to *.cilium_bak',
      stop: "Set Cilium's Helm value cni.exclusive=false (for Cilium installed with Helm as release cilium in kube-system: helm upgrade cilium cilium/cilium -n kube-system --reuse-values --set cni.exclusive=false), as Istio's platform guide for Cilium asks.",
    };
  if (/cilium/.test(file))
    return {
      ownedHelps: false,
      who: `the Cilium agent rewrote ${file} (when it starts, and on every change of the directory with cni.exclusive=true)`,
      stop: "Make sure Cilium runs with cni.exclusive=false (Istio's platform guide for Cilium) and find why cilium-agent restarts on the node.",
    };
  if (/kube-ovn/.test(file))
    return {
      ownedHelps: true,
      who: `kube-ovn-cni rewrites ${file} when it restarts (before Kube-OVN v1.13.15, v1.14.5, v1.15.0)`,
      stop: 'Upgrade Kube-OVN to v1.13.15, v1.14.5, v1.15.0 or later (kubeovn/kube-ovn#5558).',
    };
  return {
    ownedHelps: true,
    who: `another component (the primary CNI's installer, node bootstrap tooling) rewrites ${file || 'the CNI config'}`,
    stop: 'Configure that component not to overwrite the file istio-cni chains into.',
  };
}

/** Another component keeps removing istio-cni from the CNI config (facts §D10, §D11). */
export const cniConfigContested = defineReason({
  id: 'cni-config-contested',
  scope: 'node',
  title: 'Another component keeps removing istio-cni from the CNI config',
  cause:
    'Something else on the node rewrites the CNI config file istio-cni chains into, without the istio-cni entry; istio-cni puts it back, again and again. Pods created in each gap get no istio-cni (sidecar pods fail istio-validation, ambient pods bypass the mesh), and istio-cni-node flips between Ready and not ready.',
  fix: '{stop}{owned} Restart the pods started on {node} while the entry was missing.{valueFix}',
  evidence:
    'the istio-cni-node log: `Configuration has been reconciled multiple times in a short period of time` (with the `Hint: Cilium CNI was detected` the agent adds when the file is a Cilium one, 1.24+), or `istio-cni plugin not found in Istio CNI config at FILE` (1.27+; `istio-cni CNI config removed from CNI config file` 1.23-1.26) at least twice',
  versions: 'the reconcile warning from 1.24; `istioOwnedCNIConfig` from 1.27',
  refs: ['D10', 'D11', 'istio/istio#53169', 'istio/istio#55913', 'kubeovn/kube-ovn#5558'],
  scenario: 'agent-log',
  look: { icon: 'sync', severity: 'warning' },
  detect: (view) => {
    const out: FindingDraft[] = [];
    const newEnough = view.install !== null && atLeast(view.install.version, '1.27');
    for (const { node, hits } of agentLogNodes(view, [
      'config-reconciled-repeatedly',
      'istio-cni-config-removed',
    ])) {
      const loop = hits.find((h) => h.patternId === 'config-reconciled-repeatedly');
      const removed = hits.find((h) => h.patternId === 'istio-cni-config-removed');
      if (!loop && (!removed || removed.count < REMOVED_AGAIN)) continue;
      const file = FILE.exec(removed?.message ?? '')?.[1];
      const w = writer(loop?.message ?? '', file ?? '');
      const owned = newEnough && w.ownedHelps;
      const seen = [
        loop ? `${quoteLine(loop.message, 320)}${hitTimes(loop)}` : '',
        removed
          ? `istio-cni entry removed from ${file ?? 'the CNI config'} ${removed.count} time${removed.count === 1 ? '' : 's'}${removed.last ? ` (last ${removed.last})` : ''}`
          : '',
      ].filter(Boolean);
      out.push({
        subject: `Node/${node}`,
        node,
        detail: `${w.who}: ${seen.join('; ')}`,
        vars: {
          stop: w.stop,
          owned: owned
            ? ' On Istio 1.27+ you can also let istio-cni own its config file (istioOwnedCNIConfig=true), which other components do not rewrite.'
            : '',
        },
        ...(owned ? { values: [{ chart: 'cni' as const, path: 'istioOwnedCNIConfig', value: true }] } : {}),
      });
    }
    return out;
  },
});
