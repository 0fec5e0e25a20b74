/**
 * "Find pod in CNI logs": the lines of an istio-cni-node log that mention a pod, as the Istio
 * troubleshooting guide says ("search the istio-cni-node logs for the pod ID"). A line matches
 * when it names the pod (as a whole word, so `web-1` does not match `web-12`) or its UID; the
 * namespace alone matches too many lines, so it only counts together with the name.
 */

export interface PodRef {
  namespace: string;
  name: string;
  uid?: string;
}

export interface FilteredLog {
  lines: string[];
  /** Lines looked at. */
  total: number;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function linesMentioningPod(text: string, pod: PodRef, maxLines = 10_000): FilteredLog {
  const terms = [pod.name, pod.uid].filter((t): t is string => typeof t === 'string' && t.trim().length > 0);
  if (terms.length === 0) return { lines: [], total: 0 };
  // Word-ish boundaries: pod names are DNS labels, so a neighbouring [a-z0-9-] means another name.
  const re = new RegExp(`(?<![A-Za-z0-9-])(?:${terms.map(escapeRe).join('|')})(?![A-Za-z0-9-])`);
  const lines: string[] = [];
  let total = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    if (line.length > 0 || end < text.length) total++;
    if (re.test(line) && lines.length < maxLines) lines.push(line);
    start = end + 1;
  }
  return { lines, total };
}
