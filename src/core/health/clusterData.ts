/**
 * Everything the health model is computed from: the scoped lists a ClusterClient (live or
 * snapshot) gathers. Plain data, so the model is a pure function of it.
 */
import type {
  K8sClusterRoleBinding,
  K8sConfigMap,
  K8sDaemonSet,
  K8sEvent,
  K8sNamespace,
  K8sNode,
  K8sPod,
} from './k8s';

export interface ClusterData {
  /** Namespace the istio-cni-node DaemonSet runs in (found by label), if found. */
  cniNamespace: string | undefined;
  /** The istio-cni-node DaemonSet, if found. */
  daemonSet: K8sDaemonSet | undefined;
  /** Pods labelled `k8s-app=istio-cni-node`. */
  cniPods: K8sPod[];
  nodes: K8sNode[];
  /**
   * Pods that depend on istio-cni: sidecar pods with an `istio-validation` init container,
   * ambient pods (`ambient.istio.io/redirection` annotation or dataplane-mode label), and pods
   * named by CNI events. Never "every pod in the cluster" unless the source only has that.
   */
  workloadPods: K8sPod[];
  /** Namespaces, for the ambient `istio.io/dataplane-mode` label (may be empty). */
  namespaces: K8sNamespace[];
  /**
   * Events that matter to istio-cni: reasons `FailedCreatePodSandBox`, `DeleteBrokenPod`,
   * `LabelBrokenPod`, and any event whose message names istio-cni.
   */
  events: K8sEvent[];
  /** Recent istio-cni-node log text per node name (optional; used for repair lines). */
  cniLogs: Record<string, string>;
  /** The `istio-cni-config` ConfigMap in the CNI namespace, if readable. */
  configMap?: K8sConfigMap | undefined;
  /** ztunnel pods (`app=ztunnel`), one per node in ambient. */
  ztunnelPods?: K8sPod[];
  /** The istio-cni ClusterRoleBindings, if readable. */
  clusterRoleBindings?: K8sClusterRoleBinding[];
}

export const emptyClusterData = (): ClusterData => ({
  cniNamespace: undefined,
  daemonSet: undefined,
  cniPods: [],
  nodes: [],
  workloadPods: [],
  namespaces: [],
  events: [],
  cniLogs: {},
});
