/**
 * One node's istio-cni-node log as facts: every catalog finding with its line, time and the pod
 * it names. Scanned once per analysis and shared by verdicts and timelines.
 */
import { catalogMatcher } from '../../logs/catalogMatcher';
import { parseLogLine } from '../../logs/lineReader';
import type { Category } from '../../logs/types';
import type { Fact } from './types';

export interface NodeLogLine {
  fact: Fact;
  patternId: string;
  category: Category;
  /** `namespace/name` when the line names a pod. */
  pod: string | undefined;
}

/** Only the last this many characters are scanned (the tail is what explains the present). */
export const MAX_LOG_CHARS = 4 * 1024 * 1024;

export function scanNodeLog(
  node: string,
  cniPod: { namespace: string; name: string },
  text: string,
): NodeLogLine[] {
  const offset = text.length > MAX_LOG_CHARS ? text.indexOf('\n', text.length - MAX_LOG_CHARS) + 1 : 0;
  const scanned = offset ? text.slice(offset) : text;
  const firstLine = offset ? countLines(text, offset) : 0;
  const matcher = catalogMatcher();
  const findings = matcher.scan(scanned);
  if (!findings.length) return [];
  const lines = scanned.split('\n');
  const out: NodeLogLine[] = [];
  for (const f of findings) {
    const p = matcher.pattern(f.patternId);
    if (!p) continue;
    const line = firstLine + f.line;
    out.push({
      patternId: p.id,
      category: p.category,
      pod: f.fields.pod,
      fact: {
        id: `log:${node}:${line}`,
        time: parseLogLine(lines[f.line] ?? '').timestamp,
        text: f.message,
        source: {
          kind: 'log',
          node,
          namespace: cniPod.namespace,
          pod: cniPod.name,
          container: 'install-cni',
          line,
        },
      },
    });
  }
  return out;
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
