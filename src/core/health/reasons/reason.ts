/**
 * The shape of one cluster reason: why a workload, a node or the install is affected by
 * istio-cni, how it is detected, and what to do. One file per reason in this folder, listed in
 * index.ts; docs/diagnose.md, the CLI help, the explorer and the reports all read these.
 */
import type { JoinContext } from '../assemble';
import type { ClusterView, FindingDraft } from '../findings';
import type { InstallInfo } from '../install';
import type { PodFacts } from '../podFacts';

/**
 * Where a reason applies: `pod` reasons classify one existing pod, `deleted` ones come from repair
 * evidence about pods that no longer exist, `node` and `install` ones are cluster findings.
 */
export type ReasonScope = 'pod' | 'deleted' | 'node' | 'install';

/** One chart value to change, written once and rendered per install method (installFix.ts). */
export interface ValueChange {
  /** `cni` for the istio-cni chart, `istiod` for the control plane (pilot.*). */
  chart: 'cni' | 'istiod';
  /** The value path of the 1.24+ chart, e.g. `repair.deletePods` (older charts nest it under `cni.`). */
  path: string;
  value: string | boolean | number | string[];
  /** First Istio minor the value exists in, e.g. `1.29`. */
  since?: string;
}

export interface ReasonDef<Id extends string = string> {
  /** Stable kebab-case id, never renamed (JSON output, docs anchors, explorer ids). */
  id: Id;
  scope: ReasonScope;
  /** Short title (tree rows, report headings). */
  title: string;
  /** A shorter title when `title` is over 30 characters: a pod row's description at the default sidebar width. */
  short?: string;
  /** One sentence: why this happens. */
  cause: string;
  /**
   * What to do. Placeholders filled per entry: `{cniLogs}` (the node's istio-cni-node log
   * command), `{node}`, `{namespace}`, `{pod}`, `{owner}`.
   */
  fix: string;
  /** A version- or install-specific fix that replaces `fix` (undefined: use `fix`). */
  fixFor?(install: InstallInfo | null): string | undefined;
  /** Markdown for docs/diagnose.md: what it is seen as (fields, events, log lines). */
  evidence: string;
  /** Which Istio versions it applies to and how the wording changes, when it matters. */
  versions?: string;
  /** The knowledge file's D rows and upstream issues it comes from. */
  refs: string[];
  /** The test scenario (test/scenarios/NAME.yaml) that shows it. */
  scenario: string;
  /** Codicon and severity for the explorer. */
  look: { icon: string; severity: 'error' | 'warning' };
  /** Chart values that fix it, rendered in the user's install method. */
  values?: ValueChange[];
  /** `pod` scope: classification order (lower wins when several reasons apply). */
  priority?: number;
  /** `pod` scope: the detail line when this reason applies to the pod, else undefined. */
  classify?(p: PodFacts, ctx: JoinContext): string | undefined;
  /** `node` / `install` scope: the findings of this reason. */
  detect?(view: ClusterView): FindingDraft[];
}

/** Identity helper that keeps the literal id type (for the AffectedReason union). */
export const defineReason = <Id extends string>(def: ReasonDef<Id>): ReasonDef<Id> => def;
