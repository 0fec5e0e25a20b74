/**
 * An istio-cni entry without `cni_agent_run_dir`. Istio itself writes one up to 1.23.0
 * (istio/istio `cni/pkg/install/cniconfig.go@1.23.0` writes `plugin_log_level`,
 * `log_uds_address`, `cni_event_address` and `kubernetes.kubeconfig`; `cni_agent_run_dir`
 * arrives in 1.23.1), so it is only wrong when the node runs a newer plugin. Version-aware when
 * the caller knows the node's Istio version; otherwise an explanation at info level.
 */
import {
  entryFormat,
  formatWrittenBy,
  istioEntries,
  isLegacyEntry,
  legacyKeys,
  type EntryFormat,
} from '../istio';
import { type Rule, finding, rangeOf } from './rule';

const WRITER: Record<EntryFormat, string> = {
  '<=1.22': 'Istio 1.22 and older',
  '1.23.0': 'Istio 1.23.0',
  '>=1.23.1': 'Istio 1.23.1 and newer',
};

export const legacyIstioCniEntry: Rule = {
  id: 'legacy-istio-cni-entry',
  title: 'istio-cni entry in the format of Istio 1.23.0 or older',
  severity: 'warning',
  source:
    'istio/istio cni/pkg/plugin/plugin.go@1.23.0 and @1.23.1 (Config); cni/pkg/install/cniconfig.go@1.23.0 (createCNIConfigFile)',
  fixable: false,
  description:
    'Istio 1.22 and older write `log_level`, `log_uds_address` and `kubernetes.kubeconfig` ' +
    '(`/etc/cni/net.d/ZZZ-istio-cni-kubeconfig`); Istio 1.23.0 writes `plugin_log_level`, `log_uds_address`, ' +
    '`cni_event_address` and `kubernetes.kubeconfig`; neither has `cni_agent_run_dir`, which arrives in 1.23.1. ' +
    'Such an entry is right for the release that wrote it. A 1.23.1+ plugin reads its kubeconfig and sockets from ' +
    '`cni_agent_run_dir` instead, so with a newer plugin on the node pod creation fails (often `localhost:8080 ' +
    "connection refused` or `Unauthorized`). When the node's Istio version is known (`lint --istio-version`), the " +
    'rule warns only on a mismatch; otherwise it explains the format at info level. Fix a mismatch by restarting ' +
    'istio-cni-node on the node: the installer removes the old entry and appends its own.',
  check(model) {
    const expected = model.istioVersion ? formatWrittenBy(model.istioVersion) : undefined;
    return model.candidates.flatMap((file) =>
      istioEntries(file)
        .filter(isLegacyEntry)
        .flatMap((e) => {
          const format = entryFormat(e);
          if (expected === format) return [];
          const keys = legacyKeys(e).join(', ');
          const shape = `istio-cni entry with ${keys} and no cni_agent_run_dir, the format ${WRITER[format]} writes`;
          if (expected === undefined) {
            return [
              finding(
                this,
                file,
                rangeOf(file, e.node),
                `${shape}. It is right while the node runs that release; a 1.23.1+ plugin reads cni_agent_run_dir instead and would not find its kubeconfig. After an upgrade, restart istio-cni-node on this node so it rewrites the entry.`,
                { severity: 'info' },
              ),
            ];
          }
          return [
            finding(
              this,
              file,
              rangeOf(file, e.node),
              `${shape}, but this node runs Istio ${model.istioVersion ?? ''}${expected === '>=1.23.1' ? ', whose plugin reads its kubeconfig and sockets from cni_agent_run_dir: pod creation fails' : ''}. Restart istio-cni-node on this node so it rewrites the entry.`,
            ),
          ];
        }),
    );
  },
};
