/**
 * Repeated findings as one: "4 deletions of Deployment/productpage-v1 by repair: eviction loop"
 * instead of four CodeLenses or outline entries. Findings group by pattern and by what they are
 * about: the owning workload of the pod (repair deletes a Deployment's pods one after another,
 * each with a new name), else the pod, else the node, else the pattern alone. The eviction-loop
 * threshold is the health model's, so the log and the explorer call the same thing a loop.
 */
import { EVICTION_LOOP_THRESHOLD } from '../health/assemble';
import { formatOwner, ownerFromPodName } from '../health/owner';
import type { Finding, LogPattern } from './types';

export interface FindingGroup {
  /** Stable within one document: pattern and subject. */
  key: string;
  /** "4 deletions of Deployment/x by repair: eviction loop", "3× istio-validation timed out (bookinfo/p)". */
  label: string;
  patternId: string;
  /** The workload, pod or node the findings are about ('' when they name none). */
  subject: string;
  /** In line order. */
  findings: Finding[];
}

/** What a finding is about: the pod's owner when its name follows the Deployment convention. */
function subjectOf(f: Finding): string {
  const pod = f.fields.pod;
  if (pod) {
    const slash = pod.indexOf('/');
    const ns = slash > 0 ? pod.slice(0, slash) : '';
    const owner = formatOwner(ownerFromPodName(pod.slice(slash + 1)));
    return owner ? `${ns ? `${ns}/` : ''}${owner}` : pod;
  }
  return f.fields.node ?? '';
}

const REPAIR_VERBS: Record<string, [one: string, many: string]> = {
  'repair-deleted-broken-pod': ['deletion', 'deletions'],
  'repair-labeled-broken-pod': ['label', 'labels'],
};

function labelOf(patternId: string, subject: string, n: number, title: string): string {
  const verbs = REPAIR_VERBS[patternId];
  // "bookinfo/Deployment/x" reads as "Deployment/x in bookinfo".
  const parts = subject.split('/');
  const shown = parts.length === 3 ? `${parts[1] ?? ''}/${parts[2] ?? ''} in ${parts[0] ?? ''}` : subject;
  if (verbs && subject) {
    const loop =
      patternId === 'repair-deleted-broken-pod' && n >= EVICTION_LOOP_THRESHOLD ? ': eviction loop' : '';
    return `${n} ${n === 1 ? verbs[0] : verbs[1]} of ${shown} by repair${loop}`;
  }
  return `${n}× ${title}${subject ? ` (${shown})` : ''}`;
}

/** Groups of at least `min` findings, ordered by their first line; `lookup` gives pattern titles. */
export function groupFindings(
  findings: readonly Finding[],
  lookup: (id: string) => LogPattern | undefined,
  min = 2,
): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of findings) {
    const subject = subjectOf(f);
    const key = `${f.patternId}|${subject}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, label: '', patternId: f.patternId, subject, findings: [] };
      groups.set(key, g);
    }
    g.findings.push(f);
  }
  const out: FindingGroup[] = [];
  for (const g of groups.values()) {
    if (g.findings.length < min) continue;
    g.findings.sort((a, b) => a.line - b.line);
    g.label = labelOf(g.patternId, g.subject, g.findings.length, lookup(g.patternId)?.title ?? g.patternId);
    out.push(g);
  }
  return out.sort((a, b) => (a.findings[0]?.line ?? 0) - (b.findings[0]?.line ?? 0));
}
