/**
 * Ambient mode: the node agent's hand-off to ztunnel (istio/istio cni/pkg/nodeagent, the plugin's
 * cni/pkg/plugin/cnieventclient.go) and ztunnel's side of the connection (istio/ztunnel
 * src/inpod). Every call site and its tag range is in test/fixtures/logs/corpus.
 */
import { type LogPattern } from '../types';
import { AMBIENT_TROUBLESHOOTING, istioIssue } from './links';

export const AMBIENT_PATTERNS: readonly LogPattern[] = [
  {
    id: 'no-ztunnel-connection',
    severity: 'error',
    category: 'ambient',
    title: 'No ztunnel connected on the node',
    meaning:
      'The node agent could not hand the pod to ztunnel because no ztunnel is connected on that node; the pod sandbox fails and is retried.',
    cause:
      'ztunnel is missing, not Ready, crashing or restarting on the node, or cannot be scheduled there (taints, nodeSelector). Before 1.24.x also an out-of-order disconnect bug (#54544).',
    fix: 'Make the ztunnel pod on that node Running/Ready (check ztunnel_connected); pods retry by themselves.',
    link: istioIssue(53843),
    versions: '1.21+ ("partial add error:" prefix 1.21-1.24)',
    source: 'agent',
    literals: ['no ztunnel connection'],
    regex: /(?:partial add error: )?no ztunnel connection/,
    fields: ['pod', 'sandbox'],
    examples: [
      'failed to add pod to ztunnel: partial add error: no ztunnel connection',
      'istio-cni cmdAdd error: istio-cni cmdAdd failed to contact node Istio CNI agent: unable to push CNI event (status code 500): no ztunnel connection',
      'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "16243b8acc1a117728e758c2f2a922bac3d574e2d518d9df08f6ce7e8eb3a97a": plugin type="istio-cni" name="istio-cni" failed (add): istio-cni cmdAdd failed to contact node Istio CNI agent: unable to push CNI event (status code 500): no ztunnel connection',
    ],
  },
  {
    id: 'cni-agent-unreachable',
    severity: 'error',
    category: 'ambient',
    title: 'CNI plugin could not reach the node agent',
    meaning:
      "The plugin ran but the node agent's socket (/var/run/istio-cni/pluginevent.sock) did not answer, so ambient pods cannot start.",
    cause:
      'istio-cni-node on the node is down, crash-looping or being upgraded; during a safe upgrade the plugin deliberately stalls new pods until the new agent is Ready.',
    fix: 'Make istio-cni-node Ready on the node; pods retry by themselves.',
    link: AMBIENT_TROUBLESHOOTING,
    versions: '1.21+ ("failed to signal" 1.21.0-1.25.1, "failed to contact" 1.24.5+)',
    source: 'plugin',
    literals: ['node Istio CNI agent'],
    // Only transport failures: "failed to signal" also wraps errors the agent returned (1.21.0-1.25.1).
    regex:
      /failed to (?:signal|contact) node Istio CNI agent: (?<error>(?=.{0,1000}?(?:failed to send event request|dial unix)).*)/,
    fields: ['error', 'path', 'pod', 'sandbox'],
    examples: [
      'istio-cni cmdAdd error: istio-cni cmdAdd failed to contact node Istio CNI agent: failed to send event request: Post "http://unix/cmdadd": dial unix /var/run/istio-cni/pluginevent.sock: connect: connection refused',
      'istio-cni cmdAdd failed to signal node Istio CNI agent: Post "http://unix/cmdadd": dial unix /var/run/istio-cni/pluginevent.sock: connect: no such file or directory',
    ],
  },
  {
    id: 'cni-event-push-failed',
    severity: 'error',
    category: 'ambient',
    title: 'Node agent rejected the CNI event',
    meaning:
      'The agent answered the plugin with an HTTP error; the body holds the agent-side error for this pod.',
    cause:
      'Pod lookup failed, the pod is not eligible for ambient, in-pod iptables/nftables failed, or ztunnel refused the workload (ack error).',
    fix: 'Read the istio-cni-node log on the node for the same pod.',
    link: AMBIENT_TROUBLESHOOTING,
    versions: '1.21+ ("error was <code>" without the body 1.21.0-1.22.2)',
    source: 'plugin',
    literals: ['unable to push CNI event'],
    regex:
      /unable to push CNI event \(status code \d+\): (?<error>.*)|unable to push CNI event, error was (?<error2>\d+)/,
    fields: ['error', 'pod', 'sandbox'],
    examples: [
      'istio-cni cmdAdd error: istio-cni cmdAdd failed to contact node Istio CNI agent: unable to push CNI event (status code 500): pod add cannot be retried: failed to update POD inpod: default/httpbin-7f8b9c-x7k2p exit status 4',
      'istio-cni cmdAdd failed to signal node Istio CNI agent: unable to push CNI event, error was 500',
    ],
  },
  {
    id: 'ipset-entry-exists',
    severity: 'error',
    category: 'ambient',
    title: 'Pod IP already in the health-probe ipset',
    meaning:
      'The agent could not add the pod IP to the istio-inpod-probes ipset because it is already there; the pod will fail its health checks.',
    cause:
      'The plugin ran twice for the pod (istio-cni in both the Multus and the primary config) or duplicate pod IPs (IPAM bug).',
    fix: 'Make sure istio-cni appears once in the effective CNI chain; restart the pod.',
    link: istioIssue(52761),
    versions: '1.21+ (ipset; nftables addressSet wording 1.28+)',
    source: 'agent',
    literals: [
      'istio-inpod-probes-v4: exist',
      'istio-inpod-probes-v6: exist',
      'has IP collision',
      'failed to add pod to ipset',
      'failed to add pod to addressSet',
      'failed adding ip ',
      'failed adding pod ',
    ],
    // Since 1.22.2 the collision line names the pod without its namespace.
    regex:
      /ipset istio-inpod-probes-v[46]: exist|pod (?:(?<pod>[^\s/]+\/[^\s/]+)|\S+) has IP collision|failed to add pod to (?:ipset|addressSet)(?:: (?<pod2>[^\s/:]+\/[^\s/:]+)(?= ))?(?<error>.*)|failed adding (?:ip|pod) \S+ to (?:addressSet|set|ipset)(?<error2>.*)/,
    fields: ['pod', 'error'],
    examples: [
      'failed adding pod echo-server-6889c4fbd-jhzlt to ipset %!s(*string=0xc00028e208) with ip 10.44.251.136, error was failed to add IP 10.44.251.136 to ipset istio-inpod-probes-v4: exist',
      'pod echo-server-6889c4fbd-jhzlt has IP collision ([10.44.251.136]), pod will be skipped and will fail healthchecks: exist',
    ],
  },
  {
    id: 'inpod-reconcile-failed',
    severity: 'error',
    category: 'ambient',
    title: 'Could not restore in-pod rules (netns not found)',
    meaning:
      "After a restart or node reboot the agent could not find the pod's network namespace, so an existing ambient pod may have no redirection.",
    cause: 'Node reboot: pods are recreated with new netns before the agent reconciles (#55968).',
    fix: 'Restart the affected pods; consider istioOwnedCNIConfig and reconcileIptablesOnStartup.',
    link: istioIssue(55968),
    versions: '1.25+',
    source: 'agent',
    literals: ['failed to reconcile inpod rules', "can't find netns for pod"],
    regex:
      /failed to reconcile inpod rules for pod[^:]{0,200}: (?<error>.*)|can't find netns for pod(?<error2>.*)/,
    fields: ['pod', 'error'],
    examples: [
      "failed to reconcile inpod rules for pod, try restarting the pod, or removing and re-adding it to the mesh: can't find netns for pod, this is ok if this is a newly created pod (netns not provided, but is needed as pod is not in cache)",
    ],
  },
  {
    id: 'ztunnel-port-in-use',
    severity: 'error',
    category: 'ambient',
    title: 'ztunnel cannot bind 15008 in the pod (address in use)',
    meaning:
      "ztunnel could not open its in-pod listener because port 15008 is already taken in the pod's network namespace; the pod is not captured and the node agent gets a nack.",
    cause:
      'An application container (or a sidecar left from sidecar mode) listens on 15008 (HBONE), or a previous ztunnel proxy for the same pod netns was not torn down.',
    fix: 'Move the application off 15001/15006/15008; make sure the pod has no istio-proxy sidecar; restart the pod.',
    link: 'https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio',
    versions: '1.22+',
    source: 'ztunnel',
    literals: ['kind: AddrInUse', 'Address in use'],
    regex:
      /Bind\((?<error>[^,)\s]{0,300}:15008), Os \{ code: 98, kind: AddrInUse|failed to bind to address (?<error2>\S{0,300}:15008): Address in use/,
    fields: ['error'],
    examples: [
      'failed to start proxy: Bind([::]:15008, Os { code: 98, kind: AddrInUse, message: "Address in use" })',
      'failed to add workload: failure to start proxy : Bind([::]:15008, Os { code: 98, kind: AddrInUse, message: "Address in use" })',
    ],
  },
  {
    id: 'iptables-restore-failed',
    severity: 'error',
    category: 'ambient',
    title: 'iptables-restore failed inside the pod',
    meaning:
      "The node agent could not load the in-pod redirection rules with iptables-restore; the text after the colon (and the next lines: iptables-restore's own output) says which rule failed. The pod is not captured.",
    cause:
      'iptables-legacy/nft mismatch between the node and the agent image, missing kernel modules (xt_socket, xt_TPROXY), or rules left by another tool.',
    fix: 'Check the node iptables backend and kernel modules; set FORCE_IPTABLES_BINARY or global.nativeNftables; restart the pod.',
    link: AMBIENT_TROUBLESHOOTING,
    versions: '1.21+',
    source: 'agent',
    literals: ['failed to restore iptables rules'],
    regex: /failed to restore iptables rules: (?<error>.*)/,
    fields: ['error'],
    examples: ['failed to restore iptables rules: exit status 1'],
  },
  {
    id: 'pod-capture-failed',
    severity: 'error',
    category: 'ambient',
    title: 'Pod capture failed (in-pod iptables/nftables)',
    meaning:
      'Programming the redirection inside the pod failed and will not be retried: the pod bypasses the mesh.',
    cause: 'Missing kernel modules, iptables-legacy/nft mismatch, or netns not found.',
    fix: 'Restart the pod; check the node iptables backend and FORCE_IPTABLES_BINARY.',
    link: AMBIENT_TROUBLESHOOTING,
    versions: '1.21+',
    source: 'agent',
    literals: [
      'Failed capturing pod',
      'failed to update POD inpod',
      'pod add cannot be retried',
      'failed to add branch ENI rules',
    ],
    regex:
      /Failed capturing pod, will not retry\. AddPodToMesh returned: (?<error>.*)|failed to update POD inpod: (?<pod>[^\s/]+\/[^\s/]+) (?<error2>.*)|pod add cannot be retried: (?<error3>.*)|failed to add branch ENI rules for pod (?<error4>.*)/,
    fields: ['pod', 'error'],
    examples: [
      'failed to update POD inpod: default/httpbin-7f8b9c-x7k2p exit status 4',
      'failed to handle add event: pod add cannot be retried: failed to update POD inpod: default/httpbin-7f8b9c-x7k2p exit status 4',
    ],
  },
  {
    id: 'ztunnel-add-failed',
    severity: 'error',
    category: 'ambient',
    title: 'Pod not handed to ztunnel',
    meaning:
      'iptables are in place but ztunnel did not accept the pod; the pod gets redirection pending and has no traffic until a ztunnel takes it.',
    cause: 'No or unhealthy ztunnel on the node, or ztunnel rejected the workload.',
    fix: 'Check the ztunnel pod and log on the node; the agent retries.',
    link: AMBIENT_TROUBLESHOOTING,
    versions: '1.21+',
    source: 'agent',
    literals: [
      'failed to add pod to ztunnel',
      'was not enrolled and is unhealthy',
      'Unable to send pod to ztunnel',
    ],
    regex:
      /failed to add pod to ztunnel: (?<error>.*)|pod: (?<pod>[^\s/]+\/[^\s/]+) was not enrolled and is unhealthy: (?<error2>.*)|Unable to send pod to ztunnel\. Will retry\. AddPodToMesh returned: (?<error3>.*)/,
    fields: ['pod', 'error'],
    examples: [
      'failed to add pod to ztunnel: pod partially added, annotating with pending status',
      'failed to add pod to ztunnel: partial add error: got ack error: failure to start proxy : Generic(Io(Os { code: 24, kind: Uncategorized, message: "Too many open files" }))',
    ],
  },
  {
    id: 'ztunnel-ack-error',
    severity: 'error',
    category: 'ambient',
    title: 'ztunnel rejected or did not answer a workload',
    meaning: 'The agent sent a workload to ztunnel and got an error or no answer.',
    cause: 'ztunnel is unhealthy, overloaded, or failed to create the in-pod proxy.',
    fix: 'Read the ztunnel log on the node (look for "failed to start proxy").',
    link: AMBIENT_TROUBLESHOOTING,
    versions: '1.21+ ("ztunnel acked error" 1.21-1.24)',
    source: 'agent',
    literals: [
      'with an ack error',
      'got ack error',
      'timed out waiting for valid ztunnel response',
      'ztunnel connection broken',
      'ztunnel acked error',
      'failed to add workload:',
    ],
    regex:
      /(?:ztunnel responded with an ack error|got ack error): (?<error>.*)|timed out waiting for valid ztunnel response(?<error2>.*)|ztunnel connection broken\/unwritable|ztunnel acked error: (?<error3>.*)|failed to add workload: (?<error4>.*)/,
    fields: ['error', 'pod'],
    examples: [
      'ztunnel responded with an ack error: ackErr failure to start proxy : Generic(Io(Os { code: 24, kind: Uncategorized, message: "Too many open files" }))',
      'ztunnel acked error: err read unix /var/run/ztunnel/ztunnel.sock->@: i/o timeout ackErr ',
    ],
  },
  {
    id: 'ztunnel-disconnected',
    severity: 'info',
    category: 'ambient',
    title: 'ztunnel disconnected from the node agent',
    meaning:
      'A ztunnel disconnected. With "total connected 0", new ambient pods on this node fail with "no ztunnel connection" until it reconnects.',
    cause: 'ztunnel restart, upgrade or crash.',
    fix: 'Nothing if a "new ztunnel connected" line follows soon; otherwise check the ztunnel pod.',
    link: AMBIENT_TROUBLESHOOTING,
    versions: '1.25+ (debug level before)',
    source: 'agent',
    literals: ['ztunnel disconnected'],
    regex: /ztunnel disconnected, total connected/,
    fields: [],
    examples: ['ztunnel disconnected, total connected 0'],
  },
  {
    id: 'namespace-excluded-ambient',
    severity: 'warning',
    category: 'ambient',
    title: 'Ambient namespace excluded by excludeNamespaces',
    meaning:
      'The namespace is labeled for ambient but listed in excludeNamespaces, so its pods are not (or no longer) enrolled.',
    cause: 'cni.excludeNamespaces contains the namespace (default kube-system).',
    fix: 'Remove the namespace from excludeNamespaces or the ambient label from the namespace.',
    link: AMBIENT_TROUBLESHOOTING,
    versions: '1.30+',
    source: 'agent',
    literals: ['excluded by excludeNamespaces'],
    regex: /[Nn]amespace (?<error>\S+) is (?:labeled for ambient mesh but is )?excluded by excludeNamespaces/,
    fields: ['error'],
    examples: [
      'Namespace kube-system is labeled for ambient mesh but is excluded by excludeNamespaces configuration; pods will not be enrolled',
      'pod is enrolled in ambient mesh but namespace kube-system is excluded by excludeNamespaces configuration; pod will be removed from mesh',
    ],
  },
  {
    id: 'pod-cache-miss',
    severity: 'warning',
    category: 'ambient',
    title: 'CNI event for a pod not yet in the agent cache',
    meaning: 'The agent got a CNI event for a pod its informer has not seen yet and retries.',
    cause:
      'Informer lag; benign if success follows, a problem if retries run out (API server slow or unreachable).',
    fix: 'Nothing if followed by success; otherwise check API server connectivity from the node.',
    link: AMBIENT_TROUBLESHOOTING,
    versions: '1.21+',
    source: 'agent',
    literals: ['not found in current pod cache'],
    regex: /got an event for pod (?<name>\S+) in namespace (?<ns>\S+) not found in current pod cache/,
    fields: ['pod'],
    examples: [
      'got an event for pod httpbin-7f8b9c-x7k2p in namespace default not found in current pod cache, retry 1 of 3',
    ],
  },
  {
    id: 'netns-ambiguous',
    severity: 'warning',
    category: 'ambient',
    title: 'Ambiguous pod network namespace',
    meaning: 'The agent found no or several network namespaces for a pod while pairing it.',
    cause: 'A foreign process transiting the pod netns, or process reuse (#55139).',
    fix: 'Upgrade if on an affected version; restart the pod.',
    link: istioIssue(55139),
    versions: '1.24.4+ ("netns does not contain any IP" first in 1.31.0-rc.0, not in 1.30.3)',
    source: 'agent',
    literals: ['netns does not contain any IP of pod', 'found more than one netns for the same pod'],
    regex:
      /netns does not contain any IP of pod (?<pod>[^\s/]+\/[^\s/]+?);|found more than one netns for the same pod: (?<error>\S+)/,
    fields: ['pod'],
    examples: [
      'found more than one netns for the same pod: 3f6b0c8e-9a51-4d7e-b2c4-6e1f0a9d7c35, will use oldest process netns',
      "netns does not contain any IP of pod default/httpbin-7f8b9c-x7k2p; refusing the pairing, a foreign process may be transiting another pod's netns",
    ],
  },
  {
    id: 'ambient-agent-start-failed',
    severity: 'error',
    category: 'ambient',
    title: 'Ambient node agent failed to start',
    meaning:
      'The ambient node agent could not start (host rules or kube client); istio-cni-node crash-loops.',
    cause:
      'Host iptables/nftables cannot be programmed (backend mismatch, missing modules) or the API server is unreachable.',
    fix: 'Read the error; check the node iptables backend and global.nativeNftables.',
    link: AMBIENT_TROUBLESHOOTING,
    versions: '1.21+ (nftables wording 1.28+)',
    source: 'agent',
    literals: [
      'failed to create ambient nodeagent service',
      'error initializing the host rules',
      'failed to add host netnamespace iptables rules',
      "Can't switch to host namespace",
      'failed to get the kubelet uid',
      'failed to program nftable rules in the host network namespace',
    ],
    regex:
      /failed to create ambient nodeagent service: (?<error>.*)|error initializing the host rules for health checks(?<error2>.*)|failed to add host netnamespace iptables rules: (?<error3>.*)|Can't switch to host namespace: (?<error4>.*)|failed to get the kubelet uid: (?<error5>.*)|failed to program nftable rules in the host network namespace: (?<error6>.*)/,
    fields: ['error'],
    examples: ['failed to add host netnamespace iptables rules: exit status 4'],
  },
  {
    id: 'nftables-backend-fallback',
    severity: 'warning',
    category: 'ambient',
    title: 'nftables requested, iptables used',
    meaning: 'The agent fell back to the iptables backend although native nftables was configured.',
    cause: 'IP sets from a previous iptables install exist on the node, or nft lacks libjansson.',
    fix: 'Reboot the node to complete the migration, or install an nft with JSON support.',
    link: AMBIENT_TROUBLESHOOTING,
    versions: '1.28.2+ (libjansson check 1.29.4+)',
    source: 'agent',
    literals: ['iptables artifacts detected', 'nft binary built without libjansson'],
    regex: /iptables artifacts detected \(IPsets exist\)|nft binary built without libjansson/,
    fields: [],
    examples: [
      'iptables artifacts detected (IPsets exist). Overriding nftables configuration and continuing with iptables backend. To complete migration to nftables, reboot the node.',
    ],
  },
  {
    id: 'ztunnel-cni-socket-unreachable',
    severity: 'warning',
    category: 'ambient',
    title: 'ztunnel cannot reach the Istio CNI node agent',
    meaning:
      'ztunnel could not connect to the node agent socket; ztunnel stays NotReady and no ambient pod on the node works.',
    cause:
      'istio-cni-node is not running or not in ambient mode on this node, or the /var/run/ztunnel hostPath differs.',
    fix: 'Make istio-cni-node Ready on the node with ambient enabled (profile=ambient).',
    link: AMBIENT_TROUBLESHOOTING,
    versions: '1.22+ ("failed to connect to server" 1.22-1.23, "the Istio CNI node agent" 1.24+)',
    source: 'ztunnel',
    literals: ['failed to connect to the Istio CNI node agent', 'failed to connect to server'],
    regex:
      /failed to connect to the Istio CNI node agent over \\?"(?<path>[^"\\]+)\\?"(?:, is the node agent healthy\? details: (?<error>.*))?|failed to connect to server:? (?<error2>.*)/,
    fields: ['path', 'error'],
    examples: [
      'failed to connect to the Istio CNI node agent over "/var/run/ztunnel/ztunnel.sock", is the node agent healthy? details: Os { code: 2, kind: NotFound, message: "No such file or directory" }. retrying in 15s',
      'failed to connect to server: Os { code: 2, kind: NotFound, message: "No such file or directory" }. retrying in 15s',
    ],
  },
  {
    id: 'ztunnel-announcement-failed',
    severity: 'error',
    category: 'ambient',
    title: 'ztunnel and the node agent do not agree',
    meaning:
      'ztunnel could not announce itself to the node agent, or the stream broke with a protocol mismatch.',
    cause: 'istio-cni and ztunnel versions are incompatible, or the agent restarted.',
    fix: 'Run matching istio-cni and ztunnel versions; restart ztunnel after upgrading istio-cni.',
    link: AMBIENT_TROUBLESHOOTING,
    versions: '1.22+ (announcement 1.23+)',
    source: 'ztunnel',
    literals: [
      'node agent announcement failed',
      'protocol mismatch error while processing stream',
      'failed to read message:',
      'failed to process message:',
    ],
    regex:
      /node agent announcement failed \((?<error>[^)]{0,1000})\)|protocol mismatch error while processing stream|failed to (?:read|process) message: (?<error2>.*)/,
    fields: ['error'],
    examples: ['node agent announcement failed (Connection reset by peer (os error 104)), retrying in 1s'],
  },
  {
    id: 'ztunnel-proxy-start-failed',
    severity: 'error',
    category: 'ambient',
    title: 'ztunnel could not start the in-pod proxy',
    meaning:
      "ztunnel could not create the workload proxy in the pod's network namespace; the agent sees an ack error.",
    cause: 'Netns gone, sockets or capabilities missing, certificate fetch failures.',
    fix: 'Read the error; restart the pod; check ztunnel resources and logs.',
    link: AMBIENT_TROUBLESHOOTING,
    versions: '1.22+',
    source: 'ztunnel',
    literals: ['failed to start proxy'],
    regex: /failed to start proxy: (?<error>.*)/,
    fields: ['error'],
    examples: [
      'failed to start proxy: Generic(Io(Os { code: 24, kind: Uncategorized, message: "Too many open files" }))',
    ],
  },
];
