/** C-D12: Cilium in exclusive mode keeps removing istio-cni. */
import { istioEntries } from '../istio';
import { chainedIstioFiles } from '../model';
import { type Rule, finding, list, rangeOf } from './rule';

export const ciliumExclusive: Rule = {
  id: 'cilium-exclusive',
  title: 'Cilium runs with cni.exclusive=true',
  severity: 'warning',
  source: 'C-D12',
  fixable: false,
  description:
    'With `cni.exclusive=true` (the Helm default) Cilium renames every other CNI config to `*.cilium_bak` and ' +
    "rewrites `05-cilium.conflist` whenever the directory changes, which removes istio-cni's entry; istio-cni-node " +
    'then stays 0/1 with "Configuration has been reconciled multiple times". Set Cilium\'s `cni.exclusive=false`.',
  check(model) {
    const cilium = model.candidates.filter((f) => f.plugins.some((p) => p.type === 'cilium-cni'));
    const baks = model.files.filter((f) => f.name.endsWith('.cilium_bak')).map((f) => f.name);
    const istioElsewhere = chainedIstioFiles(model).length > 0;
    const targets = cilium.length > 0 ? cilium : model.effective && baks.length > 0 ? [model.effective] : [];
    return targets.flatMap((file) => {
      const lacksIstio = istioElsewhere && istioEntries(file).length === 0 && cilium.includes(file);
      if (baks.length === 0 && !lacksIstio) return [];
      const why =
        baks.length > 0
          ? `renamed files are present (${list(baks)})`
          : `${file.name} has no istio-cni entry although istio-cni is installed`;
      return [
        finding(
          this,
          file,
          rangeOf(file),
          `Cilium appears to run with cni.exclusive=true: ${why}. It will keep removing istio-cni from the chain, so pods bypass the mesh; set cni.exclusive=false.`,
        ),
      ];
    });
  },
};
