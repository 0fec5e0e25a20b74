/** The Istio-owned copy no longer matches the primary config. */
import { isIstioOwned, isStandaloneIstio, nonIstioTypes } from '../istio';
import { type Rule, finding, list, rangeOf, related } from './rule';

export const istioOwnedConfigStale: Rule = {
  id: 'istio-owned-config-stale',
  title: 'Istio-owned CNI config is missing plugins of the primary config',
  severity: 'warning',
  source:
    'istio/istio cni/pkg/install/cniconfig.go@1.30.3 (istioOwnedCNIConfig, ISTIO_OWNED_CNI_CONF_FILENAME)',
  fixable: false,
  description:
    'The Istio-owned config is a copy of the primary config plus istio-cni. When the primary changes (a CNI upgrade ' +
    'adds a plugin), the copy must follow; otherwise pods run the old chain. The agent logs "plugin of type ... from ' +
    'primary CNI config is missing in Istio CNI config file". Restart istio-cni-node so it rewrites the copy.',
  check(model) {
    return model.candidates.filter(isIstioOwned).flatMap((owned) => {
      const primary = model.candidates.find(
        (f) => f.valid && f !== owned && !isIstioOwned(f) && !isStandaloneIstio(f),
      );
      if (!primary) return [];
      const have = new Set(nonIstioTypes(owned));
      const missing = nonIstioTypes(primary).filter((t) => !have.has(t));
      if (missing.length === 0) return [];
      return [
        finding(
          this,
          owned,
          rangeOf(owned),
          `Plugin type ${list(missing)} from the primary CNI config ${primary.name} is missing in the Istio-owned config ${owned.name}: pods run an outdated chain.`,
          { related: [related(primary, 'the primary config')] },
        ),
      ];
    });
  },
};
