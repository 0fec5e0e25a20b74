/** Kube-OVN sorts before the intended primary CNI while Multus is present. */
import { isMultusFile } from '../multus';
import { type Rule, finding, list, rangeOf, related } from './rule';

const PRIMARY_TYPES = [
  'calico',
  'flannel',
  'cilium-cni',
  'ovn-k8s-cni-overlay',
  'antrea',
  'weave-net',
  'aws-cni',
];

export const kubeOvnBeforePrimary: Rule = {
  id: 'kube-ovn-before-primary',
  title: 'Kube-OVN sorts before the primary CNI under Multus',
  severity: 'warning',
  source:
    'kubeovn/kube-ovn pkg/daemon/config.go@v1.16.2 (01-kube-ovn.conflist); multus-cni cmd/thin_entrypoint/main.go@v4.3.0',
  fixable: false,
  description:
    'Kube-OVN installs `01-kube-ovn.conflist` by default, which sorts before most other primaries. If Kube-OVN is ' +
    'meant as a secondary network under Multus, both the runtime and Multus pick it as the default network, and ' +
    'istio-cni chains into it (kube-ovn#1314). Set Kube-OVN\'s `CNI_CONFIG_PRIORITY` higher (e.g. "90") and ' +
    '`NON_PRIMARY_CNI: true`.',
  check(model) {
    if (!model.candidates.some(isMultusFile)) return [];
    const valid = model.candidates.filter((f) => f.valid);
    return valid.flatMap((ovn, i) => {
      if (!ovn.plugins.some((p) => p.type === 'kube-ovn')) return [];
      const later = valid
        .slice(i + 1)
        .filter((f) => f.plugins.some((p) => PRIMARY_TYPES.includes(p.type ?? '')));
      if (later.length === 0) return [];
      const prio = /^(\d+)-/.exec(ovn.name)?.[1] ?? '?';
      return [
        finding(
          this,
          ovn,
          rangeOf(ovn),
          `Kube-OVN (priority ${prio}) sorts before ${list(later.map((f) => f.name))} and will be chosen as the default/master network; if it is meant as a secondary network, set CNI_CONFIG_PRIORITY higher (kube-ovn#1314).`,
          { related: later.slice(0, 10).map((f) => related(f, 'the other primary CNI')) },
        ),
      ];
    });
  },
};
