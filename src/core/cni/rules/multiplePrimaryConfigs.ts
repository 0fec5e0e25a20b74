/** Advice: several loadable configs; pin the one istio-cni should chain into. */
import { isIstioOwned, isStandaloneIstio } from '../istio';
import { type Rule, finding, list, rangeOf, related } from './rule';

export const multiplePrimaryConfigs: Rule = {
  id: 'multiple-primary-configs',
  title: 'Several CNI configs could be the default network',
  severity: 'info',
  source: 'Istio CNI troubleshooting guide',
  fixable: true,
  description:
    'More than one loadable config sits in the directory (typical with Multus + Kube-OVN or Multus + Calico). The ' +
    'runtime uses the first in byte order and istio-cni, unless told otherwise, chains into the first valid ' +
    '`.conf`/`.conflist`; a new file or a rename silently moves the default network and leaves istio-cni behind. ' +
    'The Istio troubleshooting guide recommends setting `cni.cniConfFileName` explicitly. Quick fix: copy the Helm ' +
    'values snippet (it is not applied to any file).',
  check(model) {
    const primaries = model.candidates.filter((f) => f.valid && !isIstioOwned(f) && !isStandaloneIstio(f));
    const chosen = primaries[0];
    if (primaries.length < 2 || !chosen) return [];
    const snippet = `cni:\n  cniConfFileName: ${chosen.name}\n`;
    const message = `${primaries.length} CNI configs could be the default network (${list(primaries.map((f) => f.name))}); the runtime uses ${chosen.name}. Set cni.cniConfFileName so istio-cni keeps chaining into the intended file when files change.`;
    return primaries.map((file) =>
      finding(this, file, rangeOf(file), message, {
        fix: { kind: 'helmSnippet', title: `Copy Helm values: cni.cniConfFileName: ${chosen.name}`, snippet },
        related: primaries
          .slice(0, 11)
          .filter((p) => p !== file)
          .slice(0, 10)
          .map((p) => related(p, 'another candidate default network')),
      }),
    );
  },
};
