/** Multus delegation that leads back to a Multus config. */
import { type ConfigFile } from '../parse';
import { type DelegationLink, isMultusFile } from '../multus';
import { type DirectoryModel } from '../model';
import { type Finding } from '../types';
import { type Rule, finding, rangeOf, related } from './rule';

function cycles(model: DirectoryModel): DelegationLink[][] {
  const found = new Map<string, DelegationLink[]>();
  const walk = (file: ConfigFile, path: DelegationLink[], seen: ConfigFile[]): void => {
    for (const link of model.links.get(file) ?? []) {
      const t = link.target;
      if (!t || !isMultusFile(t)) continue;
      const at = seen.indexOf(t);
      if (at >= 0) {
        const cycle = [...path, link].slice(at);
        const key = cycle
          .map((l) => l.from.name)
          .sort()
          .join('|');
        if (!found.has(key)) found.set(key, cycle);
      } else if (seen.length < 50) {
        walk(t, [...path, link], [...seen, t]);
      }
    }
  };
  for (const f of model.links.keys()) walk(f, [], [f]);
  return [...found.values()];
}

export const circularDelegation: Rule = {
  id: 'circular-delegation',
  title: 'Circular Multus delegation',
  severity: 'error',
  source: 'multus-cni pkg/k8sclient/k8sclient.go@v4.3.0 (getNetDelegate); cmd/thin_entrypoint/main.go@v4.3.0',
  fixable: false,
  description:
    "A Multus `delegates` entry or `clusterNetwork` (a path, a directory's first file, or a network name) leads " +
    'back to a Multus config. Multus only guards against `clusterNetwork` pointing at its own `00-multus.conf`; other ' +
    "loops make every pod's ADD recurse or fail. A common cause is `istioOwnedCNIConfig: true` with Multus " +
    'auto-config: each copies the other. Point Multus at the real primary (`--multus-master-cni-file-name`), and do ' +
    'not combine the Istio-owned config with Multus auto-config.',
  check(model) {
    const out: Finding[] = [];
    for (const cycle of cycles(model)) {
      const names = [...cycle.map((l) => l.from.name), cycle[0]?.from.name ?? ''];
      const message = `Circular CNI delegation: ${names.join(' -> ')}. Multus follows it for every pod, so pod creation on this node fails.`;
      for (const link of cycle) {
        out.push(
          finding(this, link.from, rangeOf(link.from, link.node), message, {
            related: cycle
              .filter((l) => l !== link)
              .map((l) => related(l.from, `${l.kind} of ${l.from.name}`, l.node)),
          }),
        );
      }
    }
    return out;
  },
};
