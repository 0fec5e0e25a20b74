/**
 * Cluster findings: reasons about a node, a DaemonSet or the install rather than one pod (node
 * conditions, DaemonSet FailedCreate events, the istio-cni-node pod's own sandbox failures,
 * ztunnel per node, RBAC). Each `node`/`install` reason of the registry detects its own from
 * this view; the model lists them next to the affected workloads.
 */
import type { AgentLogHit } from './agentLog';
import type { Evidence } from './evidence';
import type { InstallInfo } from './install';
import type { RenderedFix } from './installFix';
import type { K8sClusterRoleBinding, K8sEvent, K8sNode, K8sPod } from './k8s';
import type { NodeHealth } from './model';
import type { ValueChange } from './reasons/reason';

/** ztunnel on one node (ambient): the pod, or null when the node has none. */
export interface ZtunnelHealth {
  namespace: string;
  name: string;
  ready: boolean;
  restarts: number;
  /** `CrashLoopBackOff`, `ContainerCreating`, ... or the phase. */
  state: string;
}

export interface ClusterView {
  nodes: NodeHealth[];
  nodeObjects: ReadonlyMap<string, K8sNode>;
  cniPods: readonly K8sPod[];
  evidence: Evidence;
  /** Events on the istio-cni-node and ztunnel DaemonSets (`FailedCreate`). */
  daemonSetEvents: readonly K8sEvent[];
  install: InstallInfo | null;
  /** ztunnel per node; empty when no ztunnel was seen at all. */
  ztunnel: ReadonlyMap<string, ZtunnelHealth>;
  /** Nodes with ambient pods, or every node when ambient is enabled in istio-cni. */
  ambientNodes: ReadonlySet<string>;
  clusterRoleBindings: readonly K8sClusterRoleBinding[];
  /** The catalog findings of each node's istio-cni-node log, by node name (only logs that were read). */
  agentLogs: ReadonlyMap<string, readonly AgentLogHit[]>;
}

/** What a reason's detect() returns; the model adds the reason id and the next step. */
export interface FindingDraft {
  /** The object it is about: `Node/worker-2`, `DaemonSet/istio-system/istio-cni-node`, ... */
  subject: string;
  /** The node it is about, '' for cluster-wide findings. */
  node: string;
  detail: string;
  /** Placeholder values for the reason's fix text (`{node}`, `{namespace}`, ...). */
  vars?: Record<string, string>;
  /** Chart values that fix this finding (when they depend on it), rendered in the install's method as `{valueFix}`. */
  values?: ValueChange[];
}

export interface ClusterFinding extends FindingDraft {
  reason: string;
  nextStep: string;
  /** The fix in the user's install method, when the reason's fix is a chart value. */
  valueFix?: RenderedFix;
}

export function ztunnelHealth(pod: K8sPod): ZtunnelHealth {
  const status = pod.status ?? {};
  const cs = status.containerStatuses?.[0];
  const ready = status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  return {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    ready,
    restarts: cs?.restartCount ?? 0,
    state: cs?.state?.waiting?.reason ?? cs?.state?.terminated?.reason ?? status.phase ?? 'Unknown',
  };
}

/** One line about a node's ztunnel for details: `ztunnel-x7k2p on worker-2 is CrashLoopBackOff (12 restarts)`. */
export function describeZtunnel(node: string, z: ZtunnelHealth | undefined): string {
  if (!z) return `no ztunnel pod on ${node}`;
  if (z.ready) return `ztunnel ${z.name} on ${node} is Ready`;
  return `ztunnel ${z.name} on ${node} is ${z.state}${z.restarts ? ` (${z.restarts} restarts)` : ''}`;
}
