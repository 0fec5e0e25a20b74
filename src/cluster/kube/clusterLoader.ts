/**
 * Runs the scoped queries (queries.ts) and assembles ClusterData, remembering each query's list
 * resourceVersion so watches start exactly where the lists ended.
 */
import type { ClusterFailure, LoadProgressListener } from '../clusterClient';
import { type ClusterData, emptyClusterData } from '../../core/health/clusterData';
import { namesIstioCniPod } from '../../core/health/evidence';
import type {
  K8sClusterRoleBinding,
  K8sConfigMap,
  K8sDaemonSet,
  K8sEvent,
  K8sNamespace,
  K8sNode,
  K8sObject,
  K8sPod,
} from '../../core/health/k8s';
import { fail, ok, type Result } from '../../core/result';
import { baseQueries, daemonSetQuery, dependentQueries, type QuerySpec, resourceOf } from './queries';
import { type ListResult } from './jsonLister';

export interface Lister {
  list(q: QuerySpec, onPage?: (items: number) => void): Promise<Result<ListResult, ClusterFailure>>;
  getPod(namespace: string, name: string): Promise<Result<K8sPod | undefined, ClusterFailure>>;
}

export type LogReader = (
  namespace: string,
  pod: string,
  container: string,
) => Promise<Result<string, ClusterFailure>>;

export interface LoadedCluster {
  data: ClusterData;
  /** Each query with the resourceVersion and items of its list (a watch re-lists one query against them). */
  versions: { query: QuerySpec; resourceVersion: string; items: K8sObject[] }[];
  requests: number;
}

const MAX_EVENT_PODS = 50;
/** Ambient pods Running but not Ready whose probe events are read (one small list each). */
const MAX_PROBE_PODS = 20;
const MAX_LOGS = 10;
/** Parallel lists: enough to hide latency, few enough not to look like a storm. */
const CONCURRENCY = 4;
/** Parallel per-pod GETs and log tails: a slow one no longer holds the others up. */
const FAN_OUT = 6;

/** Lists `queries`, CONCURRENCY at a time; `onListed` hears the results so far after each list. */
async function runAll(
  lister: Lister,
  queries: QuerySpec[],
  onProgress?: LoadProgressListener,
  onListed?: (results: Map<string, ListResult>) => void,
): Promise<Result<Map<string, ListResult>, ClusterFailure>> {
  const results = new Map<string, ListResult>();
  let failure: ClusterFailure | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < queries.length) {
      const q = queries[next++];
      if (!q) return;
      const what = resourceOf(q);
      const report = (items: number, done: boolean): void =>
        onProgress?.({ type: 'step', id: q.id, what, items, done });
      report(0, false);
      const r = await lister.list(q, onProgress && ((n) => report(n, false)));
      report(r.ok ? r.value.items.length : 0, true);
      if (r.ok) results.set(q.id, r.value);
      if (r.ok) onListed?.(results);
      else if (q.optional && (r.error.kind === 'forbidden' || r.error.kind === 'not-found')) continue;
      else failure ??= r.error;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queries.length) }, worker));
  return failure ? fail(failure) : ok(results);
}

const keyOf = (o: K8sObject): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

function dedupe<T extends K8sObject>(lists: T[][]): T[] {
  const seen = new Map<string, T>();
  for (const list of lists) for (const o of list) if (!seen.has(keyOf(o))) seen.set(keyOf(o), o);
  return [...seen.values()];
}

const hasValidation = (p: K8sPod): boolean =>
  (p.spec?.initContainers ?? []).some((c) => c.name === 'istio-validation');

const itemsOf = <T extends K8sObject>(from: Map<string, ListResult>, id: string): T[] =>
  (from.get(id)?.items ?? []) as T[];

const namespaceOf = (cniPods: K8sPod[]): string | undefined =>
  cniPods.find((p) => p.metadata?.namespace)?.metadata?.namespace;

const pickDaemonSet = (list: K8sDaemonSet[]): K8sDaemonSet | undefined =>
  list.find((d) => d.metadata?.name === 'istio-cni-node') ?? list[0];

/**
 * The DaemonSet, listed as soon as the istio-cni-node pods (its namespace) and the nodes are in,
 * while the workload pod lists still page; then `early` progress with those three, so a view
 * can show its first rows before the large lists finish.
 */
function readEarly(
  lister: Lister,
  r1: Map<string, ListResult>,
  onProgress: LoadProgressListener | undefined,
): Promise<Result<Map<string, ListResult>, ClusterFailure>> {
  const cniPods = itemsOf<K8sPod>(r1, 'cni-pods');
  const nodes = itemsOf<K8sNode>(r1, 'nodes');
  const cniNamespace = namespaceOf(cniPods);
  return runAll(lister, [daemonSetQuery(cniNamespace)], onProgress).then((r) => {
    if (r.ok && onProgress) {
      const daemonSet = pickDaemonSet(itemsOf<K8sDaemonSet>(r.value, 'daemonset'));
      const data = { ...emptyClusterData(), daemonSet, cniPods, nodes };
      onProgress({
        type: 'early',
        data: { ...data, cniNamespace: cniNamespace ?? daemonSet?.metadata?.namespace },
      });
    }
    return r;
  });
}

export async function loadCluster(
  lister: Lister,
  readLog?: LogReader,
  onProgress?: LoadProgressListener,
): Promise<Result<LoadedCluster, ClusterFailure>> {
  const base = baseQueries();
  let early: Promise<Result<Map<string, ListResult>, ClusterFailure>> | undefined;
  const first = await runAll(lister, base, onProgress, (r) => {
    if (!early && r.has('cni-pods') && r.has('nodes')) early = readEarly(lister, r, onProgress);
  });
  if (!first.ok) return first;
  const r1 = first.value;
  const items = <T extends K8sObject>(id: string, from = r1): T[] => itemsOf<T>(from, id);
  const cniPods = items<K8sPod>('cni-pods');
  const cniNamespace = namespaceOf(cniPods);
  const namespaces = items<K8sNamespace>('ambient-namespaces');
  const ambientNamespaces = namespaces
    .filter((n) => n.metadata?.labels?.['istio.io/dataplane-mode'] === 'ambient')
    .map((n) => n.metadata?.name ?? '')
    .filter(Boolean);
  const dependent = dependentQueries(cniNamespace, ambientNamespaces);
  const [second, ds] = await Promise.all([
    runAll(
      lister,
      dependent.filter((q) => q.id !== 'daemonset'),
      onProgress,
    ),
    early ?? readEarly(lister, r1, onProgress),
  ]);
  if (!ds.ok) return ds;
  if (!second.ok) return second;
  const r2 = new Map([...ds.value, ...second.value]);
  const daemonSet = pickDaemonSet(items<K8sDaemonSet>('daemonset', r2));

  const events = dedupe<K8sEvent>(
    [...base, ...dependent]
      .filter((q) => q.kind === 'Event')
      .map((q) => items<K8sEvent>(q.id, r1.has(q.id) ? r1 : r2)),
  );
  const isCni = (p: K8sPod): boolean => p.metadata?.labels?.['k8s-app'] === 'istio-cni-node';
  const workloadLists: K8sPod[][] = [
    items<K8sPod>('sidecar-pods').filter(hasValidation),
    items<K8sPod>('ambient-pods'),
    ...ambientNamespaces.map((ns) =>
      items<K8sPod>(`ambient-ns-pods/${ns}`, r2).filter((p) => p.spec?.hostNetwork !== true),
    ),
    items<K8sPod>('uninitialized-pods'),
    items<K8sPod>('pending-pods').filter((p) => !isCni(p) && p.spec?.hostNetwork !== true),
  ];
  let requests = [...r1.values(), ...r2.values()].reduce((n, r) => n + r.pages, 0);
  const known = new Set(workloadLists.flat().map(keyOf));
  const named: K8sPod[] = [];
  let fetched = 0;
  const toGet: { namespace: string; name: string }[] = [];
  for (const e of events) {
    const io = e.involvedObject;
    if (io?.kind !== 'Pod' || !io.name || !io.namespace || known.has(`${io.namespace}/${io.name}`)) continue;
    if (!namesIstioCniPod(e)) continue;
    if (++fetched > MAX_EVENT_PODS) break;
    known.add(`${io.namespace}/${io.name}`);
    if (io.namespace === cniNamespace && io.name.startsWith('istio-cni-node')) continue;
    toGet.push({ namespace: io.namespace, name: io.name });
  }
  requests += toGet.length;
  let podFailure: ClusterFailure | undefined;
  const getting = step(onProgress, 'named-pods', 'pods', toGet.length);
  const got = await mapBounded(toGet, FAN_OUT, async ({ namespace, name }) => {
    if (podFailure) return undefined;
    const pod = await lister.getPod(namespace, name);
    getting.read();
    if (!pod.ok) podFailure ??= pod.error;
    return pod.ok ? pod.value : undefined;
  });
  getting.end();
  if (podFailure) return fail(podFailure);
  for (const pod of got) if (pod) named.push(pod);
  const data: ClusterData = {
    ...emptyClusterData(),
    cniNamespace: cniNamespace ?? daemonSet?.metadata?.namespace,
    daemonSet,
    cniPods,
    nodes: items<K8sNode>('nodes'),
    workloadPods: dedupe([...workloadLists, named]),
    namespaces,
    events,
    configMap: items<K8sConfigMap>('cni-configmap', r2)[0],
    ztunnelPods: items<K8sPod>('ztunnel-pods'),
    clusterRoleBindings: items<K8sClusterRoleBinding>('cni-rolebindings'),
  };
  requests += await readProbeEvents(data, lister, onProgress);
  if (readLog) requests += await readCniLogs(data, readLog, onProgress);
  const versions = [...base, ...dependent]
    .filter((query) => !query.optional || r1.has(query.id) || r2.has(query.id))
    .map((query) => {
      const list = r1.get(query.id) ?? r2.get(query.id);
      return { query, resourceVersion: list?.resourceVersion ?? '', items: list?.items ?? [] };
    });
  return ok({ data, versions, requests });
}

/**
 * `Unhealthy` events of ambient pods that are captured, Running and not Ready (probe SNAT, facts
 * §D26): one field-selected list per pod, at most MAX_PROBE_PODS; a failure is skipped.
 */
async function readProbeEvents(
  data: ClusterData,
  lister: Lister,
  onProgress: LoadProgressListener | undefined,
): Promise<number> {
  const pods = data.workloadPods.filter(
    (p) =>
      p.metadata?.annotations?.['ambient.istio.io/redirection'] === 'enabled' &&
      p.status?.phase === 'Running' &&
      p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'False'),
  );
  let requests = 0;
  const reading = step(onProgress, 'probe-events', 'events', Math.min(pods.length, MAX_PROBE_PODS));
  for (const p of pods.slice(0, MAX_PROBE_PODS)) {
    const ns = p.metadata?.namespace;
    const name = p.metadata?.name;
    if (!ns || !name) continue;
    const r = await lister.list({
      id: `probe-events/${ns}/${name}`,
      kind: 'Event',
      namespace: ns,
      fieldSelector: `involvedObject.name=${name},reason=Unhealthy`,
      optional: true,
    });
    requests += r.ok ? r.value.pages : 1;
    if (r.ok) data.events.push(...(r.value.items as K8sEvent[]));
    reading.read();
  }
  reading.end();
  return requests;
}

/**
 * The install-cni log tail of the nodes worth reading: where repair acted (event source host)
 * and where istio-cni-node is not ready. At most MAX_LOGS; a log that cannot be read is skipped.
 */
async function readCniLogs(
  data: ClusterData,
  readLog: LogReader,
  onProgress: LoadProgressListener | undefined,
): Promise<number> {
  const nodes = new Set<string>();
  for (const e of data.events) {
    if ((e.reason === 'DeleteBrokenPod' || e.reason === 'LabelBrokenPod') && e.source?.host)
      nodes.add(e.source.host);
  }
  for (const p of data.cniPods) {
    const ready = p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    if (!ready && p.spec?.nodeName) nodes.add(p.spec.nodeName);
  }
  // repairPods mode leaves no event: its "pod repaired" lines are read where validation fails.
  for (const p of data.workloadPods) {
    const v = p.status?.initContainerStatuses?.find((s) => s.name === 'istio-validation');
    const failed = [v?.state?.terminated?.exitCode, v?.lastState?.terminated?.exitCode].some(
      (c) => c !== undefined && c !== 0,
    );
    if (failed && v?.ready !== true && p.spec?.nodeName) nodes.add(p.spec.nodeName);
  }
  const reads: { node: string; namespace: string; pod: string }[] = [];
  for (const node of [...nodes].slice(0, MAX_LOGS)) {
    const pod = data.cniPods.find((p) => p.spec?.nodeName === node);
    if (pod?.metadata?.name && pod.metadata.namespace)
      reads.push({ node, namespace: pod.metadata.namespace, pod: pod.metadata.name });
  }
  const reading = step(onProgress, 'cni-logs', 'istio-cni logs', reads.length);
  await mapBounded(reads, FAN_OUT, async (r) => {
    const log = await readLog(r.namespace, r.pod, 'install-cni');
    if (log.ok) data.cniLogs[r.node] = log.value;
    reading.read();
  });
  reading.end();
  return reads.length;
}

/** Progress of a step that is not one list (per-pod GETs, log tails); silent when there is nothing to do. */
function step(
  onProgress: LoadProgressListener | undefined,
  id: string,
  what: string,
  total: number,
): { read(): void; end(): void } {
  let items = 0;
  const report = (done: boolean): void => {
    if (total > 0) onProgress?.({ type: 'step', id, what, items, done });
  };
  report(false);
  return {
    read: () => {
      items++;
      report(false);
    },
    end: () => report(true),
  };
}

/** `fn` over `items` with at most `limit` running at once; results in the order of `items`. */
async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
