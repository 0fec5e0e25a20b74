/**
 * The CNI plugin binary's own log lines (istio/istio cni/pkg/plugin): forwarded by the agent
 * under scope cni-plugin, or JSON on stderr in the runtime journal. Generic wrappers (`cmdAdd
 * error`) come last in the catalog so a more specific cause on the same line wins. Call sites and
 * tag ranges: test/fixtures/logs/corpus/istio.tsv.
 */
import { type LogPattern } from '../types';
import { CNI_TROUBLESHOOTING, istioIssue } from './links';

export const PLUGIN_PATTERNS: readonly LogPattern[] = [
  {
    id: 'plugin-panic',
    severity: 'error',
    category: 'plugin',
    title: 'istio-cni plugin panicked',
    meaning: 'The plugin crashed during ADD; the pod sandbox fails.',
    cause: 'A bug in istio-cni.',
    fix: 'Report it upstream with the stack trace; upgrade.',
    link: 'https://github.com/istio/istio/issues/new/choose',
    versions: 'all',
    source: 'plugin',
    literals: ['istio-cni panicked during cmdAdd'],
    regex: /istio-cni panicked during cmdAdd: (?<error>.*)/,
    fields: ['error'],
    examples: [
      'istio-cni cmdAdd error: istio-cni panicked during cmdAdd: runtime error: invalid memory address or nil pointer dereference',
    ],
  },
  {
    id: 'plugin-config-parse-failed',
    severity: 'error',
    category: 'plugin',
    title: 'istio-cni plugin could not parse its CNI config',
    meaning: 'The istio-cni entry in the conflist is malformed or prevResult has the wrong version.',
    cause: 'A hand-edited or foreign-written conflist.',
    fix: 'Lint the conflist; let the installer rewrite it.',
    link: CNI_TROUBLESHOOTING,
    versions: 'all',
    source: 'plugin',
    literals: ['failed to parse config', 'failed to parse network configuration'],
    regex:
      /istio-cni cmdAdd failed to parse config (?<error>.*)|failed to parse network configuration: (?<error2>.*)/,
    fields: ['error'],
    examples: [
      'istio-cni cmdAdd failed to parse config {"cniVersion":"1.0.0","name":"k8s-pod-network","type":"istio-cni"} unexpected end of JSON input',
      'istio-cni cmdAdd error: failed to parse network configuration: unexpected end of JSON input',
    ],
  },
  {
    id: 'plugin-kube-client-failed',
    severity: 'error',
    category: 'plugin',
    title: 'istio-cni plugin could not build a Kubernetes client',
    meaning: 'The kubeconfig the plugin uses is missing or invalid.',
    cause: 'The agent did not write <cni_agent_run_dir>/istio-cni-kubeconfig, or the entry points elsewhere.',
    fix: 'Check that /var/run/istio-cni/istio-cni-kubeconfig exists on the node and istio-cni-node is Ready.',
    link: CNI_TROUBLESHOOTING,
    versions: 'all',
    source: 'plugin',
    literals: ['Failed setting up kubernetes client', 'failed to createNewK8sClient'],
    regex:
      /Failed setting up kubernetes client with kubeconfig (?<path>\S+)|failed to createNewK8sClient: (?<error>.*)/,
    fields: ['path', 'error'],
    examples: ['Failed setting up kubernetes client with kubeconfig /var/run/istio-cni/istio-cni-kubeconfig'],
  },
  {
    id: 'plugin-pod-info-failed',
    severity: 'error',
    category: 'plugin',
    title: 'istio-cni plugin could not read the pod from the API server',
    meaning: 'The plugin retried 30 times to GET the pod and failed; sandbox creation is slow or fails.',
    cause: 'API server unreachable from the node, or 401/403 (expired token, RBAC).',
    fix: 'Check API server reachability from the node and the istio-cni ClusterRole.',
    link: istioIssue(17583),
    versions: 'all',
    source: 'plugin',
    literals: ['Failed to get '],
    regex: /Failed to get (?:(?<pod>[^\s/]+\/[^\s/]+) )?pod info: (?<error>.*)/,
    fields: ['pod', 'error'],
    examples: [
      'Failed to get default/httpbin-7f8b9c-x7k2p pod info: Get "https://10.96.0.1:443/api/v1/namespaces/default/pods/httpbin-7f8b9c-x7k2p": dial tcp 10.96.0.1:443: i/o timeout',
      'Failed to get pod info: Unauthorized',
    ],
  },
  {
    id: 'plugin-ambient-check-failed',
    severity: 'error',
    category: 'plugin',
    title: 'istio-cni could not tell whether the pod is ambient (mesh bypass)',
    meaning: 'The pod or namespace GET failed; the pod is treated as non-ambient and bypasses the mesh.',
    cause: 'API server errors from the node.',
    fix: 'Fix API server access; set ambient.enableAmbientDetectionRetry=true to fail instead of bypassing.',
    link: CNI_TROUBLESHOOTING,
    versions: '1.18+ ("failed to check ambient" 1.18-1.28.3, "failed to check if pod is ambient" 1.28.4+)',
    source: 'plugin',
    literals: ['failed to check if pod is ambient', 'failed to check ambient'],
    regex: /failed to check (?:if pod is )?ambient: (?<error>.*)/,
    fields: ['error'],
    examples: [
      'istio-cni cmdAdd failed to check if pod is ambient: failed to get pod or namespace info: podErr=Get "https://10.96.0.1:443/api/v1/namespaces/default/pods/httpbin-7f8b9c-x7k2p": dial tcp 10.96.0.1:443: i/o timeout, nsErr=<nil>',
      'istio-cni cmdAdd failed to check ambient: namespaces "default" is forbidden: User "system:serviceaccount:istio-system:istio-cni" cannot get resource "namespaces" in API group "" in the namespace "default"',
    ],
  },
  {
    id: 'plugin-redirect-bad-params',
    severity: 'error',
    category: 'plugin',
    title: 'Invalid traffic annotations on the pod',
    meaning:
      'The plugin could not build the redirect because traffic.sidecar.istio.io/* annotation values are invalid.',
    cause: 'Bad ports, CIDRs or interception mode in pod annotations.',
    fix: 'Fix the traffic.sidecar.istio.io/* annotations on the workload.',
    link: 'https://istio.io/latest/docs/reference/config/annotations/',
    versions: 'all',
    source: 'plugin',
    literals: ['redirect failed due to bad params', 'unavailable InterceptRuleMgr'],
    // "Pod <ns>/<name> redirect failed ..." up to 1.18, without the pod from 1.19.
    regex:
      /redirect failed due to bad params: (?<error>.*)|Pod redirect failed due to unavailable InterceptRuleMgr(?<error2>.*)/,
    fields: ['error'],
    examples: [
      'redirect failed due to bad params: annotation value "abc" for traffic.sidecar.istio.io/includeInboundPorts is invalid',
    ],
  },
  {
    id: 'iptables-command-error',
    severity: 'error',
    category: 'plugin',
    title: 'iptables/nftables command failed while programming the pod',
    meaning: 'iptables-restore (or nft) failed while programming redirection in the pod.',
    cause: 'iptables-legacy/nft mismatch, missing kernel modules, or the plugin ran twice in the netns.',
    fix: 'Check the node iptables backend; make sure istio-cni runs once per pod.',
    link: CNI_TROUBLESHOOTING,
    versions: '1.15+ ("Command error output:" 1.15-1.24, "Command error:" 1.25+)',
    source: 'plugin',
    literals: ['Command error:', 'Command error output:'],
    regex: /Command error(?: output)?: (?<error>.*)/,
    fields: ['error'],
    examples: [
      'Command error: exit status 4 iptables-restore v1.8.9 (nf_tables): unknown option "--to-ports"',
      'Command error output: iptables-restore v1.8.9 (nf_tables): unknown option "--to-ports"',
    ],
  },
  {
    id: 'iptables-binary-missing',
    severity: 'error',
    category: 'plugin',
    title: 'No usable iptables (or nsenter) binary',
    meaning:
      'istio-iptables found no working iptables-legacy/iptables-nft binary (or, for hostUsers: false pods, no nsenter), so redirection cannot be programmed.',
    cause:
      'FORCE_IPTABLES_BINARY names a binary the image or node lacks, the kernel has no support for the chosen backend, or a user-namespaced pod needs nsenter.',
    fix: 'Unset or correct FORCE_IPTABLES_BINARY; use global.nativeNftables on nft-only nodes.',
    link: CNI_TROUBLESHOOTING,
    versions: '1.28+ (nsenter line 1.30+)',
    source: 'agent',
    literals: ['did not find iptables binary', 'iptables binary unsupported', 'but no nsenter binary found'],
    regex:
      /did not find iptables binary, error was (?<error>.*)|iptables binary unsupported: (?<error2>\S+)|pod network namespace (?<path>\S+) detected, but no nsenter binary found/,
    fields: ['error', 'path'],
    examples: [
      'did not find iptables binary, error was exec: "iptables-nft": executable file not found in $PATH: {DetectedBinary: Version:<nil> ExistingRules:false}',
    ],
  },
  {
    id: 'plugin-degraded-blocking',
    severity: 'warning',
    category: 'plugin',
    title: 'istio-cni plugin is degraded and blocks this pod',
    meaning:
      'The plugin could not load the pod arguments, build its Kubernetes client or read the pod, and returns an error for every pod except the istio-cni-node pod itself: the pod stays ContainerCreating until istio-cni-node is back.',
    cause:
      'istio-cni-node is down or being upgraded (safe upgrade), or the plugin kubeconfig/token is invalid (Unauthorized).',
    fix: 'Make istio-cni-node Ready on the node; if it cannot start, see cni-unauthorized (#57438) for the upgrade deadlock.',
    link: istioIssue(57438),
    versions:
      '1.27+ (conf pod namespace 1.27.2+; "in a degraded state and <pod> is not a CNI pod" from 1.31.0-rc.0)',
    source: 'plugin',
    literals: ['not a CNI pod, podName:', 'is not a CNI pod, podNamespace:'],
    regex:
      /not a CNI pod, podName: (?<name>[^\s,]+), podNamespace: (?<ns>[^\s,]+)|in a degraded state and (?<name2>\S+) is not a CNI pod, podNamespace: (?<ns2>[^\s,]+)/,
    fields: ['pod'],
    examples: [
      'not a CNI pod, podName: httpbin-7f8b9c-x7k2p, podNamespace: default, conf pod namespace: istio-system',
    ],
  },
  {
    id: 'plugin-cmdadd-error',
    severity: 'error',
    category: 'plugin',
    title: 'istio-cni plugin failed',
    meaning: 'The plugin returned an error to the runtime; the same text appears in the pod event.',
    cause: 'See the error text.',
    fix: 'Read the lines before it in the cni-plugin scope for the same pod.',
    link: CNI_TROUBLESHOOTING,
    versions: 'all',
    source: 'plugin',
    literals: ['istio-cni cmdAdd error:', 'istio-cni failed with:'],
    regex: /istio-cni (?:cmdAdd error|failed with): (?<error>.*)/,
    fields: ['error'],
    examples: [
      'istio-cni cmdAdd error: failed to get pod or namespace info: podErr=context deadline exceeded, nsErr=<nil>',
    ],
  },
];
