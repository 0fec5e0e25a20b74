/**
 * What each node's istio-cni-node (install-cni) log says, as evidence for node reasons: the log
 * pattern catalog's findings (src/core/logs) grouped by pattern, with how often, when, the last
 * line and the pods named. Scanned once per log text; the node reasons (agent install failures,
 * another writer reverting the config, ambient netns and ipset problems) read only this.
 */
import { catalogMatcher } from '../logs/catalogMatcher';
import { parseLogLine } from '../logs/lineReader';

export interface AgentLogHit {
  patternId: string;
  /** Lines of this pattern in the scanned tail. */
  count: number;
  /** Timestamps (RFC 3339, '' when the line has none) of the first and last line. */
  first: string;
  last: string;
  /** The last line's message (timestamp, level and scope stripped). */
  message: string;
  /** `namespace/name` of the pods the lines name (pattern field or `ns=.. name=..` labels), at most MAX_PODS. */
  pods: string[];
}

/** Only the tail is scanned: it explains the present, and a log may be large. */
const MAX_SCAN = 4 * 1024 * 1024;
const MAX_PODS = 10;
/** istio's `WithLabels("ns", .., "name", ..)` suffix. */
const POD_LABELS = /(?:^|\s)ns=([a-z0-9][a-z0-9.-]*) name=([a-z0-9][a-z0-9.-]*)/;

/** The catalog findings of one agent log, one entry per pattern, in order of first appearance. */
export function agentLogHits(text: string): AgentLogHit[] {
  const start = text.length > MAX_SCAN ? text.indexOf('\n', text.length - MAX_SCAN) + 1 : 0;
  const scanned = start ? text.slice(start) : text;
  const matcher = catalogMatcher();
  const findings = matcher.scan(scanned);
  if (!findings.length) return [];
  const lines = scanned.split('\n');
  const out = new Map<string, AgentLogHit>();
  for (const f of findings) {
    const raw = lines[f.line] ?? '';
    const time = parseLogLine(raw).timestamp;
    const labels = POD_LABELS.exec(f.message);
    const pod = f.fields.pod ?? (labels ? `${labels[1] ?? ''}/${labels[2] ?? ''}` : undefined);
    const hit = out.get(f.patternId);
    if (!hit) {
      out.set(f.patternId, {
        patternId: f.patternId,
        count: 1,
        first: time,
        last: time,
        message: f.message,
        pods: pod ? [pod] : [],
      });
      continue;
    }
    hit.count++;
    hit.last = time;
    hit.message = f.message;
    if (pod && !hit.pods.includes(pod) && hit.pods.length < MAX_PODS) hit.pods.push(pod);
  }
  return [...out.values()];
}
