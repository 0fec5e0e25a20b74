/**
 * The `--format json` document. Its shape is a public contract (scripts parse it), so it is
 * built field by field here rather than by serializing the model.
 */
import type { ClusterInfo } from '../../cluster/clusterClient';
import type { HealthModel } from '../../core/health/model';
import { formatOwner } from '../../core/health/owner';
import type { Verdict } from '../../core/health/verdict/types';

export interface DiagnoseJson {
  cluster: { context: string; server: string; source: string };
  daemonSet: { namespace: string; name: string; desired: number; ready: number } | null;
  nodes: {
    name: string;
    status: string;
    cniPod: { namespace: string; name: string; ready: boolean; restarts: number; phase: string } | null;
  }[];
  affected: {
    namespace: string;
    name: string;
    node: string;
    owner: string | null;
    reason: string;
    detail: string;
    nextStep: string;
  }[];
  /** Findings about nodes, DaemonSets and the install (reason ids of docs/diagnose.md). */
  findings: { reason: string; subject: string; node: string; detail: string; nextStep: string }[];
  /** How istio-cni was installed and its effective settings; null without a DaemonSet. */
  install: {
    method: string;
    evidence: string;
    version: string;
    namespace: string;
    settings: Record<string, unknown>;
  } | null;
  /** Per reason, the fix in the install's method: summary, snippet, command. */
  fixes: Record<string, { method: string; summary: string; snippet: string; command: string }>;
  /** Raise the CNI log level (version-aware), null without a DaemonSet. */
  logLevelFix: { method: string; summary: string; snippet: string; command: string } | null;
  /** One per affected workload, in the same order: cause, evidence chain, fix (src/core/health/verdict/types.ts). */
  verdicts: Verdict[];
}

export function diagnoseJson(info: ClusterInfo, model: HealthModel, verdicts: Verdict[] = []): DiagnoseJson {
  const ds = model.daemonSet;
  return {
    cluster: { context: info.context, server: info.server, source: info.source },
    daemonSet: ds ? { namespace: ds.namespace, name: ds.name, desired: ds.desired, ready: ds.ready } : null,
    nodes: model.nodes.map((n) => ({
      name: n.name,
      status: n.status,
      cniPod: n.cniPod
        ? {
            namespace: n.cniPod.namespace,
            name: n.cniPod.name,
            ready: n.cniPod.ready,
            restarts: n.cniPod.restarts,
            phase: n.cniPod.phase,
          }
        : null,
    })),
    affected: model.affected.map((a) => ({
      namespace: a.namespace,
      name: a.name,
      node: a.node,
      owner: formatOwner(a.owner),
      reason: a.reason,
      detail: a.detail,
      nextStep: a.nextStep,
    })),
    findings: model.findings.map((f) => ({
      reason: f.reason,
      subject: f.subject,
      node: f.node,
      detail: f.detail,
      nextStep: f.nextStep,
    })),
    install: model.install
      ? {
          method: model.install.method,
          evidence: model.install.methodEvidence,
          version: model.install.version,
          namespace: model.install.namespace,
          settings: { ...model.install.settings },
        }
      : null,
    fixes: Object.fromEntries(Object.entries(model.valueFixes).map(([k, v]) => [k, { ...v }])),
    logLevelFix: model.logLevelFix ? { ...model.logLevelFix } : null,
    verdicts,
  };
}
