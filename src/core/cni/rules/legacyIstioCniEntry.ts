/** C-I04: an istio-cni entry in the pre-1.23 format. */
import { istioEntries, isLegacyEntry } from '../istio';
import { type Rule, finding, rangeOf } from './rule';

export const legacyIstioCniEntry: Rule = {
  id: 'legacy-istio-cni-entry',
  title: 'istio-cni entry in the pre-1.23 format',
  severity: 'warning',
  source: 'C-I04',
  fixable: false,
  description:
    'Entries written by Istio 1.22 and older carry `log_level`, `log_uds_address` and `kubernetes.kubeconfig` ' +
    '(`/etc/cni/net.d/ZZZ-istio-cni-kubeconfig`) and no `cni_agent_run_dir`. The 1.23+ plugin reads ' +
    '`cni_agent_run_dir` and will not find its kubeconfig, so pod creation fails (often `localhost:8080 connection ' +
    'refused` or `Unauthorized`). Restart istio-cni-node on the node so it rewrites the entry, or delete the entry and ' +
    'let the agent add it again.',
  check(model) {
    return model.candidates.flatMap((file) =>
      istioEntries(file)
        .filter(isLegacyEntry)
        .map((e) =>
          finding(
            this,
            file,
            rangeOf(file, e.node),
            'istio-cni entry in the pre-1.23 format (log_level / kubernetes.kubeconfig, no cni_agent_run_dir): a 1.23+ plugin will not find its kubeconfig and pod creation fails. Restart istio-cni-node on this node so it rewrites the entry.',
          ),
        ),
    );
  },
};
