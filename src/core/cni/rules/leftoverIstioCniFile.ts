/** Files left behind by an older or differently configured istio-cni install. */
import { isLegacyEntry, istioEntries, isStandaloneIstio } from '../istio';
import { chainedIstioFiles } from '../model';
import { type Rule, finding, rangeOf, related } from './rule';

export const leftoverIstioCniFile: Rule = {
  id: 'leftover-istio-cni-file',
  title: 'Leftover file from an older istio-cni install',
  severity: 'info',
  source:
    'istio/istio cni/pkg/install/kubeconfig.go@1.23.0 (ZZZ-istio-cni-kubeconfig in the CNI dir) and @1.23.1 (moved to cni_agent_run_dir); cni/pkg/install/cniconfig.go@1.30.3 (YYY-istio-cni.conf when chained: false)',
  fixable: false,
  description:
    '`ZZZ-istio-cni-kubeconfig` is only used by entries of Istio 1.23.0 and older (1.23+ keeps the kubeconfig in ' +
    '`/var/run/istio-cni`); a standalone `YYY-istio-cni.conf` next to a chained install is left from a ' +
    '`chained: false` install. Neither is read any more; delete them to avoid confusion.',
  check(model) {
    const chained = chainedIstioFiles(model);
    const current = chained.filter((f) => istioEntries(f).some((e) => !isLegacyEntry(e)));
    const anyLegacy = chained.some((f) => istioEntries(f).some(isLegacyEntry));
    const out = [];
    const kubeconfig = model.byName.get('ZZZ-istio-cni-kubeconfig');
    const first = current[0];
    if (kubeconfig && !anyLegacy) {
      out.push(
        finding(
          this,
          kubeconfig,
          rangeOf(kubeconfig),
          first
            ? `ZZZ-istio-cni-kubeconfig is left from Istio 1.23.0 or older: the current entry in ${first.name} uses cni_agent_run_dir instead; delete it.`
            : 'ZZZ-istio-cni-kubeconfig is left from Istio 1.23.0 or older: no istio-cni entry here reads it (1.23.1+ keeps its kubeconfig in /var/run/istio-cni); delete it.',
          first ? { related: [related(first, 'current istio-cni entry', istioEntries(first)[0]?.node)] } : {},
        ),
      );
    }
    for (const f of model.candidates.filter((c) => isStandaloneIstio(c) && c !== model.effective)) {
      const c = chained[0];
      if (c)
        out.push(
          finding(
            this,
            f,
            rangeOf(f),
            `${f.name} is a standalone (chained: false) istio-cni config, but istio-cni is chained into ${c.name}; this file is left from another install and is not used here.`,
            { related: [related(c, 'chained istio-cni entry')] },
          ),
        );
    }
    return out;
  },
};
