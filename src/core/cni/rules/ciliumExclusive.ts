/**
 * Cilium in exclusive mode keeps removing istio-cni. Reported only when the directory shows it:
 * Cilium's config is there, other configs were renamed to `*.cilium_bak` (cilium/cilium
 * `daemon/cmd/cni/config.go` `cleanupOtherCNI`) and no other config is left intact.
 */
import { type Rule, finding, list, rangeOf } from './rule';

export const ciliumExclusive: Rule = {
  id: 'cilium-exclusive',
  title: 'Cilium runs with cni.exclusive=true',
  severity: 'warning',
  source:
    'Istio docs: Platform-specific prerequisites, Cilium (cni.exclusive=false); cilium/cilium daemon/cmd/cni/config.go (cleanupOtherCNI)',
  fixable: false,
  description:
    'With `cni.exclusive=true` (the Helm default) Cilium renames every other `.conf`/`.conflist`/`.json` to ' +
    "`*.cilium_bak` and rewrites `05-cilium.conflist` whenever the directory changes, which removes istio-cni's " +
    'entry; istio-cni-node then keeps re-adding it ("Configuration has been reconciled multiple times"). Reported only ' +
    "when the directory shows it: renamed `*.cilium_bak` files and no other config left intact. Set Cilium's " +
    '`cni.exclusive=false`, as the Istio platform guide for Cilium asks.',
  check(model) {
    const cilium = model.candidates.filter((f) => f.plugins.some((p) => p.type === 'cilium-cni'));
    const baks = model.files.filter((f) => f.name.endsWith('.cilium_bak')).map((f) => f.name);
    const othersIntact = model.candidates.some((f) => !cilium.includes(f));
    if (cilium.length === 0 || baks.length === 0 || othersIntact) return [];
    return cilium.map((file) =>
      finding(
        this,
        file,
        rangeOf(file),
        `Cilium runs with cni.exclusive=true: it renamed the other configs (${list(baks)}) and will keep removing istio-cni from ${file.name}, so pods bypass the mesh. Set Cilium's cni.exclusive=false.`,
      ),
    );
  },
};
