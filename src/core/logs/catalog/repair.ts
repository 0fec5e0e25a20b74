/**
 * The race repair controller (istio/istio cni/pkg/repair; scope cni-agent, `repair` up to 1.22)
 * and its pod events. Lines about one pod are findings: each one means the race happened. Call
 * sites and tag ranges: test/fixtures/logs/corpus/istio.tsv.
 */
import { type LogPattern } from '../types';
import { CNI_TROUBLESHOOTING, istioIssue } from './links';

const POD = String.raw`(?<pod>[a-z0-9][a-z0-9.-]*\/[a-z0-9][a-z0-9.-]*)`;

export const REPAIR_PATTERNS: readonly LogPattern[] = [
  {
    id: 'repair-failed',
    severity: 'error',
    category: 'repair',
    title: 'The repair controller could not repair a broken pod',
    meaning:
      'The race repair controller found a broken pod but failed to repair, delete or label it, so the pod stays broken.',
    cause:
      'No /host/proc mount or missing SYS_ADMIN/SYS_PTRACE capabilities (repair mode), netns not found, or RBAC denies delete/patch of pods.',
    fix: 'Check the istio-cni-node DaemonSet security context and ClusterRole; delete the pod by hand meanwhile.',
    link: CNI_TROUBLESHOOTING,
    versions: 'all (events 1.21+)',
    source: 'agent',
    literals: [
      'failed to setup redirection',
      'Failed to update pod:',
      'but failed to delete',
      'but failed to label',
      'constructing repair controller',
      'repair could not construct clientSet',
    ],
    regex:
      /failed to setup redirection: (?<error>.*)|detected as broken, but failed to (?:delete|label): (?<error2>.*)|Fatal error constructing repair controller: (?<error3>.*)|CNI repair could not construct clientSet: (?<error4>.*)|Failed to update pod: (?<error5>.*)/,
    fields: ['error'],
    examples: [
      'failed to setup redirection: get netns: open /host/proc/4242/ns/net: no such file or directory',
      'pod detected as broken, but failed to delete: pods "reviews-v1-5b8d6d8f6d-x2x9k" is forbidden',
    ],
  },
  {
    id: 'controller-retrying',
    severity: 'error',
    category: 'repair',
    title: 'istio-cni controller failed on a pod and retries',
    meaning:
      'The repair controller ("repair pods") or the ambient node agent ("ambient") failed to handle a pod and requeued it; "retry budget exceeded" means it gave up on that pod.',
    cause:
      'Usually RBAC (delete/patch pods denied), the API server being unreachable, or the pod changing under the controller.',
    fix: 'Read the error; check the istio-cni ClusterRole; for a pod given up on, delete it by hand.',
    link: CNI_TROUBLESHOOTING,
    versions: '1.19+',
    source: 'agent',
    literals: ['error handling '],
    regex:
      /error handling (?<pod>[^\s,/]+\/[^\s,/]+), (?:retrying \(retry count: \d+\)|and retry budget exceeded): (?<error>.*)/,
    fields: ['pod', 'error'],
    examples: [
      'error handling default/reviews-v1-5b8d6d8f6d-x2x9k, retrying (retry count: 3): pods "reviews-v1-5b8d6d8f6d-x2x9k" is forbidden: User "system:serviceaccount:istio-system:istio-cni" cannot delete resource "pods"',
    ],
  },
  {
    id: 'repair-deleted-broken-pod',
    severity: 'warning',
    category: 'repair',
    title: 'Repair controller deleted a broken pod',
    meaning:
      'A pod failed istio-validation (exit 126) because it started before istio-cni was ready; the repair controller deleted it so it is recreated with redirection in place.',
    cause:
      'Pods scheduled on a node before istio-cni-node was Ready (node start, agent restart). Repeated deletes of the same workload mean istio-cni is not installed or not effective on that node.',
    fix: 'Nothing if it happens once. If it repeats, check the istio-cni entry in the node conflist; consider the node taint controller to keep pods off nodes until istio-cni is ready.',
    link: CNI_TROUBLESHOOTING,
    versions: 'all ("Deleting broken pod" <=1.18, event 1.21+)',
    source: 'agent',
    literals: ['detected as broken, delet', 'Deleting broken pod', 'DeleteBrokenPod'],
    regex: new RegExp(
      String.raw`Pod detected as broken, deleting: ${POD}|Deleting broken pod: (?<pod2>[^\s/]+\/[^\s/]+)|[Pp]od detected as broken, deleted\b`,
    ),
    fields: ['pod'],
    examples: [
      'Pod detected as broken, deleting: default/reviews-v1-5b8d6d8f6d-x2x9k',
      'Deleting broken pod: service-graph00/svc00-0v1-95b5885bf-zhbzm',
      'pod detected as broken, deleted',
    ],
  },
  {
    id: 'repair-labeled-broken-pod',
    severity: 'warning',
    category: 'repair',
    title: 'Repair controller labeled a broken pod',
    meaning:
      'A pod failed istio-validation; the repair controller (labelPods mode) added the label cni.istio.io/uninitialized so an operator or tool can act on it.',
    cause: 'Pods scheduled before istio-cni-node was Ready on the node.',
    fix: 'Delete the labeled pods (`kubectl delete pod -l cni.istio.io/uninitialized=true -A`), or switch to repairPods/deletePods mode.',
    link: CNI_TROUBLESHOOTING,
    versions: 'all (event 1.21+)',
    source: 'agent',
    literals: [
      'detected as broken, adding label',
      'detected as broken, labeled',
      'LabelBrokenPod',
      'Labeling pod ',
    ],
    regex: new RegExp(
      String.raw`Pod detected as broken, adding label: ${POD}|Labeling pod (?<pod2>[^\s/]+\/[^\s/]+) with label|[Pp]od detected as broken, labeled\b`,
    ),
    fields: ['pod'],
    examples: [
      'Pod detected as broken, adding label: default/reviews-v1-5b8d6d8f6d-x2x9k',
      'Labeling pod default/reviews-v1-5b8d6d8f6d-x2x9k with label cni.istio.io/uninitialized=true',
      'pod detected as broken, labeled',
    ],
  },
  {
    id: 'repair-pod-repaired',
    severity: 'info',
    category: 'repair',
    title: 'Repair controller repaired a pod in place',
    meaning:
      "The repair controller programmed iptables inside a running pod's network namespace; the pod recovers at its next init-container restart (after a CrashLoop back-off).",
    cause: 'The pod started before istio-cni was ready on the node.',
    fix: 'Nothing if the pod recovers. If istio-validation keeps failing after "pod repaired" (seen on Bottlerocket/EKS), set repair.deletePods=true.',
    link: istioIssue(56587),
    versions: '1.19.5+',
    source: 'agent',
    literals: ['pod repaired'],
    regex: /(?<=^|[\s"])pod repaired(?=\s*$|\t|\s{2}|"|\s+\w+=)/,
    fields: ['pod'],
    examples: ['pod repaired'],
  },
];
