/**
 * "Why is this pod not running?": the verdict of one pod and its story in time order: the pod's
 * creation and container states (istio-validation's exit and output), its events, the lines of
 * its node's istio-cni-node log that name it (by name, UID or sandbox ID), the repair actions,
 * and the node's CNI state. Each entry carries the source it opens.
 */
import type { ClusterData } from '../clusterData';
import { DELETE_REASON, LABEL_REASON } from '../evidence';
import type { K8sContainerStatus, K8sPod } from '../k8s';
import { parseLogLine } from '../../logs/lineReader';
import { VALIDATION_CONTAINER } from '../podFacts';
import { type Analysis, eventFact, podEvents } from './analyze';
import type { Fact, NodeCause, Verdict } from './types';

export type TimelineKind = 'status' | 'validation' | 'event' | 'cni-log' | 'repair' | 'node';

export interface TimelineEntry extends Fact {
  kind: TimelineKind;
}

export interface PodStory {
  namespace: string;
  name: string;
  node: string;
  /** Undefined when istio-cni is not what keeps the pod from running (or nothing does). */
  verdict: Verdict | undefined;
  /** The node's causes that were considered, most specific first. */
  nodeCauses: NodeCause[];
  entries: TimelineEntry[];
}

const REPAIR_EVENTS = new Set([DELETE_REASON, LABEL_REASON]);
/** At most this many log lines naming the pod are kept (the newest). */
const MAX_LOG_ENTRIES = 200;
const SANDBOX_ID = /sandbox \\?"([0-9a-f]{12,64})\\?"/g;

/** The story of `namespace/name`, or undefined when the pod is not among the pods read. */
export function podStory(
  analysis: Analysis,
  data: ClusterData,
  namespace: string,
  name: string,
): PodStory | undefined {
  const pod = data.workloadPods.find((p) => p.metadata?.namespace === namespace && p.metadata?.name === name);
  const verdict = analysis.verdicts.find((v) => v.namespace === namespace && v.name === name);
  if (!pod && !verdict) return undefined;
  const node = pod?.spec?.nodeName ?? verdict?.node ?? '';
  const entries: TimelineEntry[] = [];
  if (pod) entries.push(...statusEntries(pod));
  const events = podEvents(data.events, namespace, name);
  for (const e of events)
    entries.push({ ...eventFact(e), kind: REPAIR_EVENTS.has(e.reason ?? '') ? 'repair' : 'event' });
  const sandboxIds = new Set<string>();
  for (const e of events)
    for (const m of (e.message ?? '').matchAll(SANDBOX_ID)) if (m[1]) sandboxIds.add(m[1]);
  const terms = [name, pod?.metadata?.uid, ...sandboxIds].filter((t): t is string => !!t);
  const log = analysis.evidence.get(node)?.log;
  const cniPod = data.cniPods.find((p) => p.spec?.nodeName === node);
  if (log !== undefined && cniPod?.metadata?.name)
    entries.push(...logEntries(node, cniPod.metadata.namespace ?? '', cniPod.metadata.name, log, terms));
  const causes = analysis.causes.get(node) ?? [];
  for (const c of causes)
    for (const f of c.facts) if (!entries.some((e) => e.id === f.id)) entries.push({ ...f, kind: 'node' });
  for (const f of verdict?.chain ?? []) {
    const own = f.source.kind === 'pod' && f.source.namespace === namespace && f.source.name === name;
    if (own || entries.some((e) => e.id === f.id)) continue;
    entries.push({ ...f, kind: chainKind(f) });
  }
  entries.sort((a, b) => (a.time === b.time ? 0 : !a.time ? 1 : !b.time ? -1 : a.time < b.time ? -1 : 1));
  return { namespace, name, node, verdict, nodeCauses: causes, entries };
}

function chainKind(f: Fact): TimelineKind {
  if (f.source.kind === 'event') return REPAIR_EVENTS.has(f.source.reason) ? 'repair' : 'event';
  if (f.source.kind === 'log') return /broken|repair/i.test(f.text) ? 'repair' : 'cni-log';
  return 'node';
}

function statusEntries(pod: K8sPod): TimelineEntry[] {
  const ns = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  const source = { kind: 'pod' as const, namespace: ns, name };
  const out: TimelineEntry[] = [];
  const created = pod.metadata?.creationTimestamp ?? '';
  out.push({
    id: `pod:${ns}/${name}:created`,
    time: created,
    text: `created${pod.spec?.nodeName ? `, scheduled to ${pod.spec.nodeName}` : ''}`,
    source,
    kind: 'status',
  });
  const all: [K8sContainerStatus, boolean][] = [
    ...(pod.status?.initContainerStatuses ?? []).map((s): [K8sContainerStatus, boolean] => [s, true]),
    ...(pod.status?.containerStatuses ?? []).map((s): [K8sContainerStatus, boolean] => [s, false]),
  ];
  for (const [s, init] of all) {
    const c = s.name ?? '?';
    const kind: TimelineKind = c === VALIDATION_CONTAINER ? 'validation' : 'status';
    const restarts = s.restartCount ?? 0;
    for (const [which, st] of [
      ['last', s.lastState],
      ['now', s.state],
    ] as const) {
      const t = st?.terminated;
      if (t) {
        const output = t.message ? `: ${oneLine(t.message)}` : '';
        out.push({
          id: `pod:${ns}/${name}:${c}:${which}`,
          time: t.finishedAt ?? t.startedAt ?? '',
          text: `${init ? 'init container ' : ''}${c} exited ${t.exitCode ?? '?'}${t.reason ? ` (${t.reason})` : ''}${which === 'last' && restarts ? `, restart ${restarts}` : ''}${output}`,
          source,
          kind,
        });
      }
      if (which === 'now' && st?.waiting?.reason)
        out.push({
          id: `pod:${ns}/${name}:${c}:waiting`,
          time: '',
          text: `${c} waiting: ${st.waiting.reason}${st.waiting.message ? `: ${oneLine(st.waiting.message)}` : ''} (${restarts} restart${restarts === 1 ? '' : 's'})`,
          source,
          kind,
        });
      if (which === 'now' && st?.running?.startedAt)
        out.push({
          id: `pod:${ns}/${name}:${c}:running`,
          time: st.running.startedAt,
          text: `${c} running`,
          source,
          kind,
        });
    }
  }
  return out;
}

function logEntries(
  node: string,
  namespace: string,
  pod: string,
  text: string,
  terms: string[],
): TimelineEntry[] {
  if (!terms.length) return [];
  const out: TimelineEntry[] = [];
  let line = 0;
  for (let start = 0; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end);
    start = end + 1;
    if (!terms.some((t) => mentions(raw, t))) continue;
    const rec = parseLogLine(raw);
    out.push({
      id: `log:${node}:${line}`,
      time: rec.timestamp,
      text: oneLine(rec.message || raw),
      source: { kind: 'log', node, namespace, pod, container: 'install-cni', line },
      kind: /broken|repair/i.test(raw) ? 'repair' : 'cni-log',
    });
    if (out.length > MAX_LOG_ENTRIES) out.shift();
  }
  return out;
}

/** `term` as a whole name: `web-1` does not match inside `web-12`. */
function mentions(line: string, term: string): boolean {
  for (let i = line.indexOf(term); i >= 0; i = line.indexOf(term, i + 1)) {
    const before = line.charCodeAt(i - 1);
    const after = line.charCodeAt(i + term.length);
    if (!isNameChar(before) && !isNameChar(after)) return true;
  }
  return false;
}

const isNameChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45;

const oneLine = (s: string): string => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 300 ? `${t.slice(0, 299)}…` : t;
};
