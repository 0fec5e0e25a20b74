/**
 * The health model: what the explorer tree and `istio-cni-doctor diagnose` show. Plain data,
 * computed from ClusterData by buildHealthModel() or kept up to date by HealthIndex.
 */

import type { ClusterFinding, ZtunnelHealth } from './findings';
import type { InstallInfo } from './install';
import type { RenderedFix } from './installFix';
import { type ReasonId, WORKLOAD_REASONS } from './reasons/index';

/** Why a workload (or, for findings, a node or the install) is affected: an id of the reason registry. */
export type AffectedReason = ReasonId;
/** Why a workload is affected by istio-cni. The order here is the order reports group by. */
export const AFFECTED_REASONS: readonly AffectedReason[] = WORKLOAD_REASONS.map((r) => r.id as ReasonId);

export type NodeCniStatus = 'ready' | 'not-ready' | 'crash-looping' | 'missing';

export interface CniPodHealth {
  namespace: string;
  name: string;
  ready: boolean;
  /** Restarts of the install-cni container (the agent). */
  restarts: number;
  phase: string;
  /** The install-cni image tag, e.g. `1.26.1` or `1.26.1-distroless`; '' when unknown. */
  version: string;
  /** Seconds since the pod was created; undefined when the timestamp is missing. */
  ageSeconds: number | undefined;
  /** Waiting/terminated reason of install-cni when not running (e.g. `CrashLoopBackOff`). */
  stateReason: string | undefined;
}

export interface NodeHealth {
  name: string;
  status: NodeCniStatus;
  cniPod: CniPodHealth | null;
  /** The node's own Ready condition (kubelet), when known. */
  nodeReady: boolean | undefined;
  /** The node still carries the `cni.istio.io/not-ready` taint. */
  notReadyTaint: boolean;
  /** ztunnel on this node (ambient); null when none runs here, undefined when ztunnel was not read. */
  ztunnel?: ZtunnelHealth | null;
}

export interface DaemonSetHealth {
  namespace: string;
  name: string;
  desired: number;
  ready: number;
  version: string;
}

export interface WorkloadOwner {
  kind: string;
  name: string;
}

export interface AffectedWorkload {
  namespace: string;
  /** The pod (for `eviction-loop`: the most recent pod of the owner that was deleted). */
  name: string;
  /** Node name, '' when it cannot be told (a deleted pod named only by an event). */
  node: string;
  owner: WorkloadOwner | null;
  reason: AffectedReason;
  /** One line: what exactly was seen for this workload. */
  detail: string;
  /** One line: what to do next. */
  nextStep: string;
}

/** A node tainted `cni.istio.io/not-ready` while its istio-cni-node is Ready. */
export interface TaintHint {
  node: string;
  message: string;
}

export interface HealthSummary {
  healthy: boolean;
  /** istio-cni found at all (a DaemonSet or at least one istio-cni-node pod). */
  cniInstalled: boolean;
  nodes: Record<NodeCniStatus, number>;
  affected: Record<AffectedReason, number>;
  /** One-line statements of what is wrong, most important first; empty when healthy. */
  problems: string[];
}

export interface HealthModel {
  daemonSet: DaemonSetHealth | null;
  nodes: NodeHealth[];
  affected: AffectedWorkload[];
  taintHints: TaintHint[];
  summary: HealthSummary;
  /** Findings about nodes, DaemonSets and the install (reasons of scope node/install), in registry order. */
  findings: ClusterFinding[];
  /** How istio-cni was installed and its effective settings; null without a DaemonSet. */
  install: InstallInfo | null;
  /** Per reason present (workloads and findings), its fix as a chart value change in the install's method. */
  valueFixes: Partial<Record<AffectedReason, RenderedFix>>;
  /** "Raise the CNI log level" in the install's terms and version; null without a DaemonSet. */
  logLevelFix: RenderedFix | null;
}
