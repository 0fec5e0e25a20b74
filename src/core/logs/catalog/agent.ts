/**
 * The installer half of the agent (install-cni container, istio/istio cni/pkg/install and
 * cni/pkg/cmd): config drift, fights with other CNI agents, and fatal install errors. Normal
 * first-pass lines such as "perform initial update of highest priority config" are deliberately
 * not matched. Call sites and tag ranges: test/fixtures/logs/corpus/istio.tsv.
 */
import { type LogPattern } from '../types';
import { CNI_SETUP, CNI_TROUBLESHOOTING, PLATFORM_PREREQS, istioIssue } from './links';

export const AGENT_PATTERNS: readonly LogPattern[] = [
  {
    id: 'config-reconciled-repeatedly',
    severity: 'warning',
    category: 'config',
    title: 'Another component keeps reverting the CNI config',
    meaning:
      'istio-cni rewrote its CNI config more than 5 times in quick succession: something else keeps rewriting or removing the file. istio-cni-node flips Ready/NotReady and pods created in the gaps bypass the mesh.',
    cause:
      'Cilium with cni.exclusive=true, kube-ovn-cni rewriting 01-kube-ovn.conflist on restart (before v1.13.15/v1.14.5), Multus thin entrypoint regenerating 00-multus.conf.',
    fix: 'Stop the other writer, e.g. Cilium cni.exclusive=false; or use istio-owned CNI config (1.27+).',
    link: istioIssue(53169),
    versions: '1.24+',
    source: 'agent',
    literals: ['reconciled multiple times in a short period'],
    regex:
      /Configuration has been reconciled multiple times in a short period of time\.(?:.*?Hint: (?<error>.*))?/,
    fields: ['error'],
    examples: [
      "Configuration has been reconciled multiple times in a short period of time. This may be due to a conflicting component constantly reverting our work. Hint: Cilium CNI was detected; ensure 'cni.exclusive=false' in the Cilium configuration.",
    ],
  },
  {
    id: 'istio-cni-config-removed',
    severity: 'info',
    category: 'config',
    title: 'istio-cni entry removed from the CNI config by another component',
    meaning:
      'Another component rewrote the primary conflist without the istio-cni entry; istio-cni re-adds it. Pods created in the gap bypass the mesh (sidecar: validation fails; ambient: not captured).',
    cause: 'Calico install-cni, Cilium, kube-ovn-cni or a node bootstrap script rewrote the file.',
    fix: 'Once is harmless; if it repeats, stop the other writer (see config-reconciled-repeatedly).',
    link: istioIssue(53169),
    versions:
      '1.23+ ("CNI config removed" 1.23-1.26, "plugin not found in Istio CNI config" 1.27+; before 1.23 the reason was not logged)',
    source: 'agent',
    literals: [
      'istio-cni CNI config removed from CNI config file',
      'istio-cni plugin not found in Istio CNI config',
    ],
    regex:
      /istio-cni CNI config removed from CNI config file: (?<path>\S+)|istio-cni plugin not found in Istio CNI config at (?<path2>\S+)/,
    fields: ['path'],
    examples: [
      'configuration requires updates, (re)writing CNI config file at "/host/etc/cni/net.d/05-cilium.conflist": istio-cni CNI config removed from CNI config file: /host/etc/cni/net.d/05-cilium.conflist',
      'configuration requires updates, (re)writing CNI config file: istio-cni plugin not found in Istio CNI config at /host/etc/cni/net.d/10-calico.conflist',
    ],
  },
  {
    id: 'cni-config-file-removed',
    severity: 'info',
    category: 'config',
    title: 'The CNI config file istio-cni modified was deleted',
    meaning: 'The file istio-cni had chained into disappeared; istio-cni looks for the new primary config.',
    cause: 'The primary CNI renamed .conf/.conflist, or a Cilium takeover renamed it to *.cilium_bak.',
    fix: 'Harmless once; repeated, check which agent owns /etc/cni/net.d.',
    link: CNI_TROUBLESHOOTING,
    versions: '1.23+ (before 1.23 the reason was not logged)',
    source: 'agent',
    literals: ['CNI config file removed:'],
    regex: /CNI config file removed: (?<path>\S+)/,
    fields: ['path'],
    examples: [
      'configuration requires updates, (re)writing CNI config file: CNI config file removed: /host/etc/cni/net.d/05-cilium.conflist',
    ],
  },
  {
    id: 'istio-cni-config-modified',
    severity: 'info',
    category: 'config',
    title: 'Standalone istio-cni config was modified',
    meaning:
      'In standalone mode (chained=false) the istio-cni config file no longer has top-level type istio-cni; istio-cni rewrites it.',
    cause: 'Another tool edited or replaced the file.',
    fix: 'Find the other writer; if repeated see config-reconciled-repeatedly.',
    link: CNI_SETUP,
    versions: '1.23+ (before 1.23 the reason was not logged)',
    source: 'agent',
    literals: ['istio-cni CNI config file modified'],
    regex: /istio-cni CNI config file modified: (?<path>\S+)/,
    fields: ['path'],
    examples: [
      'configuration requires updates, (re)writing CNI config file: istio-cni CNI config file modified: /host/etc/cni/multus/net.d/istio-cni.conf',
    ],
  },
  {
    id: 'istio-owned-config-not-first',
    severity: 'info',
    category: 'config',
    title: 'Istio-owned CNI config is not the highest priority file',
    meaning:
      'With istio-owned CNI config (1.27+) the 02-istio-cni.conflist copy is missing or another file sorts first; istio-cni rebuilds it.',
    cause: 'Another file with a lower name was added, or the copy was deleted.',
    fix: 'Harmless once; if repeated, check what writes files into /etc/cni/net.d.',
    link: CNI_SETUP,
    versions: '1.27+',
    source: 'agent',
    literals: [
      'istio owned CNI config does not exist or is not the highest priority',
      'from primary CNI config is missing in Istio CNI config',
    ],
    regex:
      /istio owned CNI config does not exist or is not the highest priority\. Got (?<path>\S+) instead|plugin of type \S+ from primary CNI config is missing in Istio CNI config file/,
    fields: ['path'],
    examples: [
      'configuration requires updates, (re)writing CNI config file: istio owned CNI config does not exist or is not the highest priority. Got /host/etc/cni/net.d/01-cilium.conflist instead',
    ],
  },
  {
    id: 'istio-owned-config-lower-priority',
    severity: 'warning',
    category: 'config',
    title: 'Istio-owned CNI config sorts after the primary config (mesh bypass)',
    meaning:
      'The runtime uses the primary config, not the Istio-owned copy, so pods get no istio-cni: undefined behaviour and mesh bypass.',
    cause: 'istioOwnedCNIConfigFileName sorts after the primary file.',
    fix: 'Use a name that sorts first, e.g. the default 02-istio-cni.conflist.',
    link: istioIssue(55968),
    versions: '1.27+',
    source: 'agent',
    literals: ['has lower priority than'],
    regex: /Istio owned CNI config (?<path>\S+) has lower priority than (?<error>\S+)/,
    fields: ['path'],
    examples: [
      'Istio owned CNI config /host/etc/cni/net.d/99-istio-cni.conflist has lower priority than /host/etc/cni/net.d/10-calico.conflist.  This will lead to undefined behavior and potential bypass of the service mesh.',
    ],
  },
  {
    id: 'cni-config-preempted',
    severity: 'warning',
    category: 'config',
    title: 'Configured CNI config file is preempted by another file',
    meaning: 'The file istio-cni writes is not the one the runtime uses, because another file sorts first.',
    cause:
      'cniConfFileName is set (or chained=false) and another file has a lower name. Expected in Multus standalone mode; in chained mode istio-cni is not effective.',
    fix: 'In chained mode unset cniConfFileName so istio-cni chains into the highest-priority file.',
    link: istioIssue(26002),
    versions: 'all',
    source: 'agent',
    literals: ['preempted by'],
    regex: /CNI config file \\?"?(?<path>[^"\\\s]+)\\?"? preempted by \\?"?(?<error>[^"\\\s]+)/,
    fields: ['path'],
    examples: ['CNI config file "/host/etc/cni/net.d/istio-cni.conf" preempted by "10-canal.conflist"'],
  },
  {
    id: 'primary-cni-config-missing',
    severity: 'warning',
    category: 'config',
    title: 'No primary CNI config to chain into yet',
    meaning:
      'istio-cni is chained but finds no valid primary CNI config; istio-cni-node stays NotReady until one appears.',
    cause:
      'The primary CNI is not installed yet, or cniConfDir points at the wrong directory (k3s, k3d, MicroK8s).',
    fix: 'Install the primary CNI, or set global.platform / cni.cniConfDir to the runtime conf dir.',
    link: PLATFORM_PREREQS,
    versions: 'all',
    source: 'agent',
    literals: [
      'cannot find existing CNI network config',
      'does not exist. Waiting for file to be written',
      'Waiting for CNI network config file to be written in',
    ],
    regex:
      /cannot find existing CNI network config: (?<error>.*)|CNI config file (?<path>\S+) does not exist\. Waiting for file to be written|Waiting for CNI network config file to be written in (?<path2>\S*[^\s.])\.\.\./,
    fields: ['error', 'path'],
    examples: [
      'Istio CNI is configured as chained plugin, but cannot find existing CNI network config: no networks found in /host/etc/cni/net.d',
      // install/cniconfig.go:124@1.26.1: "Waiting for CNI network config file to be written in %v..."
      'Waiting for CNI network config file to be written in /host/etc/cni/net.d...',
    ],
  },
  {
    id: 'cni-config-invalid-skipped',
    severity: 'warning',
    category: 'config',
    title: 'istio-cni skipped an invalid CNI config file',
    meaning:
      'istio-cni skipped an invalid file while choosing the primary config. containerd does not skip it: it may refuse to start pods while istio-cni writes into the next file.',
    cause: 'A half-written, malformed or mistyped file in the CNI conf dir.',
    fix: 'Fix or remove the file (lint /etc/cni/net.d).',
    link: CNI_SETUP,
    versions: 'all',
    source: 'agent',
    literals: ['Error loading CNI config', 'Error converting CNI config file', 'has no networks, skipping'],
    regex:
      /Error loading CNI config (?:list )?file (?<path>[^\s:]+)(?::|\.)? ?(?<error>.*)|Error converting CNI config file (?<path2>[^\s:]+)(?<error2>.*)|CNI config list (?<path3>\S+) has no networks, skipping/,
    fields: ['path', 'error'],
    examples: [
      'Error loading CNI config list file /host/etc/cni/net.d/00-broken.conflist: error parsing configuration list: unexpected end of JSON input',
    ],
  },
  {
    id: 'cni-config-write-failed',
    severity: 'error',
    category: 'config',
    title: 'istio-cni could not write or rename a CNI config file',
    meaning:
      'The installer could not write its config into the CNI conf dir (or rename a .conf to .conflist), so new pods on the node get no istio-cni.',
    cause:
      'cniConfDir is read-only or wrong for the platform, permissions, disk full, or another agent holds the file.',
    fix: 'Set global.platform or cni.cniConfDir to the runtime conf dir; check the host mount and free space.',
    link: PLATFORM_PREREQS,
    versions: 'all',
    source: 'agent',
    literals: ['Failed to write CNI config file', 'Failed to rename CNI config file'],
    regex: /Failed to (?:write|rename) CNI config file (?<path>\S+): (?<error>.*)/,
    fields: ['path', 'error'],
    examples: [
      'Failed to write CNI config file /host/etc/cni/net.d/10-calico.conflist: open /host/etc/cni/net.d/10-calico.conflist: read-only file system',
    ],
  },
  {
    id: 'install-copy-binaries-failed',
    severity: 'error',
    category: 'config',
    title: 'istio-cni could not copy its binaries',
    meaning:
      'The installer could not write the plugin binary into the CNI bin dir; istio-cni-node crash-loops.',
    cause: 'cniBinDir is read-only or wrong (GKE COS /opt/cni/bin is read-only), permissions, disk full.',
    fix: 'Set global.platform (e.g. gke uses /home/kubernetes/bin) or cni.cniBinDir.',
    link: PLATFORM_PREREQS,
    versions: '1.19+ (hint line 1.26+)',
    source: 'agent',
    literals: [
      'copy binaries:',
      'failed file copy of',
      'Failed file copy of',
      'hint: some Kubernetes environments require customization of the CNI directory',
    ],
    regex:
      /copy binaries: (?<error>.*)|[Ff]ailed file copy of (?<path>\S+) to (?<error2>.*)|hint: some Kubernetes environments require customization of the CNI directory/,
    fields: ['error', 'path'],
    examples: [
      'installer failed: copy binaries: open /host/opt/cni/bin/istio-cni.tmp.2964: read-only file system',
      'hint: some Kubernetes environments require customization of the CNI directory. Ensure you properly set global.platform=<name> during installation',
    ],
  },
  {
    id: 'install-kubeconfig-failed',
    severity: 'error',
    category: 'config',
    title: 'istio-cni could not write the plugin kubeconfig',
    meaning:
      'The installer could not write the kubeconfig the plugin uses; the plugin cannot talk to the API server.',
    cause:
      'Read-only or wrong host path, or the agent does not run in a pod (KUBERNETES_SERVICE_HOST unset).',
    fix: 'Check the /var/run/istio-cni (or /etc/cni/net.d on <=1.22) host mount.',
    link: CNI_SETUP,
    versions: '1.19+',
    source: 'agent',
    literals: ['write kubeconfig:', 'KUBERNETES_SERVICE_HOST not set'],
    regex: /write kubeconfig: (?<error>.*)|KUBERNETES_SERVICE_HOST not set/,
    fields: ['error'],
    examples: [
      'installer failed: write kubeconfig: open /var/run/istio-cni/istio-cni-kubeconfig: permission denied',
    ],
  },
  {
    id: 'installer-failed',
    severity: 'error',
    category: 'config',
    title: 'istio-cni installer failed',
    meaning:
      'A fatal installer error: the container exits and istio-cni-node crash-loops, so no pod on the node gets istio-cni.',
    cause: 'See the error text; often the CNI dirs do not match the platform.',
    fix: 'Set global.platform=<name> (gke, k3s, microk8s, openshift, ...) or the cni dirs explicitly.',
    link: PLATFORM_PREREQS,
    versions: '1.19+',
    source: 'agent',
    literals: ['installer failed:', 'error watching node CNI config'],
    regex: /installer failed: (?<error>.*)|error watching node CNI config(?:: (?<error2>.*))?/,
    fields: ['error'],
    examples: [
      'installer failed: context deadline exceeded',
      'error watching node CNI config: too many open files',
    ],
  },
  {
    id: 'uds-log-server-failed',
    severity: 'error',
    category: 'config',
    title: 'Agent cannot create its sockets (SELinux / OpenShift)',
    meaning: 'The agent could not create a Unix socket under /var/run/istio-cni; it exits.',
    cause: 'SELinux denies the socket (OpenShift, RHEL).',
    fix: 'Set seLinuxOptions.type: spc_t or install with the OpenShift platform profile.',
    link: istioIssue(34222),
    versions: 'all',
    source: 'agent',
    literals: [
      'Failed to start up UDS Log Server',
      'failed to create UDS listener',
      'Error running UDS log server',
      'Failed to create directory for',
    ],
    regex:
      /Failed to start up UDS Log Server: (?<error>.*)|failed to create UDS listener(?<error2>.*)|Error running UDS log server: (?<error3>.*)|Failed to create directory for (?<path>\S+): (?<error4>.*)/,
    fields: ['error'],
    examples: [
      'Failed to start up UDS Log Server: failed to create UDS listener: failed to listen on unix socket "/var/run/istio-cni/log.sock": listen unix /var/run/istio-cni/log.sock: bind: permission denied',
    ],
  },
  {
    id: 'cni-config-renamed-conflist',
    severity: 'info',
    category: 'config',
    title: 'istio-cni renamed a .conf file to .conflist',
    meaning: 'A .conf primary config was converted to a conflist; tools that watch the .conf name lose it.',
    cause: 'Chained mode into a single-plugin .conf config.',
    fix: 'If Multus or OpenShift SDN watch that file (readiness indicator), use chained=false with Multus.',
    link: istioIssue(22449),
    versions: 'all',
    source: 'agent',
    literals: ['extension to .conflist'],
    regex: /Renaming (?<path>\S+) extension to \.conflist/,
    fields: ['path'],
    examples: ['Renaming /host/etc/cni/net.d/10-ovn-kubernetes.conf extension to .conflist'],
  },
];
