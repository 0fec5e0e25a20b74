/** istio-cni is installed in the directory, but not where the runtime looks. */
import { istioEntries, isIstioOwned, isStandaloneIstio } from '../istio';
import { chainedIstioFiles, istioReach } from '../model';
import { type Rule, finding, list, rangeOf, related } from './rule';

export const istioCniNotInEffectiveChain: Rule = {
  id: 'istio-cni-not-in-effective-chain',
  title: 'istio-cni is not in the chain the runtime uses',
  severity: 'error',
  source:
    'Istio docs: Install Istio with the Istio CNI node agent (cni.cniConfFileName); istio/istio cni/pkg/install/cniconfig.go@1.30.3 (getDefaultCNINetwork)',
  fixable: true,
  description:
    'An istio-cni entry exists in the directory, but the file the runtime uses (the first loadable one in byte ' +
    'order) does not run it, neither directly nor through a Multus delegate or `clusterNetwork`. New sidecar pods ' +
    'fail `istio-validation` (exit 126, "iptables validation failed") and ambient pods are not captured. Point ' +
    '`cni.cniConfFileName` at the file the runtime uses (quick fix: Helm values snippet), or remove the foreign ' +
    'higher-priority file, then restart istio-cni-node on the node.',
  check(model) {
    const eff = model.effective;
    // An Istio-owned copy that lost the race for first place is istio-owned-config-not-first's job.
    const installed = chainedIstioFiles(model).filter((f) => f !== eff && !isIstioOwned(f));
    if (!eff || isStandaloneIstio(eff) || installed.length === 0 || istioReach(model, eff).length > 0)
      return [];
    const message = `istio-cni is installed (in ${list(installed.map((f) => f.name))}) but the runtime uses ${eff.name}, which does not run it: new sidecar pods fail istio-validation (exit 126) and ambient pods are not captured.`;
    const fix = {
      kind: 'helmSnippet' as const,
      title: `Copy Helm values: cni.cniConfFileName: ${eff.name}`,
      snippet: `cni:\n  cniConfFileName: ${eff.name}\n`,
    };
    return [
      finding(this, eff, rangeOf(eff), message, {
        fix,
        related: installed
          .slice(0, 10)
          .map((f) => related(f, 'istio-cni entry that is never used', istioEntries(f)[0]?.node)),
      }),
      ...installed.map((f) =>
        finding(this, f, rangeOf(f, istioEntries(f)[0]?.node), message, {
          fix,
          related: [related(eff, 'the file the runtime uses')],
        }),
      ),
    ];
  },
};
