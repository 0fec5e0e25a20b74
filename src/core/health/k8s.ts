/**
 * The parts of Kubernetes objects the health model reads, in the JSON wire format
 * (`kubectl get -o json`): timestamps are RFC 3339 strings, every field is optional because real
 * clusters and snapshots leave fields out. Live data from client-node is converted to this shape
 * in src/cluster/kube; snapshots are parsed straight into it.
 */

export interface K8sObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: {
    apiVersion?: string;
    kind?: string;
    name?: string;
    uid?: string;
    controller?: boolean;
  }[];
}

export interface K8sContainer {
  name?: string;
  image?: string;
  args?: string[];
  env?: { name?: string; value?: string }[];
}

export interface K8sContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: {
    exitCode?: number;
    reason?: string;
    message?: string;
    startedAt?: string;
    finishedAt?: string;
  };
}

export interface K8sContainerStatus {
  name?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  image?: string;
  state?: K8sContainerState;
  lastState?: K8sContainerState;
}

export interface K8sPod {
  apiVersion?: string;
  kind?: string;
  metadata?: K8sObjectMeta;
  spec?: {
    nodeName?: string;
    hostNetwork?: boolean;
    restartPolicy?: string;
    initContainers?: K8sContainer[];
    containers?: K8sContainer[];
  };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    podIP?: string;
    startTime?: string;
    conditions?: {
      type?: string;
      status?: string;
      reason?: string;
      message?: string;
      lastTransitionTime?: string;
    }[];
    initContainerStatuses?: K8sContainerStatus[];
    containerStatuses?: K8sContainerStatus[];
  };
}

export interface K8sNode {
  apiVersion?: string;
  kind?: string;
  metadata?: K8sObjectMeta;
  spec?: {
    taints?: { key?: string; value?: string; effect?: string }[];
    unschedulable?: boolean;
    /** `gce://project/zone/name` on GKE, `k3s://name` on k3s, ... */
    providerID?: string;
  };
  status?: {
    conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
    nodeInfo?: { kubeletVersion?: string; containerRuntimeVersion?: string; osImage?: string };
  };
}

export interface K8sEvent {
  apiVersion?: string;
  kind?: string;
  metadata?: K8sObjectMeta;
  involvedObject?: { kind?: string; namespace?: string; name?: string; uid?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingController?: string;
}

export interface K8sDaemonSet {
  apiVersion?: string;
  kind?: string;
  metadata?: K8sObjectMeta;
  spec?: { template?: { spec?: { containers?: K8sContainer[]; serviceAccountName?: string } } };
  status?: {
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    numberReady?: number;
    numberAvailable?: number;
    numberUnavailable?: number;
    updatedNumberScheduled?: number;
  };
}

export interface K8sNamespace {
  apiVersion?: string;
  kind?: string;
  metadata?: K8sObjectMeta;
}

/** The `istio-cni-config` ConfigMap (settings as env-style keys, facts §B.1). */
export interface K8sConfigMap {
  apiVersion?: string;
  kind?: string;
  metadata?: K8sObjectMeta;
  data?: Record<string, string>;
}

/** A ClusterRoleBinding of istio-cni: only the subjects matter (facts §D23). */
export interface K8sClusterRoleBinding {
  apiVersion?: string;
  kind?: string;
  metadata?: K8sObjectMeta;
  roleRef?: { apiGroup?: string; kind?: string; name?: string };
  subjects?: { kind?: string; name?: string; namespace?: string }[];
}

/** The kinds a watch reports on, and the shape of one watch event. */
export type WatchedKind =
  'Pod' | 'Node' | 'Event' | 'DaemonSet' | 'Namespace' | 'ConfigMap' | 'ClusterRoleBinding';
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type K8sObject =
  K8sPod | K8sNode | K8sEvent | K8sDaemonSet | K8sNamespace | K8sConfigMap | K8sClusterRoleBinding;
