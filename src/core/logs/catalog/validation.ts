/**
 * istio-validation init container (sidecar + CNI): the first place users look when a pod is stuck
 * in Init:CrashLoopBackOff. Strings from istio/istio tools/istio-iptables/pkg/{validation,cmd};
 * call sites and tag ranges: test/fixtures/logs/corpus/istio.tsv.
 */
import { type LogPattern } from '../types';
import { CNI_TROUBLESHOOTING, istioIssue } from './links';

export const VALIDATION_PATTERNS: readonly LogPattern[] = [
  {
    id: 'validation-connection-refused',
    severity: 'error',
    category: 'validation',
    title: 'Traffic redirection missing in the pod (istio-validation)',
    meaning:
      'istio-validation dialled 127.0.0.6:15002 and nothing answered: the iptables REDIRECT rules that the CNI plugin should have programmed in this pod are absent.',
    cause:
      'The pod was scheduled before istio-cni was ready on the node (race), istio-cni is not in the CNI chain the runtime uses, or the pod/namespace is excluded from the plugin.',
    fix: 'Check that istio-cni-node is Ready on the node and that its entry is in the active conflist; with the repair controller the pod is repaired or deleted automatically, otherwise delete the pod.',
    link: CNI_TROUBLESHOOTING,
    versions: 'all',
    source: 'validation',
    literals: ['Error connecting to '],
    regex: /Error connecting to (?:127\.0\.0\.6|\[::6\]):15002: (?<error>.*)/,
    fields: ['error'],
    examples: [
      'Error connecting to 127.0.0.6:15002: dial tcp 127.0.0.1:0->127.0.0.6:15002: connect: connection refused',
      'Error connecting to [::6]:15002: dial tcp [::1]:0->[::6]:15002: connect: connection refused',
    ],
  },
  {
    id: 'validation-timeout',
    severity: 'error',
    category: 'validation',
    title: 'istio-validation timed out',
    meaning:
      'The validation probe never reached its own listener within the timeout (5 s): traffic redirection is not in place in the pod network namespace.',
    cause: 'Same as the connection-refused lines before it: the CNI plugin did not program this pod.',
    fix: 'Make istio-cni-node Ready on the node and recreate the pod (or let the repair controller do it).',
    link: istioIssue(33986),
    versions: '<=1.14 (printed only before "iptables validation failed" replaced it)',
    source: 'validation',
    literals: ['validation timeout'],
    regex: /\bvalidation timeout\b/,
    fields: [],
    examples: ['validation timeout'],
  },
  {
    id: 'validation-failed',
    severity: 'error',
    category: 'validation',
    title: 'iptables validation failed (exit code 126)',
    meaning:
      'The final istio-validation message: the init container exits with code 126 and the pod goes to Init:CrashLoopBackOff. The repair controller keys on this exit code.',
    cause:
      'The pod was scheduled before istio-cni was ready on the node, or istio-cni is not effective there.',
    fix: 'If installed with cni.repair.deletePods=true the pod is deleted and retried; otherwise delete the pod once istio-cni-node runs on the node.',
    link: CNI_TROUBLESHOOTING,
    versions: '1.15+',
    source: 'validation',
    literals: ['iptables validation failed'],
    regex: /iptables validation failed; workload is not ready for Istio\./,
    fields: [],
    examples: ['iptables validation failed; workload is not ready for Istio.'],
  },
  {
    id: 'validation-listen-failed',
    severity: 'error',
    category: 'validation',
    title: 'istio-validation could not listen on its probe ports',
    meaning: 'istio-validation could not bind 15001/15006 inside the pod, so it cannot check redirection.',
    cause: 'Another container in the pod (or hostNetwork) already uses port 15001 or 15006.',
    fix: 'Remove the port conflict: do not use hostNetwork with sidecars, move the application off 15001/15006.',
    link: CNI_TROUBLESHOOTING,
    versions: 'all',
    source: 'validation',
    literals: ['Error on listening:', 'no listener available', 'Validation failed:'],
    regex: /(?:Error on listening|Validation failed): (?<error>.*)|no listener available(?<error2>.*)/,
    fields: ['error'],
    examples: ['Error on listening: listen tcp 127.0.0.1:15001: bind: address already in use'],
  },
  {
    id: 'validation-init-crashloop',
    severity: 'error',
    category: 'validation',
    title: 'istio-validation init container keeps failing',
    meaning:
      'Kubernetes is backing off restarts of the istio-validation init container: the pod stays in Init:CrashLoopBackOff.',
    cause: 'iptables redirection is missing in the pod (see the istio-validation log).',
    fix: "Read the pod's previous istio-validation log (Show Pod Logs… on the pod in the Istio CNI view, or kubectl logs with -c istio-validation --previous); fix istio-cni on the node and delete the pod.",
    link: CNI_TROUBLESHOOTING,
    versions: 'all',
    source: 'runtime',
    literals: [
      'failed container istio-validation',
      'failed container \\"istio-validation',
      'failed container=istio-validation',
    ],
    regex:
      /[Bb]ack-off (?:\S+ )?restarting failed container(?: \\?"?|=)istio-validation\\?"?(?: in pod \\?"?| pod=)?(?:(?<name>[^_\s"\\(]+)_(?<ns>[^\s("\\]+))?/,
    fields: ['pod'],
    examples: [
      'Back-off restarting failed container istio-validation in pod productpage-v1-6b746f74dc-9stvs_default(3a1c1f0e-6c3e-4b7e-9a0e-1d2f3a4b5c6d)',
      'failed to "StartContainer" for "istio-validation" with CrashLoopBackOff: "back-off 5m0s restarting failed container=istio-validation pod=productpage-v1-6b746f74dc-9stvs_default(3a1c1f0e-6c3e-4b7e-9a0e-1d2f3a4b5c6d)"',
    ],
  },
];
