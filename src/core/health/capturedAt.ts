/**
 * When a snapshot was taken, as well as it can be told from the data: the newest timestamp in
 * its events and pod statuses. Ages in an offline report are shown as of that instant, not as
 * of today (a week-old bug-report would otherwise show every pod as a week older).
 */
import type { ClusterData } from './clusterData';
import type { K8sContainerState } from './k8s';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

export function capturedAt(data: ClusterData): Date | undefined {
  let newest = '';
  let newestMs = -Infinity;
  const see = (t: unknown): void => {
    if (typeof t !== 'string' || !RFC3339.test(t) || t === newest) return;
    const ms = Date.parse(t);
    if (ms > newestMs) {
      newestMs = ms;
      newest = t;
    }
  };
  const seeState = (s: K8sContainerState | undefined): void => {
    see(s?.running?.startedAt);
    see(s?.terminated?.finishedAt);
  };
  for (const e of data.events) {
    see(e.lastTimestamp);
    see(e.eventTime);
  }
  for (const p of [...data.cniPods, ...data.workloadPods]) {
    see(p.metadata?.creationTimestamp);
    for (const c of p.status?.conditions ?? []) see(c.lastTransitionTime);
    for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) {
      seeState(s.state);
      seeState(s.lastState);
    }
  }
  return Number.isFinite(newestMs) ? new Date(newestMs) : undefined;
}
