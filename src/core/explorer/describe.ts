/**
 * "Describe pod": a plain-text page like `kubectl describe pod`, limited to what matters for
 * Istio CNI (phase, conditions, container states with exit codes, events). Works from the objects
 * the explorer already holds, so it needs no extra request and works offline. Defensive about
 * every field: objects come from snapshots that may be hand-edited.
 */
import type { K8sContainerState, K8sContainerStatus, K8sEvent, K8sPod } from '../health/k8s';

const str = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

function state(s: K8sContainerState | undefined): string {
  if (!s || typeof s !== 'object') return 'unknown';
  if (s.running) return `Running since ${str(s.running.startedAt) || '?'}`;
  if (s.waiting)
    return `Waiting: ${str(s.waiting.reason) || '?'}${s.waiting.message ? ` (${str(s.waiting.message)})` : ''}`;
  if (s.terminated) {
    const t = s.terminated;
    return `Terminated: ${str(t.reason) || '?'}, exit code ${str(t.exitCode) || '?'}${t.message ? ` (${str(t.message)})` : ''}`;
  }
  return 'unknown';
}

function containerLines(
  title: string,
  names: string[],
  statuses: K8sContainerStatus[] | undefined,
): string[] {
  if (names.length === 0) return [];
  const out = [`${title}:`];
  const list = Array.isArray(statuses) ? statuses : [];
  for (const name of names) {
    const s = list.find((c) => c?.name === name);
    out.push(`  ${name}:`, `    State:    ${state(s?.state)}`);
    if (s?.lastState && Object.keys(s.lastState).length > 0) out.push(`    Last:     ${state(s.lastState)}`);
    out.push(`    Ready:    ${str(s?.ready) || 'unknown'}`, `    Restarts: ${str(s?.restartCount) || '0'}`);
  }
  return out;
}

const namesOf = (list: unknown): string[] =>
  Array.isArray(list) ? list.map((c: { name?: unknown }) => str(c?.name)).filter(Boolean) : [];

/** Events about the pod (by UID when both have one, else by namespace and name), oldest first. */
export function eventsFor(pod: K8sPod, events: Iterable<K8sEvent>): K8sEvent[] {
  const ns = pod.metadata?.namespace;
  const name = pod.metadata?.name;
  const uid = pod.metadata?.uid;
  const out: K8sEvent[] = [];
  for (const e of events) {
    const io = e?.involvedObject;
    if (io?.kind !== 'Pod') continue;
    if (uid && io.uid ? io.uid === uid : io.namespace === ns && io.name === name) out.push(e);
  }
  const time = (e: K8sEvent): string => str(e.lastTimestamp) || str(e.eventTime) || str(e.firstTimestamp);
  return out.sort((a, b) => (time(a) < time(b) ? -1 : time(a) > time(b) ? 1 : 0));
}

export function describePod(pod: K8sPod, events: Iterable<K8sEvent>): string {
  const m = pod.metadata ?? {};
  const st = pod.status ?? {};
  const lines = [
    `Name:       ${str(m.name)}`,
    `Namespace:  ${str(m.namespace)}`,
    `UID:        ${str(m.uid)}`,
    `Node:       ${str(pod.spec?.nodeName) || '<none>'}`,
    `Phase:      ${str(st.phase) || 'unknown'}${st.reason ? ` (${str(st.reason)})` : ''}`,
    `IP:         ${str(st.podIP) || '<none>'}`,
  ];
  const labels = Object.entries(m.labels ?? {}).map(([k, v]) => `${k}=${str(v)}`);
  if (labels.length > 0) lines.push(`Labels:     ${labels.join(', ')}`);
  const annotations = Object.entries(m.annotations ?? {})
    .filter(([k]) => /istio|cni/.test(k))
    .map(([k, v]) => `${k}=${str(v)}`);
  if (annotations.length > 0) lines.push(`Istio annotations: ${annotations.join(', ')}`);
  lines.push(
    '',
    ...containerLines('Init containers', namesOf(pod.spec?.initContainers), st.initContainerStatuses),
  );
  lines.push('', ...containerLines('Containers', namesOf(pod.spec?.containers), st.containerStatuses));
  lines.push('', 'Conditions:');
  const conditions = Array.isArray(st.conditions) ? st.conditions : [];
  if (conditions.length === 0) lines.push('  <none>');
  for (const c of conditions) {
    lines.push(
      `  ${str(c?.type).padEnd(26)} ${str(c?.status).padEnd(6)}${c?.reason ? ` ${str(c.reason)}` : ''}${c?.message ? `: ${str(c.message)}` : ''}`,
    );
  }
  lines.push('', 'Events:');
  const evs = eventsFor(pod, events);
  if (evs.length === 0) lines.push('  <none in the events the explorer reads (CNI-related events only)>');
  for (const e of evs) {
    const when = str(e.lastTimestamp) || str(e.eventTime) || str(e.firstTimestamp) || '?';
    const count = typeof e.count === 'number' && e.count > 1 ? ` (x${e.count})` : '';
    lines.push(
      `  ${when}  ${str(e.type) || 'Normal'}  ${str(e.reason)}${count}  ${str(e.source?.component) || str(e.reportingComponent)}`,
      `    ${str(e.message)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Container names of a pod for the log picker: init containers first (istio-validation). */
export function podContainers(
  pod: K8sPod | undefined,
): { name: string; init: boolean; restarted: boolean }[] {
  if (!pod) return [];
  const restarted = (name: string, list: unknown): boolean =>
    Array.isArray(list) &&
    list.some(
      (s: K8sContainerStatus) =>
        s?.name === name && ((s.restartCount ?? 0) > 0 || s.lastState?.terminated !== undefined),
    );
  return [
    ...namesOf(pod.spec?.initContainers).map((name) => ({
      name,
      init: true,
      restarted: restarted(name, pod.status?.initContainerStatuses),
    })),
    ...namesOf(pod.spec?.containers).map((name) => ({
      name,
      init: false,
      restarted: restarted(name, pod.status?.containerStatuses),
    })),
  ];
}

/**
 * Why a container has no previous log (it never restarted, or the pod does not name it), as the
 * one message to show instead of asking the API server and relaying its error; undefined when a
 * previous instance exists. An unknown pod (deleted, known from events) is left to the server.
 */
export function noPreviousLog(pod: K8sPod | undefined, container: string | undefined): string | undefined {
  if (!pod) return undefined;
  const name = pod.metadata?.name ?? 'the pod';
  const c = podContainers(pod).find((x) => x.name === container);
  if (!c)
    return `${name} has no container ${container ? `"${container}"` : 'named'}, so there is no previous log`;
  return c.restarted
    ? undefined
    : `${c.name} in ${name} has not restarted, so there is no previous log; its current log is the only one`;
}
