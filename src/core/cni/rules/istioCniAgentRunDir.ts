/** A current-format entry whose cni_agent_run_dir is missing or unusual. */
import { propertyNode, propertyValue } from '../parse';
import { istioEntries, isLegacyEntry } from '../istio';
import { type Rule, finding, keyRange, rangeOf } from './rule';

const DEFAULT_RUN_DIR = '/var/run/istio-cni';

export const istioCniAgentRunDir: Rule = {
  id: 'istio-cni-agent-run-dir',
  title: 'istio-cni entry has a missing or unusual cni_agent_run_dir',
  severity: 'warning',
  source: 'istio/istio cni/pkg/plugin/kubernetes.go@1.23.1 (kubeconfig under cni_agent_run_dir)',
  fixable: false,
  description:
    `The 1.23+ plugin finds its kubeconfig (\`istio-cni-kubeconfig\`) and the agent socket (\`pluginevent.sock\`) ` +
    `under \`cni_agent_run_dir\`, normally \`${DEFAULT_RUN_DIR}\`. If it is missing or points elsewhere, pod ` +
    'creation fails when the plugin cannot reach the agent. Let the agent rewrite the entry.',
  check(model) {
    return model.candidates.flatMap((file) =>
      istioEntries(file)
        .filter((e) => !isLegacyEntry(e))
        .flatMap((e) => {
          const v = e.value.cni_agent_run_dir;
          if (v === DEFAULT_RUN_DIR) return [];
          if (typeof v !== 'string' || v === '') {
            return [
              finding(
                this,
                file,
                rangeOf(file, propertyValue(e.node, 'cni_agent_run_dir') ?? e.node),
                'istio-cni entry has no cni_agent_run_dir: the plugin cannot find istio-cni-kubeconfig or pluginevent.sock, so pod creation fails.',
              ),
            ];
          }
          return [
            finding(
              this,
              file,
              keyRange(file, propertyNode(e.node, 'cni_agent_run_dir')),
              `The plugin will look for istio-cni-kubeconfig and pluginevent.sock under "${v}" (the agent default is ${DEFAULT_RUN_DIR}); pods fail if the agent does not use this directory.`,
            ),
          ];
        }),
    );
  },
};
