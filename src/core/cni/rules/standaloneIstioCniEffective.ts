/** The standalone istio-cni file is the default network. */
import { isStandaloneIstio } from '../istio';
import { dirName } from '../text';
import { type Rule, finding, rangeOf } from './rule';

export const standaloneIstioCniEffective: Rule = {
  id: 'standalone-istio-cni-effective',
  title: 'Standalone istio-cni config is the default network',
  severity: 'error',
  source: 'istio/istio cni/pkg/install/cniconfig.go@1.30.3 (YYY-istio-cni.conf when chained: false)',
  fixable: false,
  description:
    "The standalone file (`chained: false`, e.g. `YYY-istio-cni.conf`) is meant for Multus's confDir " +
    '(`/etc/cni/multus/net.d`), where pods opt in through `k8s.v1.cni.cncf.io/networks`. If it is the first config ' +
    "in the runtime's directory, it becomes the default network and pods get no IP. Move it to the Multus confDir.",
  check(model) {
    const eff = model.effective;
    // In Multus's confDir the standalone file is exactly where it belongs.
    if (!eff || !isStandaloneIstio(eff) || /multus\/net\.d$/.test(dirName(eff.path))) return [];
    return [
      finding(
        this,
        eff,
        rangeOf(eff),
        `The standalone istio-cni config ${eff.name} is the runtime's default network: istio-cni sets up no interface, so pods get no IP. It belongs in the Multus confDir (/etc/cni/multus/net.d).`,
      ),
    ];
  },
};
