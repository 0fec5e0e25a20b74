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
  /** The error text names istio-cni; false for Multus, CRI-O, dockershim or primary-plugin failures. */
  namesIstioCni: boolean;
  /** The log catalog's fix for this error class ('' when no pattern matched). */
  fix: string;
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

/** Failed kubelet probes of a pod (`Unhealthy` events), for ambient probe SNAT problems. */
export interface ProbeEvidence {
  count: number;
  message: string;
  last: string;
}

export interface Evidence {
  sandbox: Map<string, SandboxEvidence>;
  deleted: Map<string, RepairEvidence>;
  labeled: Map<string, RepairEvidence>;
  /** `pod repaired` lines of repairPods mode (log only: that mode emits no event). */
  repaired?: Map<string, RepairEvidence>;
  /** `Unhealthy` probe events per pod. */
  probes?: Map<string, ProbeEvidence>;
  /** `FailedCreate` events on the istio-cni-node and ztunnel DaemonSets, newest first. */
  daemonSetFailures?: K8sEvent[];
}

export const UNHEALTHY_REASON = 'Unhealthy';
export const FAILED_CREATE_REASON = 'FailedCreate';
/** DaemonSets whose FailedCreate events explain missing pods (facts §D29). */
export const WATCHED_DAEMONSETS = ['istio-cni-node', 'ztunnel'];

/** True for the events the model uses; the index drops all others on arrival. */
export function isRelevantEvent(e: K8sEvent): boolean {
  const kind = e.involvedObject?.kind;
  if (kind === 'DaemonSet')
    return e.reason === FAILED_CREATE_REASON && WATCHED_DAEMONSETS.includes(e.involvedObject?.name ?? '');
  if (kind !== undefined && kind !== 'Pod') return false;
  if (e.reason === DELETE_REASON || e.reason === LABEL_REASON || e.reason === SANDBOX_REASON) return true;
  return e.reason === UNHEALTHY_REASON && /probe failed/.test(e.message ?? '');
}

/** Events worth fetching the named pod for (the loader GETs at most a few): those naming istio-cni. */
export function namesIstioCniPod(e: K8sEvent): boolean {
  if (e.involvedObject?.kind !== undefined && e.involvedObject.kind !== 'Pod') return false;
  if (e.reason === DELETE_REASON || e.reason === LABEL_REASON) return true;
  return e.reason === SANDBOX_REASON && namesIstioCni(e.message ?? '');
}

const eventTime = (e: K8sEvent): string => e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? '';

/** Evidence with nothing in it. */
export const emptyEvidence = (): Evidence => ({
  sandbox: new Map(),
  deleted: new Map(),
  labeled: new Map(),
  repaired: new Map(),
  probes: new Map(),
  daemonSetFailures: [],
});

export function eventEvidence(events: Iterable<K8sEvent>): Evidence {
  const ev = emptyEvidence();
  for (const e of events) {
    if (!isRelevantEvent(e)) continue;
    if (e.involvedObject?.kind === 'DaemonSet') {
      ev.daemonSetFailures?.push(e);
      continue;
    }
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
        namesIstioCni: namesIstioCni(message),
        fix: cls.fix,
        count: count + (prev?.count ?? 0),
        node,
        last,
      });
    } else if (e.reason === UNHEALTHY_REASON) {
      const prev = ev.probes?.get(key);
      const message = (e.message ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
      if (!prev) ev.probes?.set(key, { count, message, last });
      else {
        prev.count += count;
        if (last > prev.last) Object.assign(prev, { message, last });
      }
    } else {
      addRepair(e.reason === DELETE_REASON ? ev.deleted : ev.labeled, ns, name, count, node, 'event', last);
    }
  }
  ev.daemonSetFailures?.sort((a, b) =>
    eventTime(a) < eventTime(b) ? 1 : eventTime(a) > eventTime(b) ? -1 : 0,
  );
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
/** The `pod=ns/name` label after `pod repaired` (checked from that point on, so the scan stays linear). */
const POD_LABEL = new RegExp(`(?:^|\\s)pod=${POD_REF}`);
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/;
/** Logs are scanned up to this many characters per node (the tail matters most, but the log is bounded anyway). */
const MAX_LOG_SCAN = 8 * 1024 * 1024;

export interface LogRepairs {
  deleted: RepairEvidence[];
  labeled: RepairEvidence[];
  /** `pod repaired` lines (repairPods mode). */
  repaired?: RepairEvidence[];
}

/** Repair lines of one node's istio-cni-node log, counted per pod. */
export function logRepairs(node: string, text: string): LogRepairs {
  const deleted = new Map<string, RepairEvidence>();
  const labeled = new Map<string, RepairEvidence>();
  const repaired = new Map<string, RepairEvidence>();
  const scanned = text.length > MAX_LOG_SCAN ? text.slice(text.length - MAX_LOG_SCAN) : text;
  if (!scanned.includes('broken') && !scanned.includes('pod repaired'))
    return { deleted: [], labeled: [], repaired: [] };
  for (const line of scanned.split('\n')) {
    if (line.includes('pod repaired')) {
      const r = POD_LABEL.exec(line.slice(line.indexOf('pod repaired') + 'pod repaired'.length));
      if (r?.[1] && r[2]) addRepair(repaired, r[1], r[2], 1, node, 'log', TIMESTAMP.exec(line)?.[0] ?? '');
      continue;
    }
    if (!line.includes('broken')) continue;
    const d = DELETE_LINE.exec(line);
    const l = d ? null : LABEL_LINE.exec(line);
    const m = d ?? l;
    if (!m?.[1] || !m[2]) continue;
    const last = TIMESTAMP.exec(line)?.[0] ?? '';
    addRepair(d ? deleted : labeled, m[1], m[2], 1, node, 'log', last);
  }
  return { deleted: [...deleted.values()], labeled: [...labeled.values()], repaired: [...repaired.values()] };
}

/** Event evidence plus log evidence; a pod seen in both counts the larger number once. */
export function mergeEvidence(events: Evidence, logs: Iterable<LogRepairs>): Evidence {
  const out: Evidence = {
    ...events,
    sandbox: events.sandbox,
    deleted: cloneMap(events.deleted),
    labeled: cloneMap(events.labeled),
    repaired: cloneMap(events.repaired ?? new Map<string, RepairEvidence>()),
  };
  for (const l of logs) {
    for (const r of l.repaired ?? [])
      if (out.repaired) addRepair(out.repaired, r.namespace, r.name, r.count, r.node, 'log', r.last);
    for (const r of l.deleted) addRepair(out.deleted, r.namespace, r.name, r.count, r.node, 'log', r.last);
    for (const r of l.labeled) addRepair(out.labeled, r.namespace, r.name, r.count, r.node, 'log', r.last);
  }
  return out;
}

const cloneMap = (m: Map<string, RepairEvidence>): Map<string, RepairEvidence> =>
  new Map([...m].map(([k, v]) => [k, { ...v, seenIn: [...v.seenIn] }]));
