/** istio-cni will wrap a .conf newer than 0.3.1 into a 0.3.1 list. */
import { istioEntries } from '../istio';
import { propertyValue } from '../parse';
import { compareVersions, KNOWN_CNI_VERSIONS } from '../versions';
import { type Rule, finding, rangeOf } from './rule';

export const istioCniDowngradesConf: Rule = {
  id: 'istio-cni-downgrades-conf',
  title: 'istio-cni will downgrade this .conf to cniVersion 0.3.1',
  severity: 'info',
  source:
    'istio/istio cni/pkg/install/cniconfig.go@1.30.3 (insertCNIConfig wraps a .conf with cniVersion 0.3.1)',
  fixable: false,
  description:
    'When the file istio-cni chains into is a single `.conf`, the installer wraps it as ' +
    '`{"name":"k8s-pod-network","cniVersion":"0.3.1","plugins":[...]}` and renames it to `.conflist`. A config ' +
    'written for a newer spec version loses features (CHECK, GC, STATUS) and its network name changes.',
  check(model) {
    const t = model.istioTarget;
    const v = t?.value?.cniVersion;
    if (
      !t ||
      t.kind !== 'conf' ||
      istioEntries(t).length > 0 ||
      typeof v !== 'string' ||
      !KNOWN_CNI_VERSIONS.includes(v) ||
      compareVersions(v, '0.3.1') <= 0
    )
      return [];
    return [
      finding(
        this,
        t,
        rangeOf(t, propertyValue(t.root, 'cniVersion')),
        `istio-cni will wrap ${t.name} into a list with cniVersion 0.3.1 and name "k8s-pod-network" (renaming it to ${t.name}list): features of cniVersion ${v} are lost.`,
      ),
    ];
  },
};
