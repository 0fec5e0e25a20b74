/**
 * Evidence about pods that is not in the pod object: istio-cni events (FailedCreatePodSandBox
 * naming istio-cni, DeleteBrokenPod and LabelBrokenPod from `cni-repair`, facts §B.4) and the
 * race-repair lines of each node's istio-cni-node log (facts §A.4.3, row 59).
 */
import type { K8sEvent } from './k8s';
import { classifySandboxError, namesIstioCni, sandboxErrorText } from './sandboxErrors';
import { podKey } from './podFacts';

export const SANDBOX_REASON = 'FailedCreatePodSandBox';
export const DELETE_REASON = 'DeleteBrokenPod';
export const LABEL_REASON = 'LabelBrokenPod';

export interface SandboxEvidence {
  error: string;
  kind: string;
  title: string;
  count: number;
  node: string;
  last: string;
}

export interface RepairEvidence {
  namespace: string;
  name: string;
  /** How many times repair acted on this pod name (events' count, or log lines, whichever is larger). */
  count: number;
  node: string;
  /** Where it was seen: `event`, `log` or both. */
  seenIn: string[];
  last: string;
}

export interface Evidence {
  sandbox: Map<string, SandboxEvidence>;
  deleted: Map<string, RepairEvidence>;
  labeled: Map<string, RepairEvidence>;
}

/** True for the events the model uses; the index drops all others on arrival. */
export function isRelevantEvent(e: K8sEvent): boolean {
  if (e.involvedObject?.kind !== undefined && e.involvedObject.kind !== 'Pod') return false;
  if (e.reason === DELETE_REASON || e.reason === LABEL_REASON) return true;
  return e.reason === SANDBOX_REASON && namesIstioCni(e.message ?? '');
}

const eventTime = (e: K8sEvent): string => e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? '';

export function eventEvidence(events: Iterable<K8sEvent>): Evidence {
  const ev: Evidence = { sandbox: new Map(), deleted: new Map(), labeled: new Map() };
  for (const e of events) {
    if (!isRelevantEvent(e)) continue;
    const ns = e.involvedObject?.namespace ?? e.metadata?.namespace ?? 'default';
    const name = e.involvedObject?.name ?? '';
    if (!name) continue;
    const key = podKey(ns, name);
    const count = Math.max(1, e.count ?? 1);
    const node = e.source?.host ?? '';
    const last = eventTime(e);
    if (e.reason === SANDBOX_REASON) {
      const prev = ev.sandbox.get(key);
      if (prev && prev.last > last) {
        prev.count += count;
        continue;
      }
      const message = e.message ?? '';
      const cls = classifySandboxError(message);
      ev.sandbox.set(key, {
        error: sandboxErrorText(message),
        kind: cls.id,
        title: cls.title,
        count: count + (prev?.count ?? 0),
        node,
        last,
      });
    } else {
      addRepair(e.reason === DELETE_REASON ? ev.deleted : ev.labeled, ns, name, count, node, 'event', last);
    }
  }
  return ev;
}

function addRepair(
  map: Map<string, RepairEvidence>,
  ns: string,
  name: string,
  count: number,
  node: string,
  seen: string,
  last: string,
): void {
  const key = podKey(ns, name);
  const prev = map.get(key);
  if (!prev) {
    map.set(key, { namespace: ns, name, count, node, seenIn: [seen], last });
    return;
  }
  if (!prev.seenIn.includes(seen)) {
    prev.seenIn.push(seen);
    prev.count = Math.max(prev.count, count);
  } else prev.count += count;
  if (!prev.node) prev.node = node;
  if (last > prev.last) prev.last = last;
}

const POD_REF = '([a-z0-9][a-z0-9.-]*)/([a-z0-9][a-z0-9.-]*)';
const DELETE_LINE = new RegExp(`(?:Pod detected as broken, deleting|Deleting broken pod):?\\s+${POD_REF}`);
const LABEL_LINE = new RegExp(`Pod detected as broken, adding label:?\\s+${POD_REF}`);
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/;
/** Logs are scanned up to this many characters per node (the tail matters most, but the log is bounded anyway). */
const MAX_LOG_SCAN = 8 * 1024 * 1024;

export interface LogRepairs {
  deleted: RepairEvidence[];
  labeled: RepairEvidence[];
}

/** Repair lines of one node's istio-cni-node log, counted per pod. */
export function logRepairs(node: string, text: string): LogRepairs {
  const deleted = new Map<string, RepairEvidence>();
  const labeled = new Map<string, RepairEvidence>();
  const scanned = text.length > MAX_LOG_SCAN ? text.slice(text.length - MAX_LOG_SCAN) : text;
  if (!scanned.includes('broken')) return { deleted: [], labeled: [] };
  for (const line of scanned.split('\n')) {
    if (!line.includes('broken')) continue;
    const d = DELETE_LINE.exec(line);
    const l = d ? null : LABEL_LINE.exec(line);
    const m = d ?? l;
    if (!m?.[1] || !m[2]) continue;
    const last = TIMESTAMP.exec(line)?.[0] ?? '';
    addRepair(d ? deleted : labeled, m[1], m[2], 1, node, 'log', last);
  }
  return { deleted: [...deleted.values()], labeled: [...labeled.values()] };
}

/** Event evidence plus log evidence; a pod seen in both counts the larger number once. */
export function mergeEvidence(events: Evidence, logs: Iterable<LogRepairs>): Evidence {
  const out: Evidence = {
    sandbox: events.sandbox,
    deleted: cloneMap(events.deleted),
    labeled: cloneMap(events.labeled),
  };
  for (const l of logs) {
    for (const r of l.deleted) addRepair(out.deleted, r.namespace, r.name, r.count, r.node, 'log', r.last);
    for (const r of l.labeled) addRepair(out.labeled, r.namespace, r.name, r.count, r.node, 'log', r.last);
  }
  return out;
}

const cloneMap = (m: Map<string, RepairEvidence>): Map<string, RepairEvidence> =>
  new Map([...m].map(([k, v]) => [k, { ...v, seenIn: [...v.seenIn] }]));
