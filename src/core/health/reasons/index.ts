/**
 * Every cluster reason, in the order reports list them. Adding a reason: one file in this folder
 * (see reason.ts), one line here, its scenario and its test (ARCHITECTURE.md, "Add a reason").
 */
import type { InstallInfo } from '../install';
import { ambientIpsetCollision } from './ambientIpsetCollision';
import { ambientNetnsProblem } from './ambientNetnsProblem';
import { ambientNotEnrolled } from './ambientNotEnrolled';
import { ambientPending } from './ambientPending';
import { ambientProbeFailing } from './ambientProbeFailing';
import { cniAgentInstallFailed } from './cniAgentInstallFailed';
import { cniAgentSandboxFailed } from './cniAgentSandboxFailed';
import { cniConfigContested } from './cniConfigContested';
import { daemonSetCreateFailed } from './daemonSetCreateFailed';
import { evictionLoop } from './evictionLoop';
import { multusAnnotationMissing } from './multusAnnotationMissing';
import { nodeCniNotReady } from './nodeCniNotReady';
import { nodeNetworkNotReady } from './nodeNetworkNotReady';
import { rbacSubjectNamespace } from './rbacSubjectNamespace';
import type { ReasonDef } from './reason';
import { repairDeleted } from './repairDeleted';
import { repairIneffective } from './repairIneffective';
import { repairLabeled } from './repairLabeled';
import { sandboxCniFailed } from './sandboxCniFailed';
import { sandboxNetworkFailed } from './sandboxNetworkFailed';
import { validationFailed } from './validationFailed';
import { validationNoRestart } from './validationNoRestart';
import { ztunnelNotReady } from './ztunnelNotReady';

export const REASONS = [
  validationFailed,
  repairIneffective,
  validationNoRestart,
  multusAnnotationMissing,
  sandboxCniFailed,
  sandboxNetworkFailed,
  repairDeleted,
  repairLabeled,
  evictionLoop,
  nodeCniNotReady,
  ambientPending,
  ambientProbeFailing,
  ambientNotEnrolled,
  nodeNetworkNotReady,
  cniAgentSandboxFailed,
  cniAgentInstallFailed,
  cniConfigContested,
  ztunnelNotReady,
  ambientIpsetCollision,
  ambientNetnsProblem,
  daemonSetCreateFailed,
  rbacSubjectNamespace,
] as const;

/** Every reason id (workload and cluster findings). */
export type ReasonId = (typeof REASONS)[number]['id'];

const byScope = (scopes: string[]): ReasonDef[] => REASONS.filter((r) => scopes.includes(r.scope));

/** Reasons a workload can be affected by, in report order. */
export const WORKLOAD_REASONS = byScope(['pod', 'deleted']);
/** Reasons about a node or the install, in report order. */
export const FINDING_REASONS = byScope(['node', 'install']);
/** Pod reasons in classification order (the first that applies wins). */
export const POD_CLASSIFIERS = byScope(['pod']).sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));

const BY_ID = new Map<string, ReasonDef>(REASONS.map((r) => [r.id, r]));

export function reasonDef(id: string): ReasonDef | undefined {
  return BY_ID.get(id);
}

/** Title, cause and next step of a reason (the shape reports and the tree read). */
export interface ReasonInfo {
  title: string;
  /** At most 30 characters: the title where width is short (tree row descriptions). */
  short: string;
  cause: string;
  nextStep: string;
}

export const REASON_INFO = Object.fromEntries(
  REASONS.map((r) => [r.id, { title: r.title, short: r.short ?? r.title, cause: r.cause, nextStep: r.fix }]),
) as Record<ReasonId, ReasonInfo>;

/** The placeholder values of one entry; missing ones fall back to readable text. */
export interface FixVars {
  cniPod?: { namespace: string; name: string } | null;
  node?: string;
  namespace?: string;
  pod?: string;
  owner?: string;
  patternFix?: string;
  ztunnel?: { namespace: string; name: string } | null;
  /** The connection's flags (`--kubeconfig F --context C`), so a printed command runs as pasted. */
  flags?: string;
  [key: string]: unknown;
}

/** The reason's fix for this install and entry, placeholders filled in. */
export function fixText(id: string, vars: FixVars, install: InstallInfo | null = null): string {
  const def = BY_ID.get(id);
  if (!def) return '';
  const template = def.fixFor?.(install) ?? def.fix;
  const node = vars.node ?? '';
  const f = vars.flags ? ` ${vars.flags}` : '';
  const cniLogs = vars.cniPod
    ? `kubectl logs -n ${vars.cniPod.namespace} ${vars.cniPod.name} -c install-cni${f}`
    : node
      ? `no istio-cni-node pod on ${node}: kubectl get ds -A -l k8s-app=istio-cni-node${f}`
      : 'kubectl logs -n ' +
        (install?.namespace || 'istio-system') +
        ` -l k8s-app=istio-cni-node -c install-cni${f}`;
  const ztunnelLogs = vars.ztunnel
    ? `kubectl logs -n ${vars.ztunnel.namespace} ${vars.ztunnel.name}${f}`
    : `kubectl get pods -A -l app=ztunnel -o wide${node ? ` --field-selector spec.nodeName=${node}` : ''}${f}`;
  const values: Record<string, string> = {
    cniLogs,
    ztunnelLogs,
    node: node || 'the node',
    namespace: vars.namespace ?? install?.namespace ?? 'istio-system',
    pod: vars.pod ?? 'the pod',
    owner: vars.owner ?? 'its owner',
    patternFix: vars.patternFix || 'Read the error text.',
  };
  for (const [k, v] of Object.entries(vars))
    if (typeof v === 'string' && k !== 'flags' && !(k in values)) values[k] = v;
  return template.replace(/\{([a-zA-Z]+)\}/g, (m, k: string) => values[k] ?? m);
}
