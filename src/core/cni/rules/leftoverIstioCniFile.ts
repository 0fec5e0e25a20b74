/** C-D14: files left behind by an older or differently configured istio-cni install. */
import { isLegacyEntry, istioEntries, isStandaloneIstio } from '../istio';
import { chainedIstioFiles } from '../model';
import { type Rule, finding, rangeOf, related } from './rule';

export const leftoverIstioCniFile: Rule = {
  id: 'leftover-istio-cni-file',
  title: 'Leftover file from an older istio-cni install',
  severity: 'info',
  source: 'C-D14',
  fixable: false,
  description:
    '`ZZZ-istio-cni-kubeconfig` is only used by pre-1.23 entries (1.23+ keeps the kubeconfig in ' +
    '`/var/run/istio-cni`); a standalone `YYY-istio-cni.conf` next to a chained install is left from a ' +
    '`chained: false` install. Neither is read any more; delete them to avoid confusion.',
  check(model) {
    const chained = chainedIstioFiles(model);
    const current = chained.filter((f) => istioEntries(f).some((e) => !isLegacyEntry(e)));
    const anyLegacy = chained.some((f) => istioEntries(f).some(isLegacyEntry));
    const out = [];
    const kubeconfig = model.byName.get('ZZZ-istio-cni-kubeconfig');
    const first = current[0];
    if (kubeconfig && first && !anyLegacy) {
      out.push(
        finding(
          this,
          kubeconfig,
          rangeOf(kubeconfig),
          `ZZZ-istio-cni-kubeconfig is left from Istio <= 1.22: the current entry in ${first.name} uses cni_agent_run_dir instead; delete it.`,
          { related: [related(first, 'current istio-cni entry', istioEntries(first)[0]?.node)] },
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
