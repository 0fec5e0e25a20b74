/**
 * istio-cni reachable twice for one pod: in the chain and through Multus (istio/istio#57432,
 * #52761). Each involved file gets the finding with a fix that edits that file only: remove
 * istio-cni from the Multus delegate copy (or from the delegated file), plus the Helm
 * `cni.cniConfFileName` value that keeps Istio's installer writing into one file only.
 */
import { type Node } from 'jsonc-parser';
import { ISTIO_TYPE, istioEntries } from '../istio';
import { istioReach, type DirectoryModel, type IstioReach } from '../model';
import { type ConfigFile, propertyValue } from '../parse';
import { type Fix, type RelatedLocation } from '../types';
import { type Rule, finding, rangeOf, related, removeElementEdit } from './rule';

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

/** The istio-cni element inside a delegate copy: a plugin of a conflist copy, or the delegate itself. */
function istioInDelegate(delegate: Node): Node | undefined {
  const plugins = propertyValue(delegate, 'plugins');
  const list = plugins?.type === 'array' ? (plugins.children ?? []) : [delegate];
  return list.find((p) => propertyValue(p, 'type')?.value === ISTIO_TYPE);
}

function removal(file: ConfigFile, node: Node | undefined, what: string): Fix | undefined {
  if (!node?.parent || node.parent.type !== 'array') return undefined;
  return {
    kind: 'edits',
    title: `Remove istio-cni from ${what}`,
    edits: [removeElementEdit(file, node)],
    preview: true,
  };
}

/** Where Istio's installer writes its entry by default: the first valid .conf/.conflist. */
function readdedTo(model: DirectoryModel): string {
  const t = model.istioTarget;
  return t
    ? `Istio's installer re-adds its entry to ${t.name} (the first valid .conf/.conflist, unless cni.cniConfFileName names another file) each time istio-cni-node starts`
    : "Istio's installer re-adds its entry to the file cni.cniConfFileName names each time istio-cni-node starts";
}

export const istioCniRunsTwice: Rule = {
  id: 'istio-cni-runs-twice',
  title: 'istio-cni runs twice for one pod (chain and Multus delegate)',
  severity: 'error',
  source:
    'istio/istio#57432; istio/istio#52761; istio/istio cni/pkg/install/cniconfig.go@1.30.3 (insertCNIConfig)',
  fixable: true,
  description:
    'istio-cni is in the chain the runtime uses *and* in a Multus delegate or `clusterNetwork` target, so it runs ' +
    'twice for the same pod network namespace. Sidecar pods fail with `plugin type="istio-cni" ... failed (add): ' +
    'exit status 1` (iptables-restore conflict, istio/istio#57432); ambient pods fail with ipset `exist` ' +
    '(istio/istio#52761). Typical with Multus + Calico or Multus + Kube-OVN when istio-cni was installed once into ' +
    'the delegate file and later into the Multus file. Quick fixes: remove istio-cni from the Multus delegate copy ' +
    '(a previewed edit of that file only) or from the delegated file; the durable fix is the Helm value ' +
    '`cni.cniConfFileName` naming the Multus file, so the installer writes into one file only. The message says ' +
    "which file Istio's installer re-adds its entry to.",
  check(model) {
    const eff = model.effective;
    if (!eff) return [];
    const reach = istioReach(model, eff);
    if (reach.length < 2 || reach.every((r) => r.via === 'chain')) return [];
    const places = reach.map(describe);
    const message = `istio-cni will run ${reach.length} times for each pod (${places.join('; ')}): the second run fails pod creation (sidecar: iptables-restore "exit status 1"; ambient: ipset "exist"). Keep istio-cni at one level only; ${readdedTo(model)}.`;
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
    const snippet: Fix = {
      kind: 'helmSnippet',
      title: `Copy Helm values: cni.cniConfFileName: ${eff.name} (istio-cni in the Multus file only)`,
      snippet: `cni:\n  cniConfFileName: ${eff.name}\n`,
    };
    const files = [...new Set([...reach.map((r) => r.file), ...sources])];
    return files.map((file) => {
      const own = locations.find((l) => l.file === file.path);
      const range = own?.range ?? rangeOf(file);
      const delegate = reach.find((r) => r.file === file && r.via === 'delegate');
      const fix =
        delegate?.link !== undefined
          ? removal(file, istioInDelegate(delegate.link.node), 'the Multus delegate copy')
          : file !== eff
            ? removal(file, istioEntries(file)[0]?.node, file.name)
            : undefined;
      return finding(this, file, range, message, {
        related: locations.filter((l) => l !== own),
        ...(fix ? { fix, moreFixes: [snippet] } : { fix: snippet }),
      });
    });
  },
};
