/** C-D08: istio-cni reachable twice for one pod, in the chain and through Multus. */
import { istioEntries } from '../istio';
import { istioReach, type IstioReach } from '../model';
import { type RelatedLocation } from '../types';
import { type Rule, finding, rangeOf, related } from './rule';

function describe(r: IstioReach): string {
  if (r.via === 'chain') return `the ${r.file.name} chain`;
  if (r.via === 'delegate')
    return `the Multus delegate "${typeof r.link?.inline?.name === 'string' ? r.link.inline.name : '?'}" inside ${r.file.name}`;
  return `the clusterNetwork target ${r.file.name}`;
}

function location(r: IstioReach): RelatedLocation {
  if (r.via === 'delegate')
    return related(r.file, 'istio-cni inside this Multus delegate copy', r.link?.node);
  return related(r.file, `istio-cni in ${r.file.name}`, istioEntries(r.file)[0]?.node);
}

export const istioCniRunsTwice: Rule = {
  id: 'istio-cni-runs-twice',
  title: 'istio-cni runs twice for one pod (chain and Multus delegate)',
  severity: 'error',
  source: 'C-D08',
  fixable: false,
  description:
    'istio-cni is in the chain the runtime uses *and* in a Multus delegate or `clusterNetwork` target, so it runs ' +
    'twice for the same pod network namespace. Sidecar pods fail with `plugin type="istio-cni" ... failed (add): ' +
    'exit status 1` (iptables-restore conflict, istio/istio#57432); ambient pods fail with ipset `exist` ' +
    '(#52761). Typical with Multus + Calico or Multus + Kube-OVN when istio-cni was installed once into the delegate ' +
    'file and later into the Multus file. Keep istio-cni at exactly one level (prefer the Multus top level) and set ' +
    '`cni.cniConfFileName` deliberately.',
  check(model) {
    const eff = model.effective;
    if (!eff) return [];
    const reach = istioReach(model, eff);
    if (reach.length < 2 || reach.every((r) => r.via === 'chain')) return [];
    const places = reach.map(describe);
    const message = `istio-cni will run ${reach.length} times for each pod (${places.join('; ')}): the second run fails pod creation (sidecar: iptables-restore "exit status 1"; ambient: ipset "exist"). Keep istio-cni at one level only.`;
    const locations = reach.map(location);
    // The file a delegate copy was taken from is involved too: its entry is what got copied.
    const sources = reach
      .map((r) => r.link?.target)
      .filter((t): t is NonNullable<typeof t> => t !== undefined && istioEntries(t).length > 0);
    for (const s of sources)
      if (!locations.some((l) => l.file === s.path))
        locations.push(
          related(s, `istio-cni in ${s.name} (copied into the Multus delegate)`, istioEntries(s)[0]?.node),
        );
    const files = [...new Set([...reach.map((r) => r.file), ...sources])];
    return files.map((file) => {
      const own = locations.find((l) => l.file === file.path);
      const range = own?.range ?? rangeOf(file);
      return finding(this, file, range, message, { related: locations.filter((l) => l !== own) });
    });
  },
};
