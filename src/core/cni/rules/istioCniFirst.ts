/** istio-cni first or alone in a chained list. */
import { istioEntries, isStandaloneIstio } from '../istio';
import { type Rule, finding, modifyEdits, rangeOf } from './rule';

export const istioCniFirst: Rule = {
  id: 'istio-cni-first',
  title: 'istio-cni is first or alone in a chain',
  severity: 'error',
  source: "istio/istio cni/pkg/plugin/plugin.go@1.30.3 (CmdAdd uses the previous plugin's result)",
  fixable: true,
  description:
    'istio-cni is not an interface plugin: it only adds traffic redirection to a pod that an earlier plugin ' +
    '(Calico, Cilium, Flannel, ...) has already wired up. As the first or only plugin of a chain it receives no ' +
    '`prevResult` and the pod gets no IP. Move it after the primary plugin (the installer appends it at the end). ' +
    'Quick fix (when the chain has other plugins): move the entry to the end of `plugins` (an edit of this file).',
  check(model) {
    return model.candidates.flatMap((file) => {
      if (file.kind !== 'conflist' || isStandaloneIstio(file)) return [];
      const first = istioEntries(file).find((e) => e.index === 0);
      if (!first) return [];
      const alone = file.plugins.length === 1;
      const plugins = Array.isArray(file.value?.plugins) ? (file.value.plugins as unknown[]) : [];
      const moved = [
        ...plugins.slice(0, first.index),
        ...plugins.slice(first.index + 1),
        plugins[first.index],
      ];
      const fix = alone
        ? undefined
        : ({
            kind: 'edits',
            title: 'Move istio-cni to the end of the chain',
            edits: modifyEdits(file, ['plugins'], moved),
          } as const);
      return [
        finding(
          this,
          file,
          rangeOf(file, first.node),
          alone
            ? 'istio-cni is the only plugin in this chain: it is not an interface plugin, so pods using this network get no IP.'
            : 'istio-cni is the first plugin in this chain: it receives no prevResult from an interface plugin, so pod network setup fails; move it after the primary plugin.',
          fix ? { fix } : {},
        ),
      ];
    });
  },
};
