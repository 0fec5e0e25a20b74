/** A .json config is the runtime's choice, but istio-cni ignores .json files. */
import { type Rule, finding, rangeOf, related } from './rule';

export const jsonBeforeIstioTarget: Rule = {
  id: 'json-before-istio-target',
  title: '.json config sorts before the file istio-cni uses',
  severity: 'error',
  source:
    'istio/istio cni/pkg/install/cniconfig.go@1.30.3 (getDefaultCNINetwork reads .conf/.conflist only); containerd go-cni (reads .json too)',
  fixable: false,
  description:
    'containerd and CRI-O consider `.json` files, the istio-cni installer only `.conf` and `.conflist`. When a `.json` ' +
    'sorts first, the runtime uses it while Istio chains itself into a later file, so pods run without istio-cni. ' +
    'Rename or remove the `.json`, or set `cni.cniConfFileName`.',
  check(model) {
    const eff = model.effective;
    const target = model.istioTarget;
    if (!eff || eff.kind !== 'json' || !target) return [];
    const msg = `The runtime uses ${eff.name}, but istio-cni only considers .conf/.conflist files and chains into ${target.name}: pods run without istio-cni.`;
    return [
      finding(this, eff, rangeOf(eff), msg, { related: [related(target, 'the file istio-cni uses')] }),
      finding(this, target, rangeOf(target), msg, { related: [related(eff, 'the file the runtime uses')] }),
    ];
  },
};
