import type { FindingDraft } from '../findings';
import { atLeast, type InstallInfo } from '../install';
import type { K8sNode } from '../k8s';
import { agentLogNodes, hitTimes, platformOf, quoteLine } from './helpers';
import { defineReason, type ValueChange } from './reason';

/** Catalog patterns of a fatal or blocking install error, most specific first. */
const INSTALL_ERRORS = [
  'uds-log-server-failed',
  'install-copy-binaries-failed',
  'primary-cni-config-missing',
  'cni-config-write-failed',
  'install-kubeconfig-failed',
  'installer-failed',
];

interface Advice {
  cause: string;
  fix: string;
  values?: ValueChange[];
}

/** The fix of one install error, in the platform the node shows and the install's version. */
function advice(id: string, node: K8sNode | undefined, install: InstallInfo | null): Advice {
  const platform = platformOf(node);
  const version = install?.version;
  switch (id) {
    case 'uds-log-server-failed':
      return {
        cause: 'SELinux denies the agent its sockets under /var/run/istio-cni (OpenShift, RHEL)',
        fix: atLeast(version, '1.24')
          ? 'Run istio-cni-node with the SELinux type spc_t (chart value seLinuxOptions.type=spc_t), or install with the OpenShift platform profile (global.platform=openshift).'
          : 'Install with the OpenShift profile (its values run istio-cni-node privileged); the seLinuxOptions value exists from 1.24.',
        values: atLeast(version, '1.24')
          ? [{ chart: 'cni', path: 'seLinuxOptions.type', value: 'spc_t' }]
          : [],
      };
    case 'install-copy-binaries-failed':
      return platform === 'gke'
        ? {
            cause: 'the CNI bin dir is read-only on GKE (Container-Optimized OS)',
            fix: 'Set global.platform=gke, which installs the plugin into /home/kubernetes/bin.',
            values: [{ chart: 'cni', path: 'global.platform', value: 'gke' }],
          }
        : {
            cause: "the CNI bin dir is not writable: it is not the runtime's bin dir on this platform",
            fix: "Set global.platform to your platform (gke, k3d, k3s, microk8s, minikube, openshift), or cni.cniBinDir to the container runtime's CNI bin dir.",
          };
    case 'primary-cni-config-missing':
      return platform === 'k3s' || platform === 'microk8s'
        ? {
            cause: `no primary CNI config in the directory istio-cni watches: ${platform} keeps it elsewhere`,
            fix: `Set global.platform=${platform}, which points cniConfDir and cniBinDir at ${platform}'s directories.`,
            values: [{ chart: 'cni', path: 'global.platform', value: platform }],
          }
        : {
            cause:
              'no primary CNI config in the directory istio-cni watches: the primary CNI is not installed (yet) on the node, or the runtime reads another directory',
            fix: "Install the primary CNI (or wait for its agent on the node); if it is installed, set global.platform (k3d, k3s, microk8s, ...) or cni.cniConfDir to the runtime's CNI config dir.",
          };
    default:
      return {
        cause: 'the installer failed',
        fix: "Read the error; set global.platform or the cni dirs when they do not match the runtime's.",
      };
  }
}

/** istio-cni-node is not ready and its log says why: an install error (facts §D19, §D20, §D21). */
export const cniAgentInstallFailed = defineReason({
  id: 'cni-agent-install-failed',
  scope: 'node',
  title: 'istio-cni-node cannot install on the node',
  cause:
    'The istio-cni-node agent on the node is not ready and its log shows the install error that keeps it so: until it installs, pods scheduled to the node get no istio-cni (sidecar pods fail istio-validation, ambient pods are not captured).',
  fix: '{advice}{valueFix} Then check the agent becomes Ready ({cniLogs}).',
  evidence:
    "the install-cni log of a **not ready** istio-cni-node pod: `Failed to start up UDS Log Server ... bind: permission denied` (SELinux), `copy binaries: ... read-only file system` and the `global.platform=<name>` hint, `Waiting for CNI network config file to be written in ...`, or another `installer failed` error. The fix is worded for the platform the node object shows (`spec.providerID` `gce://`, a `+k3s` kubelet) and the install's version and method. Lines in the log of a ready agent are history and not reported.",
  versions: '`seLinuxOptions` is a chart value from 1.24; the read-only hint line is logged from 1.26',
  refs: ['D19', 'D20', 'D21', 'istio/istio#34222'],
  scenario: 'agent-log',
  look: { icon: 'tools', severity: 'error' },
  detect: (view) => {
    const out: FindingDraft[] = [];
    for (const { node, health, hits } of agentLogNodes(view, INSTALL_ERRORS)) {
      const pod = health?.cniPod;
      if (!pod || health.status === 'ready') continue;
      const hit = INSTALL_ERRORS.map((id) => hits.find((h) => h.patternId === id)).find((h) => h);
      if (!hit) continue;
      const a = advice(hit.patternId, view.nodeObjects.get(node), view.install);
      const state = pod.stateReason ?? (pod.ready ? 'Ready' : `${pod.phase}, not ready`);
      out.push({
        subject: `Pod/${pod.namespace}/${pod.name}`,
        node,
        detail: `${pod.name} is ${state}${pod.restarts ? ` (${pod.restarts} restarts)` : ''}: ${a.cause}; log${hitTimes(hit)}: ${quoteLine(hit.message)}`,
        vars: { advice: a.fix },
        ...(a.values?.length ? { values: a.values } : {}),
      });
    }
    return out;
  },
});
