/** A thin-Multus delegate copy that no longer matches the file it was copied from. */
import { ISTIO_TYPE } from '../istio';
import { inlineTypes } from '../multus';
import { type Rule, finding, rangeOf, related } from './rule';

export const staleMultusDelegate: Rule = {
  id: 'stale-multus-delegate',
  title: 'Multus delegate is a stale copy of its master config',
  severity: 'warning',
  source: 'multus-cni cmd/thin_entrypoint/main.go@v4.3.0 (delegates hold a copy of the master config)',
  fixable: false,
  description:
    'Thin Multus embeds a verbatim copy of the master config in `delegates` when it generates `00-multus.conf`. If ' +
    'the master file changed later (for example istio-cni was added or removed), pods still run the old copy. ' +
    'Restart Multus so it regenerates its config.',
  check(model) {
    const eff = model.effective;
    if (!eff) return [];
    return (model.links.get(eff) ?? []).flatMap((link) => {
      const t = link.target;
      if (link.kind !== 'delegate' || !t || t === eff || !link.inline) return [];
      const copy = inlineTypes(link.inline);
      const master = t.plugins.map((p) => p.type ?? '');
      if (copy.join(',') === master.join(',')) return [];
      const istio =
        copy.includes(ISTIO_TYPE) !== master.includes(ISTIO_TYPE)
          ? ` (istio-cni is ${master.includes(ISTIO_TYPE) ? 'in the master but not in the copy' : 'in the copy but no longer in the master'})`
          : '';
      return [
        finding(
          this,
          eff,
          rangeOf(eff, link.node),
          `Multus delegate "${typeof link.inline.name === 'string' ? link.inline.name : '?'}" is a stale copy of ${t.name}: it runs [${copy.join(', ')}] but the file now has [${master.join(', ')}]${istio}. Pods run the old copy until Multus regenerates its config.`,
          { related: [related(t, 'the master config it was copied from')] },
        ),
      ];
    });
  },
};
