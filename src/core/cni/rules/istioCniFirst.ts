/** istio-cni first or alone in a chained list. */
import { istioEntries, isStandaloneIstio } from '../istio';
import { type Rule, finding, rangeOf } from './rule';

export const istioCniFirst: Rule = {
  id: 'istio-cni-first',
  title: 'istio-cni is first or alone in a chain',
  severity: 'error',
  source: "istio/istio cni/pkg/plugin/plugin.go@1.30.3 (CmdAdd uses the previous plugin's result)",
  fixable: false,
  description:
    'istio-cni is not an interface plugin: it only adds traffic redirection to a pod that an earlier plugin ' +
    '(Calico, Cilium, Flannel, ...) has already wired up. As the first or only plugin of a chain it receives no ' +
    '`prevResult` and the pod gets no IP. Move it after the primary plugin (the installer appends it at the end).',
  check(model) {
    return model.candidates.flatMap((file) => {
      if (file.kind !== 'conflist' || isStandaloneIstio(file)) return [];
      const first = istioEntries(file).find((e) => e.index === 0);
      if (!first) return [];
      const alone = file.plugins.length === 1;
      return [
        finding(
          this,
          file,
          rangeOf(file, first.node),
          alone
            ? 'istio-cni is the only plugin in this chain: it is not an interface plugin, so pods using this network get no IP.'
            : 'istio-cni is the first plugin in this chain: it receives no prevResult from an interface plugin, so pod network setup fails; move it after the primary plugin.',
        ),
      ];
    });
  },
};
