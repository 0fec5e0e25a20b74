/**
 * One cause and one next step per affected reason, worded from the istio.io CNI troubleshooting
 * guide and the facts file (§B.3, §B.4, §D). Reports print these under each reason group.
 */
import type { AffectedReason } from './model';

export interface ReasonInfo {
  title: string;
  cause: string;
  nextStep: string;
}

export const REASON_INFO: Record<AffectedReason, ReasonInfo> = {
  'validation-failed': {
    title: 'istio-validation failed',
    cause:
      "iptables redirection is missing in the pod: the pod started before istio-cni was ready on its node, or istio-cni is not in the node's effective CNI chain.",
    nextStep:
      "Check the node's istio-cni-node is Ready and its conflist contains istio-cni, then delete the pod so it is recreated with redirection.",
  },
  'sandbox-cni-failed': {
    title: 'Pod sandbox creation failed in istio-cni',
    cause:
      'The istio-cni plugin returned an error to the container runtime, so the pod cannot get a network.',
    nextStep: 'Read the error text and the istio-cni-node log on that node ({cniLogs}).',
  },
  'repair-deleted': {
    title: 'Deleted by istio-cni race repair',
    cause:
      'The repair controller found the pod without redirection (istio-validation exit 126) and deleted it so it is recreated.',
    nextStep:
      'Usually self-healing; if it repeats, check the istio-cni-node log on that node for install errors ({cniLogs}).',
  },
  'repair-labeled': {
    title: 'Labeled broken by istio-cni race repair',
    cause:
      'The repair controller (labelPods mode) marked the pod cni.istio.io/uninitialized=true: it has no redirection and is not repaired automatically.',
    nextStep:
      'Delete the pod so it is recreated on a node with istio-cni running (kubectl get pods -A -l cni.istio.io/uninitialized=true).',
  },
  'eviction-loop': {
    title: 'Evicted again and again',
    cause:
      'Race repair keeps deleting pods of the same workload: the plugin is not properly installed on the node, so redirection can never be set up.',
    nextStep:
      'Read the istio-cni-node log for install errors ({cniLogs}) and check cniBinDir/cniConfDir against the container runtime.',
  },
  'node-cni-not-ready': {
    title: 'Stuck on a node without a ready istio-cni',
    cause: 'The pod has not started and istio-cni-node on its node is not ready, crash-looping or missing.',
    nextStep: 'Fix istio-cni-node on that node first ({cniLogs}), then let the pod retry or delete it.',
  },
  'ambient-pending': {
    title: 'Ambient redirection pending',
    cause:
      'ambient.istio.io/redirection is pending: iptables are in place but ztunnel has not accepted the pod, so it has no traffic.',
    nextStep: 'Check ztunnel on that node is Running and connected to the istio-cni node agent ({ztunnel}).',
  },
};

/** The reason's next step with `{cniLogs}` filled in for the node's istio-cni-node pod. */
export function nextStepFor(
  reason: AffectedReason,
  cniPod: { namespace: string; name: string } | null,
  node: string,
): string {
  const logs = cniPod
    ? `kubectl logs -n ${cniPod.namespace} ${cniPod.name} -c install-cni`
    : node
      ? `no istio-cni-node pod on ${node}: kubectl get ds -A -l k8s-app=istio-cni-node`
      : 'kubectl get pods -A -l k8s-app=istio-cni-node -o wide';
  // ztunnel's namespace is not known here: find it by label on the node instead of guessing.
  const ztunnel = node
    ? `kubectl get pods -A -l app=ztunnel -o wide --field-selector spec.nodeName=${node}`
    : 'kubectl get pods -A -l app=ztunnel -o wide';
  return REASON_INFO[reason].nextStep.replace('{cniLogs}', logs).replace('{ztunnel}', ztunnel);
}
