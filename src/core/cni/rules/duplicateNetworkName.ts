/** C-F11: two loadable configs in one directory share a network `name`. */
import { propertyValue } from '../parse';
import { isIstioOwned } from '../istio';
import { type Rule, finding, rangeOf, related } from './rule';

export const duplicateNetworkName: Rule = {
  id: 'duplicate-network-name',
  title: 'Network name used by several files',
  severity: 'warning',
  source: 'C-F11',
  fixable: false,
  description:
    'The CNI spec requires network names to be unique on a host; runtimes and Multus look networks up by name, so ' +
    "a duplicate makes it unclear which config a pod gets. The Istio-owned copy, which shares its primary's name on purpose, is not counted. Typical cause: istio-cni wrapped a `.conf` as " +
    '`k8s-pod-network` while Calico also uses `k8s-pod-network`.',
  check(model) {
    const byName = new Map<string, typeof model.candidates>();
    for (const f of model.candidates) {
      const n = f.value?.name;
      // The Istio-owned copy shares the primary's name on purpose.
      if (f.valid && typeof n === 'string' && !isIstioOwned(f)) byName.set(n, [...(byName.get(n) ?? []), f]);
    }
    return [...byName.entries()]
      .filter(([, files]) => files.length > 1)
      .flatMap(([name, files]) =>
        files.map((file) => {
          // Only the first few others are named; a directory of 1,000 clones must stay linear.
          const others = files
            .slice(0, 11)
            .filter((o) => o !== file)
            .slice(0, 10);
          const shown = others.slice(0, 5).map((o) => o.name);
          const rest = files.length - 1 - shown.length;
          const names = shown.join(', ') + (rest > 0 ? ` and ${rest} more` : '');
          return finding(
            this,
            file,
            rangeOf(file, propertyValue(file.root, 'name')),
            `Network name "${name}" is also used by ${names}; names must be unique per host, so lookups by name (Multus, runtimes) may pick the wrong config.`,
            { related: others.map((o) => related(o, `also named "${name}"`, propertyValue(o.root, 'name'))) },
          );
        }),
      );
  },
};
