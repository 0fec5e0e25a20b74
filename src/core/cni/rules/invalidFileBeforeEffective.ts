/** An invalid file sorts before the first valid one. */
import { type Rule, finding, list, rangeOf, related } from './rule';

export const invalidFileBeforeEffective: Rule = {
  id: 'invalid-file-before-effective',
  title: 'Invalid file sorts before the active config',
  severity: 'error',
  source: 'containerd go-cni loadFromConfDir (aborts on an invalid file); CRI-O ocicni (skips it)',
  fixable: false,
  description:
    'containerd loads files in byte order and aborts on the first invalid one ("cni config load failed: ... ' +
    'invalid cni config"), so no pod on the node can be created. CRI-O and the istio-cni installer skip it ' +
    '(a warning with `runtime: cri-o`), which means Istio may have chained itself into a later file. Fix or remove ' +
    'the invalid file.',
  check(model) {
    const eff = model.effective;
    if (!eff || model.blockers.length === 0) return [];
    const severity = model.runtime === 'containerd' ? 'error' : 'warning';
    const effect =
      model.runtime === 'containerd'
        ? 'containerd aborts CNI loading on it ("cni config load failed ... invalid cni config") and no pod on this node can be created'
        : `CRI-O skips it and uses ${eff.name}`;
    const names = model.blockers.map((b) => b.name);
    return [
      ...model.blockers.map((b) =>
        finding(
          this,
          b,
          rangeOf(b),
          `${b.name} is invalid (${b.invalidReason ?? 'invalid'}) and sorts before ${eff.name}: ${effect}.`,
          { severity, related: [related(eff, 'the first valid config')] },
        ),
      ),
      finding(
        this,
        eff,
        rangeOf(eff),
        `Invalid ${names.length > 1 ? 'files' : 'file'} ${list(names)} ${names.length > 1 ? 'sort' : 'sorts'} before ${eff.name}: ${effect}.`,
        {
          severity,
          related: model.blockers.slice(0, 10).map((b) => related(b, `invalid: ${b.invalidReason ?? ''}`)),
        },
      ),
    ];
  },
};
