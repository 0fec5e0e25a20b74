/**
 * kubelet / containerd / CRI-O messages and pod events: what users see first in `kubectl describe
 * pod`. The wrappers are kubelet's ("Failed to create pod sandbox: %v", pod_workers.go "Error
 * syncing pod, skipping", sync_result.go `failed to %q for %q with %v: %q`), containerd's
 * (internal/cri/server/sandbox_run.go, go-cni) and libcni's (`plugin type=%q name=%q failed
 * (add): %w`); see test/fixtures/logs/corpus/runtime.tsv. Quotes may arrive escaped once (`\"`,
 * klog/logrus values) or twice (`\\\"`, a `%q` inside a structured klog `err="..."`), so the
 * regexes accept up to three backslashes before every quote.
 */
import { type LogPattern } from '../types';
import { CNI_SETUP, CNI_TROUBLESHOOTING, PLATFORM_PREREQS, istioIssue } from './links';

const Q = String.raw`\\{0,3}"`;
const ISTIO_ADD = String.raw`plugin type=${Q}istio-cni${Q}(?: name=${Q}[^"\\]*${Q})? failed \((?:add|delete|check)\): `;
const SANDBOX_MSG =
  'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "16243b8acc1a117728e758c2f2a922bac3d574e2d518d9df08f6ce7e8eb3a97a": plugin type="istio-cni" name="istio-cni" failed (add): ';

/** Patterns that name the cause inside an istio-cni ADD failure: more specific than the generic one. */
export const SANDBOX_CAUSE_PATTERNS: readonly LogPattern[] = [
  {
    id: 'istio-cni-binary-not-found',
    severity: 'error',
    category: 'sandbox',
    title: 'istio-cni binary missing from the CNI bin dir',
    meaning:
      'A CNI config references type istio-cni but the runtime cannot find the binary in its bin dir, so pod sandboxes cannot be created (or deleted).',
    cause:
      'The installer removed the binary (upgrade/uninstall, terminationGracePeriodSeconds too short before 1.29, #58572) while the config still points at it, or cniBinDir differs from the runtime bin_dir (GKE, k3s, MicroK8s, OpenShift).',
    fix: 'Set global.platform or cni.cniBinDir to the runtime bin dir; after an uninstall remove stale istio-cni entries from /etc/cni/net.d.',
    link: istioIssue(58572),
    versions: 'all',
    source: 'runtime',
    // The prefilter adds the `\"` variant itself; a `%q` inside a structured klog err="..." escapes twice.
    literals: ['failed to find plugin "istio-cni"', 'failed to find plugin \\\\\\"istio-cni'],
    regex: new RegExp(String.raw`failed to find plugin ${Q}istio-cni${Q} in path \[(?<path>[^\]]*)\]`),
    fields: ['path', 'sandbox', 'pod'],
    examples: [`${SANDBOX_MSG}failed to find plugin "istio-cni" in path [/opt/cni/bin]`],
  },
  {
    id: 'cni-unauthorized',
    severity: 'error',
    category: 'sandbox',
    title: 'istio-cni plugin rejected by the API server (Unauthorized)',
    meaning:
      "The plugin's kubeconfig/token is stale or invalid, so it cannot read the pod and fails every ADD.",
    cause:
      'Typical during an upgrade: the old plugin blocks the new istio-cni-node pod that would refresh the token (deadlock, #57438; fixed in 1.27).',
    fix: 'Upgrade to 1.27+. Workaround: remove the istio-cni block from the node conflist, restart kubelet, let the agent reinstall.',
    link: istioIssue(57438),
    versions: '<=1.26',
    source: 'runtime',
    literals: ['Unauthorized'],
    regex: new RegExp(String.raw`${ISTIO_ADD}Unauthorized\b`),
    fields: ['sandbox', 'pod'],
    examples: [`${SANDBOX_MSG}Unauthorized`],
  },
  {
    id: 'cni-kubeconfig-missing',
    severity: 'error',
    category: 'sandbox',
    title: 'istio-cni plugin fell back to localhost:8080 (no kubeconfig)',
    meaning:
      'The plugin built a Kubernetes client from an empty or missing kubeconfig, so client-go dialled localhost:8080.',
    cause:
      'The istio-cni entry points at a cni_agent_run_dir/kubeconfig that the agent does not write: a stale entry from another install or version, or a host-path mismatch.',
    fix: 'Check the istio-cni entry fields in the conflist and that /var/run/istio-cni/istio-cni-kubeconfig exists on the node.',
    link: istioIssue(56216),
    versions: '1.23+',
    source: 'runtime',
    literals: [':8080: connect: connection refused'],
    regex: /dial tcp (?:\[::1\]|127\.0\.0\.1):8080: connect: connection refused/,
    fields: ['sandbox', 'pod'],
    examples: [
      `${SANDBOX_MSG}Get "http://localhost:8080/api/v1/namespaces/default/pods/details-v1-5d647f685b-bgdwx": dial tcp [::1]:8080: connect: connection refused`,
    ],
  },
  {
    id: 'cni-no-sh',
    severity: 'error',
    category: 'sandbox',
    title: 'istio-cni plugin needs a shell the node does not have',
    meaning: 'The plugin tried to exec `sh`, which locked-down node images (Bottlerocket) do not ship.',
    cause: 'Regression in 1.20.2 (#49038).',
    fix: 'Upgrade Istio (fixed by PR #48757).',
    link: istioIssue(49038),
    versions: '1.20.2',
    source: 'runtime',
    literals: ['"sh": executable file not found'],
    regex: new RegExp(String.raw`exec: ${Q}sh${Q}: executable file not found in \$PATH`),
    fields: ['sandbox', 'pod'],
    examples: [`${SANDBOX_MSG}exec: "sh": executable file not found in $PATH`],
  },
  {
    id: 'cni-plugin-exit-status',
    severity: 'error',
    category: 'sandbox',
    title: 'istio-cni plugin exited without an error message',
    meaning: 'The plugin (or a nested invocation) exited non-zero without a JSON error result.',
    cause:
      'Often istio-cni injected into both the Multus and the primary config, so it runs twice in the same netns and the second iptables-restore conflicts (#57432).',
    fix: 'Make sure istio-cni appears in exactly one config the runtime loads (lint /etc/cni/net.d).',
    link: istioIssue(57432),
    versions: 'all',
    source: 'runtime',
    literals: ['failed (add): exit status', 'netplugin failed with no error message'],
    regex: new RegExp(
      String.raw`${ISTIO_ADD}(?:netplugin failed with no error message: )?exit status (?<error>\d+)`,
    ),
    fields: ['sandbox', 'pod', 'error'],
    examples: [`${SANDBOX_MSG}netplugin failed with no error message: exit status 1`],
  },
  {
    id: 'netplugin-failed-embedded',
    severity: 'error',
    category: 'sandbox',
    title: 'istio-cni plugin failed; its log is embedded in the error',
    meaning:
      'libcni reports `netplugin failed: "<stderr>"`: the plugin exited non-zero and its JSON log lines are quoted inside the message.',
    cause:
      'Older plugins that failed without a parseable error; read the embedded "msg" values for the real cause.',
    fix: 'Look for the last error-level msg in the embedded text; upgrade Istio.',
    link: istioIssue(41608),
    versions: '<=1.22',
    source: 'runtime',
    literals: ['netplugin failed'],
    regex: /netplugin failed: (?<error>.*)/,
    fields: ['error', 'sandbox', 'pod'],
    examples: [
      `${SANDBOX_MSG}netplugin failed: "{\\"level\\":\\"info\\",\\"msg\\":\\"istio-cni cmdAdd with k8s args\\"}"`,
    ],
  },
  {
    id: 'cni-incompatible-version',
    severity: 'error',
    category: 'sandbox',
    title: 'Incompatible CNI versions',
    meaning: "A plugin does not support the conflist's cniVersion.",
    cause: 'An old plugin binary, or a cniVersion edited by hand or by another installer.',
    fix: 'Align cniVersion in the conflist with what every plugin in the chain supports.',
    link: 'https://github.com/containernetworking/cni/blob/main/SPEC.md',
    versions: 'all',
    source: 'runtime',
    literals: ['incompatible CNI versions'],
    regex: /incompatible CNI versions[;:] config is \\?"?(?<error>[^",\\]*)/,
    fields: ['error', 'sandbox', 'pod'],
    examples: [
      `${SANDBOX_MSG}incompatible CNI versions; config is "1.1.0", plugin supports ["0.1.0" "0.2.0" "0.3.0"]`,
    ],
  },
];

/** The generic sandbox failures; matched only when no cause-specific pattern did. */
export const SANDBOX_PATTERNS: readonly LogPattern[] = [
  {
    id: 'sandbox-istio-cni-failed',
    severity: 'error',
    category: 'sandbox',
    title: 'Pod sandbox failed: istio-cni plugin returned an error',
    meaning:
      'The istio-cni plugin failed during ADD (or DEL), so the pod sandbox has no network and the pod stays ContainerCreating (or cannot be deleted).',
    cause: 'The text after "failed (add):" decides: agent down, no ztunnel, bad kubeconfig, missing binary.',
    fix: 'Read `kubectl logs -n istio-system ds/istio-cni-node` on the node of the pod for the same pod name.',
    link: CNI_TROUBLESHOOTING,
    versions: 'all',
    source: 'runtime',
    literals: ['plugin type="istio-cni"', 'plugin type=\\\\\\"istio-cni'],
    regex: new RegExp(String.raw`${ISTIO_ADD}(?<error>.*)`),
    fields: ['sandbox', 'pod', 'error'],
    examples: [
      `${SANDBOX_MSG}failed to get pod or namespace info: podErr=context deadline exceeded, nsErr=<nil>`,
    ],
  },
  {
    id: 'multus-delegate-failed',
    severity: 'error',
    category: 'multus',
    title: 'Multus could not add the pod to the istio-cni network',
    meaning: 'Multus delegated to istio-cni and the delegate failed; the bracket names which delegate.',
    cause: 'Same causes as an istio-cni ADD failure, seen through Multus (OpenShift, CRI-O).',
    fix: 'Read the istio-cni-node log on the node; check the NetworkAttachmentDefinition istio-cni.',
    link: istioIssue(42485),
    versions: 'all',
    source: 'runtime',
    literals: ['error adding container to network "istio-cni"'],
    regex: new RegExp(String.raw`error adding container to network ${Q}istio-cni${Q}: (?<error>.*)`),
    fields: ['error', 'pod'],
    examples: [
      'plugin type="multus" name="multus-cni-network" failed (add): [default/httpbin-7f8b9c/0b7c:istio-cni]: error adding container to network "istio-cni": exit status 1',
    ],
  },
  {
    id: 'sandbox-network-plugin-failed',
    severity: 'error',
    category: 'sandbox',
    title: 'Pod network setup failed (dockershim form)',
    meaning: 'The legacy (Kubernetes <=1.23, dockershim) form of a sandbox network failure.',
    cause: 'A CNI plugin in the chain (often istio-cni) failed; the error text says which.',
    fix: 'Read the error after "network:"; check istio-cni-node on the node.',
    link: CNI_TROUBLESHOOTING,
    versions: 'Kubernetes <=1.23',
    source: 'runtime',
    literals: ['NetworkPlugin cni failed to set up pod'],
    regex: new RegExp(
      String.raw`NetworkPlugin cni failed to set up pod ${Q}(?<name>[^"\\_]+)_(?<ns>[^"\\]+)${Q} network: (?<error>.*)`,
    ),
    fields: ['pod', 'error'],
    examples: [
      'NetworkPlugin cni failed to set up pod "productpage-v1-6b746f74dc-9stvs_default" network: exit status 1',
    ],
  },
  {
    id: 'multus-no-istio-network',
    severity: 'error',
    category: 'multus',
    title: 'Multus cannot find the istio-cni network config',
    meaning:
      'The pod asks Multus for the istio-cni network but no config named istio-cni exists in the Multus conf dir.',
    cause:
      'Multus/OpenShift mode (chained=false): cniConfDir does not point at the Multus conf dir, or cniConfFileName is not istio-cni.conf.',
    fix: 'Set cni.cniConfDir to the Multus conf dir (e.g. /etc/cni/multus/net.d) and cni.cniConfFileName to istio-cni.conf.',
    link: istioIssue(32827),
    versions: 'all',
    source: 'runtime',
    literals: ['GetCNIConfigFromFile'],
    regex:
      /GetCNIConfigFromFile: (?:No networks found in (?<path>\S+)|no network available in the name istio-cni in cni dir (?<path2>\S+))/,
    fields: ['path', 'pod'],
    examples: [
      'Multus: [default/httpbin-7f8b9c]: error loading k8s delegates k8s args: TryLoadPodDelegates: error in getting k8s network from pod: GetNetworkDelegates: failed getting the delegate: GetCNIConfig: err in GetCNIConfigFromFile: No networks found in /etc/cni/multus/net.d',
    ],
  },
  {
    id: 'multus-readiness-indicator-timeout',
    severity: 'error',
    category: 'multus',
    title: 'Multus timed out waiting for its readiness indicator file',
    meaning: 'Multus waits for a file (e.g. 10-ovn-kubernetes.conf) that no longer exists.',
    cause:
      'istio-cni in chained mode renamed the .conf it chained into to .conflist, so the file Multus watches disappeared.',
    fix: 'Do not chain into Multus-managed primary configs: use chained=false with the Multus provider.',
    link: istioIssue(22449),
    versions: 'all',
    source: 'runtime',
    literals: ['ReadinessIndicatorFile'],
    regex: /ReadinessIndicatorFile: (?<error>.*)/,
    fields: ['error'],
    examples: ['PollImmediate error waiting for ReadinessIndicatorFile: timed out waiting for the condition'],
  },
  {
    id: 'cni-config-load-failed',
    severity: 'error',
    category: 'node',
    title: 'The container runtime rejected a CNI config file',
    meaning:
      'containerd failed to load a CNI config file and, unlike istio-cni, stops there: no pod gets a network.',
    cause:
      'An invalid file sorts before the first valid one in /etc/cni/net.d (half-written, wrong cniVersion, bad JSON).',
    fix: 'Fix or remove the file named in the message (lint /etc/cni/net.d).',
    link: CNI_SETUP,
    versions: 'all',
    source: 'runtime',
    literals: ['failed to load CNI config list file'],
    regex: /failed to load CNI config list file (?<path>[^\s:]+)(?:: (?<error>.*))?/,
    fields: ['path', 'error'],
    examples: [
      'failed to load CNI config list file /etc/cni/net.d/05-cilium.conflist: error parsing configuration list: unexpected end of JSON input: invalid cni config: failed to load cni config',
    ],
  },
  {
    id: 'cni-plugin-not-initialized',
    severity: 'error',
    category: 'node',
    title: 'Node network not ready: no loadable CNI config',
    meaning:
      'The runtime found no loadable CNI config, so the node is NotReady and no pod can get a network.',
    cause:
      'The CNI config dir is empty or (containerd) an invalid file sorts first; Istio-related: a standalone istio-cni config removed on uninstall, or install-cni failed part-way.',
    fix: 'Look at /etc/cni/net.d on the node; reinstall the primary CNI if its config is gone.',
    link: PLATFORM_PREREQS,
    versions: 'all',
    source: 'runtime',
    literals: ['cni plugin not initialized', 'NetworkPluginNotReady', 'no network config found in'],
    regex: /cni plugin not initialized|NetworkPluginNotReady|no network config found in (?<path>[^\s:"\\]+)/,
    fields: ['path', 'node'],
    examples: [
      'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
      'failed to load cni during init, please check CRI plugin status before setting up network for pods error="cni config load failed: no network config found in /etc/cni/net.d: cni plugin not initialized: failed to load cni config"',
    ],
  },
];
