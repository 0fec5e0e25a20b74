/** istio-cni more than once in one plugin list. */
import { istioEntries } from '../istio';
import { type Rule, finding, rangeOf, related, removeElementEdit } from './rule';

export const duplicateIstioCni: Rule = {
  id: 'duplicate-istio-cni',
  title: 'istio-cni appears more than once in one chain',
  severity: 'error',
  source:
    'istio/istio cni/pkg/install/cniconfig.go@1.30.3 (insertCNIConfig replaces one existing istio-cni entry)',
  fixable: true,
  description:
    'Each istio-cni entry runs for every pod, so two entries program the pod twice: the second `iptables-restore` ' +
    'fails (sidecar mode, "exit status 1") or the ipset add fails with "exist" (ambient). The installer removes only ' +
    'the first existing entry when it rewrites the file, so duplicates survive upgrades (istio/istio#27771, #57432). ' +
    'Quick fix: keep only the last entry, which is the one the installer maintains.',
  check(model) {
    return model.candidates.flatMap((file) => {
      const entries = istioEntries(file);
      if (entries.length < 2 || file.kind !== 'conflist') return [];
      const last = entries[entries.length - 1];
      const extra = entries.slice(0, -1);
      const fix = {
        kind: 'edits' as const,
        title: 'Remove the duplicate istio-cni entries (keep the last)',
        edits: extra.map((e) => removeElementEdit(file, e.node)),
      };
      return extra.map((e) =>
        finding(
          this,
          file,
          rangeOf(file, e.node),
          `istio-cni appears ${entries.length} times in this chain (plugins #${entries.map((x) => x.index + 1).join(', #')}); it will program each pod ${entries.length} times and pod creation fails (iptables-restore conflict / ipset "exist").`,
          { fix, related: last ? [related(file, 'the entry to keep', last.node)] : [] },
        ),
      );
    });
  },
};
