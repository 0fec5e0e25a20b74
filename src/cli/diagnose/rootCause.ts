/**
 * The root-cause half of `diagnose`: node evidence on demand (`--node-evidence`), the verdict of
 * every affected workload (appended to the report), and `diagnose pod NS/NAME` (verdict, fix and
 * timeline of one pod).
 */
import type { ClusterClient, ClusterInfo } from '../../cluster/clusterClient';
import { type NodeEvidenceSources, readNodeEvidence } from '../../cluster/nodeEvidence';
import type { ClusterData } from '../../core/health/clusterData';
import type { HealthModel } from '../../core/health/model';
import type { Analysis } from '../../core/health/verdict/analyze';
import { type LoadHint, storyText, verdictLines } from '../../core/health/verdict/render';
import { podStory, type PodStory } from '../../core/health/verdict/timeline';
import type { NodeEvidence } from '../../core/health/verdict/types';
import { kubectlText } from '../../core/shell/kubectlLine';
import type { DiagnoseArgs } from './args';

/** Reads the evidence of `nodes` when `--node-evidence` is given; otherwise none beyond the lists. */
export async function nodeEvidence(
  args: DiagnoseArgs,
  client: ClusterClient,
  model: HealthModel,
  nodes: readonly string[],
): Promise<NodeEvidence[]> {
  if (!args.nodeEvidence) return [];
  const info = client.info();
  const sources: NodeEvidenceSources = { podLog: (o) => client.podLog(o) };
  if (info.source === 'live')
    // --node-evidence is the user's consent to pods/exec (ls and cat of net.d, nothing else).
    sources.exec = (t, command) => client.exec({ ...t, command });
  else sources.execWhy = 'a snapshot holds no node files';
  const byName = new Map(model.nodes.map((n) => [n.name, n]));
  const todo = nodes.map((node) => {
    const p = byName.get(node)?.cniPod;
    return { node, cniPod: p ? { namespace: p.namespace, name: p.name } : null };
  });
  return (await readNodeEvidence(todo, sources)).evidence;
}

export function loadHint(args: DiagnoseArgs, info: ClusterInfo): LoadHint {
  const conn = info.source === 'live' ? { context: info.context, kubeconfig: args.kubeconfig } : {};
  return (m) =>
    info.source === 'snapshot'
      ? m.what === 'net.d'
        ? 'On the live cluster, run diagnose --node-evidence'
        : `Add its log to the snapshot: ${kubectlText(conn, ['logs', '-n', { namespace: m.cniPod.namespace }, { name: m.cniPod.name }, '-c', 'install-cni'])}`
      : args.nodeEvidence
        ? 'It could not be read'
        : 'Run again with --node-evidence';
}

/** The nodes whose evidence matters: those of the affected workloads (or of one pod). */
export const affectedNodes = (model: HealthModel): string[] =>
  [...new Set(model.affected.map((a) => a.node).filter((n) => n))].sort();

/** The "Root causes" section appended to the text report. */
export function rootCauseText(analysis: Analysis, hint: LoadHint): string {
  if (!analysis.verdicts.length) return '';
  const out = ['', 'Root causes:'];
  for (const v of analysis.verdicts) {
    out.push('', `  ${v.namespace}/${v.name} on ${v.node || 'an unknown node'} [${v.reason}]`);
    for (const l of verdictLines(v, hint)) out.push(`    ${l}`);
  }
  return `${out.join('\n')}\n`;
}

export function podStoryFor(analysis: Analysis, data: ClusterData, ref: string): PodStory | string {
  const [ns, name, extra] = ref.split('/');
  if (!ns || !name || extra !== undefined) return `expected NAMESPACE/NAME, got '${ref}'`;
  return (
    podStory(analysis, data, ns, name) ??
    `pod ${ns}/${name} not found among the pods that depend on istio-cni (sidecar or ambient pods, pods named by CNI events)`
  );
}

export const podStoryText = storyText;
