/** Plugins run after istio-cni. */
import { istioEntries } from '../istio';
import { type Rule, finding, list, rangeOf } from './rule';

export const istioCniNotLast: Rule = {
  id: 'istio-cni-not-last',
  title: 'Plugins run after istio-cni',
  severity: 'info',
  source: 'istio/istio cni/pkg/install/cniconfig.go@1.30.3 (insertCNIConfig appends istio-cni last)',
  fixable: false,
  description:
    'The installer appends istio-cni at the end of the chain. Plugins after it run once traffic redirection is in ' +
    'place; that usually works, but it is not the layout Istio tests, and the next installer pass moves it.',
  check(model) {
    return model.candidates.flatMap((file) => {
      const entries = istioEntries(file);
      const last = entries[entries.length - 1];
      if (file.kind !== 'conflist' || !last || last.index === 0 || last.index === file.plugins.length - 1)
        return [];
      const after = file.plugins.slice(last.index + 1).map((p) => p.type ?? '?');
      return [
        finding(
          this,
          file,
          rangeOf(file, last.node),
          `istio-cni is not the last plugin; ${list(after)} run after redirection is installed. Istio appends istio-cni at the end and will move it on its next rewrite.`,
        ),
      ];
    });
  },
};
