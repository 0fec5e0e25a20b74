/**
 * Advice: several loadable configs could be the default network; pin the one istio-cni should
 * chain into. A file a Multus config delegates to (thin `delegates`, thick `clusterNetwork`) is
 * the network Multus runs, not a competing default, so Multus layouts do not count it.
 */
import { isIstioOwned, isStandaloneIstio } from '../istio';
import { referencedFiles } from '../model';
import { isMultusFile } from '../multus';
import { type Rule, finding, list, rangeOf, related } from './rule';

export const multiplePrimaryConfigs: Rule = {
  id: 'multiple-primary-configs',
  title: 'Several CNI configs could be the default network',
  severity: 'info',
  source:
    'Istio docs: Install Istio with the Istio CNI node agent (cni.cniConfFileName); istio/istio cni/pkg/install/cniconfig.go@1.30.3 (getDefaultCNINetwork)',
  fixable: true,
  description:
    'More than one loadable config sits in the directory and none of them is a Multus delegate of another. The ' +
    'runtime uses the first in byte order and istio-cni, unless told otherwise, chains into the first valid ' +
    '`.conf`/`.conflist`; a new file or a rename silently moves the default network and leaves istio-cni behind. ' +
    'Set `cni.cniConfFileName` explicitly. Files a Multus config delegates to (`delegates`, `clusterNetwork`) are not ' +
    'competing defaults and are not counted. Quick fix: copy the Helm values snippet (it is not applied to any file).',
  check(model) {
    const delegated = new Set(
      model.candidates.filter(isMultusFile).flatMap((f) => referencedFiles(model, f)),
    );
    const primaries = model.candidates.filter(
      (f) => f.valid && !isIstioOwned(f) && !isStandaloneIstio(f) && !delegated.has(f),
    );
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
