/** The Istio-owned copy must be the file the runtime uses. */
import { isIstioOwned } from '../istio';
import { type Rule, finding, rangeOf, related } from './rule';

export const istioOwnedConfigNotFirst: Rule = {
  id: 'istio-owned-config-not-first',
  title: 'Istio-owned CNI config is not the first config',
  severity: 'warning',
  source:
    'istio/istio cni/pkg/install/cniconfig.go@1.30.3 (istioOwnedCNIConfig, ISTIO_OWNED_CNI_CONF_FILENAME)',
  fixable: false,
  description:
    'With `istioOwnedCNIConfig: true` (1.27+, ambient) istio-cni writes its own copy of the primary config ' +
    '(`02-istio-cni.conflist`) that must sort first, so the runtime runs istio-cni while the primary file stays ' +
    'clean. If another file sorts before it, pods run without istio-cni. The agent logs "Istio owned CNI config ... ' +
    'has lower priority than ...". Rename it (e.g. `00-...`, via `istioOwnedCNIConfigFileName`) or remove the stale copy.',
  check(model) {
    const eff = model.effective;
    if (!eff) return [];
    return model.candidates
      .filter((f) => isIstioOwned(f) && f !== eff)
      .flatMap((owned) => {
        const message = `Istio owned CNI config ${owned.name} has lower priority than ${eff.name}: the runtime uses ${eff.name}, so pods run without the Istio-owned chain.`;
        return [
          finding(this, owned, rangeOf(owned), message, {
            related: [related(eff, 'sorts first and is used')],
          }),
          finding(this, eff, rangeOf(eff), message, { related: [related(owned, 'the Istio-owned config')] }),
        ];
      });
  },
};
