/**
 * Rows for affected pods and the istio-cni-node pod of a node. Separate from buildTree.ts so each
 * file stays one concept: these say how one pod looks, buildTree.ts how the rows nest.
 */
import type { AffectedReason, AffectedWorkload, CniPodHealth, NodeHealth } from '../health/model';
import { REASON_INFO, REASONS } from '../health/reasons';
import { COLORS, type ExplorerItem, type ItemTarget } from './item';
import { escapeMarkdown as md } from './markdown';
import { fitDescription } from './rowText';

/** Codicon and colour per reason: errors where pods cannot run, warnings where it may heal. */
export const REASON_LOOK = Object.fromEntries(
  REASONS.map((r) => [r.id, { icon: r.look.icon, color: COLORS[r.look.severity] }]),
) as Record<AffectedReason, { icon: string; color: string }>;

export function cniPodOf(node: NodeHealth | undefined): { namespace: string; name: string } | undefined {
  return node?.cniPod ? { namespace: node.cniPod.namespace, name: node.cniPod.name } : undefined;
}

export function podTarget(a: AffectedWorkload, node: NodeHealth | undefined): ItemTarget {
  const cniPod = cniPodOf(node);
  return {
    pod: { namespace: a.namespace, name: a.name, node: a.node },
    ...(a.node ? { node: a.node } : {}),
    ...(cniPod ? { cniPod } : {}),
    ...(a.owner ? { owner: { namespace: a.namespace, kind: a.owner.kind, name: a.owner.name } } : {}),
  };
}

export function podTooltip(a: AffectedWorkload): string {
  const info = REASON_INFO[a.reason];
  const where = a.node ? ` on node ${md(a.node)}` : '';
  const owner = a.owner ? `\n\nOwner: ${md(`${a.owner.kind}/${a.owner.name}`)}` : '';
  return (
    `**${md(`${a.namespace}/${a.name}`)}**${where}${owner}\n\n**${md(info.title)}**: ${md(a.detail)}\n\n` +
    `**Cause:** ${md(info.cause)}\n\n**Next step:** ${md(a.nextStep)}`
  );
}

/** An affected pod. `where` is the row's parent path, so the same pod has one id per place. */
export function affectedPodRow(
  a: AffectedWorkload,
  node: NodeHealth | undefined,
  where: string,
  description: string,
): ExplorerItem {
  const look = REASON_LOOK[a.reason];
  return {
    id: `${where}/pod/${a.namespace}/${a.name}/${a.reason}`,
    kind: 'pod',
    label: a.name,
    description,
    tooltip: podTooltip(a),
    icon: look.icon,
    color: look.color,
    contextValue: a.owner ? 'pod.affected.owned' : 'pod.affected',
    collapsible: 'none',
    children: [],
    target: podTarget(a, node),
  };
}

/** The state first, then restarts, then the version (`-distroless` is in the tooltip). */
function cniPodParts(p: CniPodHealth, version: string): string[] {
  const state = p.ready ? 'Ready' : (p.stateReason ?? `not ready (${p.phase || 'unknown phase'})`);
  const parts = [state];
  if (p.restarts > 0) parts.push(`${p.restarts} restart${p.restarts === 1 ? '' : 's'}`);
  if (version) parts.push(version);
  return parts;
}

/** `1.26.1-distroless` → `1.26.1`: the variant matters less than the width of a row. */
export const shortVersion = (version: string): string => version.replace(/-distroless$/, '');

export function cniPodRow(node: NodeHealth, p: CniPodHealth): ExplorerItem {
  const failing = !p.ready;
  const next = failing
    ? `\n\n**Next step:** read its log (\`kubectl logs -n ${p.namespace} ${p.name} -c install-cni\`, previous instance too if it restarted).`
    : '';
  return {
    id: `node/${node.name}/cni/${p.namespace}/${p.name}`,
    kind: 'cniPod',
    label: p.name,
    description: fitDescription(cniPodParts(p, shortVersion(p.version))),
    tooltip:
      `**istio-cni-node** ${md(`${p.namespace}/${p.name}`)} on ${md(node.name)}\n\n` +
      `${md(cniPodParts(p, p.version).join(' · '))}, phase ${md(p.phase || 'unknown')}${next}`,
    icon: p.ready ? (p.restarts > 0 ? 'pass' : 'pass-filled') : 'error',
    color: p.ready ? (p.restarts > 0 ? COLORS.warning : COLORS.ok) : COLORS.error,
    contextValue: 'pod.cni',
    collapsible: 'none',
    children: [],
    target: {
      pod: { namespace: p.namespace, name: p.name, node: node.name },
      node: node.name,
      cniPod: { namespace: p.namespace, name: p.name },
    },
  };
}
