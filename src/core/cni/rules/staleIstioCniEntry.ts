/** An istio-cni entry in a file no runtime will use, while another one is active. */
import { istioEntries, isIstioOwned, isStandaloneIstio } from '../istio';
import { istioReach, referencedFiles } from '../model';
import { type Rule, finding, rangeOf, related, removeElementEdit } from './rule';

export const staleIstioCniEntry: Rule = {
  id: 'stale-istio-cni-entry',
  title: 'istio-cni entry in a file no runtime uses',
  severity: 'warning',
  source: 'istio/istio cni/pkg/install/cniconfig.go@1.30.3 (writeCNIConfig writes one file only)',
  fixable: true,
  description:
    'istio-cni runs from the active config, but another file that the runtime never uses (and that no Multus config ' +
    'references) also carries an entry: usually left from an install with a different `cniConfFileName`, or from a ' +
    'primary CNI that moved. It becomes active, possibly outdated, as soon as the file order changes. Quick fix: ' +
    'remove the entry. (When the active config has no istio-cni at all, `istio-cni-not-in-effective-chain` reports ' +
    'instead.)',
  check(model) {
    const eff = model.effective;
    if (!eff || istioReach(model, eff).length === 0) return [];
    const used = new Set([eff, ...referencedFiles(model, eff)]);
    return model.candidates
      .filter((f) => !used.has(f) && !isStandaloneIstio(f) && !isIstioOwned(f) && f.kind === 'conflist')
      .flatMap((f) =>
        istioEntries(f).map((e) =>
          finding(
            this,
            f,
            rangeOf(f, e.node),
            `This istio-cni entry in ${f.name} is never executed: the runtime uses ${eff.name}. It becomes active (and possibly outdated) if the file order changes; remove it.`,
            {
              related: [related(eff, 'the file the runtime uses')],
              fix: {
                kind: 'edits',
                title: 'Remove this stale istio-cni entry',
                edits: [removeElementEdit(f, e.node)],
              },
            },
          ),
        ),
      );
  },
};
