/**
 * The human report of `istio-cni-doctor diagnose`: where the data came from, the DaemonSet, a
 * nodes table, affected workloads grouped by reason (cause once per group, next step per
 * workload because it names the node's istio-cni-node pod), hints and the verdict.
 */
import type { ClusterInfo } from '../../cluster/clusterClient';
import { AFFECTED_REASONS, type HealthModel, type NodeHealth } from '../../core/health/model';
import { formatOwner } from '../../core/health/owner';
import { settingLines } from '../../core/health/installText';
import { FINDING_REASONS, REASON_INFO } from '../../core/health/reasons/index';
import type { RenderedFix } from '../../core/health/installFix';

export function diagnoseText(info: ClusterInfo, model: HealthModel, sourceNote: string, asOf?: Date): string {
  const out: string[] = [];
  const where = info.server ? ` (${info.server})` : '';
  const when = asOf ? `, taken about ${asOf.toISOString().replace(/\.\d+Z$/, 'Z')} (ages as of then)` : '';
  out.push(
    `Cluster: ${info.context}${where}, ${info.source === 'live' ? 'live' : `snapshot ${sourceNote}${when}`}`,
    '',
  );
  const ds = model.daemonSet;
  if (ds)
    out.push(
      `DaemonSet ${ds.namespace}/${ds.name}: ${ds.ready}/${ds.desired} ready${ds.version ? `, version ${ds.version}` : ''}`,
    );
  else
    out.push(
      model.summary.cniInstalled
        ? 'DaemonSet istio-cni-node: not found (istio-cni-node pods exist)'
        : 'DaemonSet istio-cni-node: not found, istio-cni is not installed',
    );
  if (model.install) {
    out.push('');
    for (const l of settingLines(model.install)) out.push(`  ${`${l.label}:`.padEnd(21)} ${l.value}`);
  }
  out.push('', ...nodesTable(model.nodes), '');
  if (model.findings.length) {
    out.push(`Findings (${model.findings.length})`);
    for (const def of FINDING_REASONS) {
      const group = model.findings.filter((f) => f.reason === def.id);
      if (!group.length) continue;
      out.push('', `  ${def.title} [${def.id}] (${group.length})`, `    Cause: ${def.cause}`);
      for (const f of group)
        out.push(`    - ${f.subject}`, `        ${f.detail}`, `        Next: ${f.nextStep}`);
      out.push(...fixLines(model.valueFixes[def.id as keyof typeof model.valueFixes]));
    }
    out.push('');
  }
  if (model.affected.length === 0) out.push('Affected workloads: none', '');
  else {
    out.push(`Affected workloads (${model.affected.length})`);
    for (const reason of AFFECTED_REASONS) {
      const group = model.affected.filter((a) => a.reason === reason);
      if (!group.length) continue;
      const info = REASON_INFO[reason];
      out.push('', `  ${info.title} [${reason}] (${group.length})`, `    Cause: ${info.cause}`);
      for (const a of group) {
        const owner = formatOwner(a.owner);
        out.push(
          `    - ${a.namespace}/${a.name}${a.node ? ` on ${a.node}` : ''}${owner ? ` (${owner})` : ''}`,
        );
        out.push(`        ${a.detail}`, `        Next: ${a.nextStep}`);
      }
      out.push(...fixLines(model.valueFixes[reason]));
    }
    out.push('');
  }
  const log = !model.summary.healthy ? model.logLevelFix : null;
  if (model.taintHints.length || log) {
    out.push('Hints');
    for (const h of model.taintHints) out.push(`  - ${h.message}`);
    if (log)
      out.push(
        `  - Raise the CNI log level to see the plugin's own lines (${log.summary}):`,
        `      ${log.command}`,
      );
    out.push('');
  }
  if (model.summary.healthy)
    out.push('Verdict: healthy. istio-cni is ready on every node and no workload is affected.');
  else {
    out.push('Verdict: problems found');
    for (const p of model.summary.problems) out.push(`  - ${p}`);
  }
  return `${out.join('\n')}\n`;
}

/** The reason's chart-value fix in the install's method, when it has one. */
function fixLines(fix: RenderedFix | undefined): string[] {
  if (!fix) return [];
  return [`    Fix (${fix.summary}):`, `      ${fix.command}`];
}

function nodesTable(nodes: NodeHealth[]): string[] {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.status, (counts.get(n.status) ?? 0) + 1);
  const head = `Nodes (${nodes.length}): ${[...counts].map(([s, c]) => `${c} ${s}`).join(', ') || 'none found'}`;
  if (!nodes.length) return [head];
  const rows = [['NODE', 'ISTIO-CNI', 'POD', 'READY', 'RESTARTS', 'PHASE', 'VERSION', 'AGE']];
  for (const n of nodes) {
    const p = n.cniPod;
    const status = n.notReadyTaint ? `${n.status} (tainted)` : n.status;
    rows.push([
      n.name,
      status,
      p?.name ?? '-',
      p ? String(p.ready) : '-',
      p ? String(p.restarts) : '-',
      p ? (p.stateReason ?? p.phase) : '-',
      p?.version || '-',
      age(p?.ageSeconds),
    ]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return [
    head,
    ...rows.map(
      (r) =>
        `  ${r
          .map((c, i) => c.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd()}`,
    ),
  ];
}

function age(seconds: number | undefined): string {
  if (seconds === undefined) return '-';
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}
