/**
 * Runs the scoped queries (queries.ts) and assembles ClusterData, remembering each query's list
 * resourceVersion so watches start exactly where the lists ended.
 */
import type { ClusterFailure } from '../clusterClient';
import { type ClusterData, emptyClusterData } from '../../core/health/clusterData';
import type { K8sDaemonSet, K8sEvent, K8sNamespace, K8sNode, K8sObject, K8sPod } from '../../core/health/k8s';
import { fail, ok, type Result } from '../../core/result';
import { baseQueries, dependentQueries, type QuerySpec } from './queries';
import { type ListResult } from './jsonLister';

export interface Lister {
  list(q: QuerySpec): Promise<Result<ListResult, ClusterFailure>>;
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
const MAX_LOGS = 10;
/** Parallel lists: enough to hide latency, few enough not to look like a storm. */
const CONCURRENCY = 4;

async function runAll(
  lister: Lister,
  queries: QuerySpec[],
): Promise<Result<Map<string, ListResult>, ClusterFailure>> {
  const results = new Map<string, ListResult>();
  let failure: ClusterFailure | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < queries.length) {
      const q = queries[next++];
      if (!q) return;
      const r = await lister.list(q);
      if (r.ok) results.set(q.id, r.value);
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

export async function loadCluster(
  lister: Lister,
  readLog?: LogReader,
): Promise<Result<LoadedCluster, ClusterFailure>> {
  const base = baseQueries();
  const first = await runAll(lister, base);
  if (!first.ok) return first;
  const r1 = first.value;
  const items = <T extends K8sObject>(id: string, from = r1): T[] => (from.get(id)?.items ?? []) as T[];
  const cniPods = items<K8sPod>('cni-pods');
  const cniNamespace = cniPods.find((p) => p.metadata?.namespace)?.metadata?.namespace;
  const namespaces = items<K8sNamespace>('ambient-namespaces');
  const ambientNamespaces = namespaces
    .filter((n) => n.metadata?.labels?.['istio.io/dataplane-mode'] === 'ambient')
    .map((n) => n.metadata?.name ?? '')
    .filter(Boolean);
  const dependent = dependentQueries(cniNamespace, ambientNamespaces);
  const second = await runAll(lister, dependent);
  if (!second.ok) return second;
  const r2 = second.value;
  const daemonSets = items<K8sDaemonSet>('daemonset', r2);
  const daemonSet = daemonSets.find((d) => d.metadata?.name === 'istio-cni-node') ?? daemonSets[0];

  const events = dedupe<K8sEvent>(
    [...base, ...dependent]
      .filter((q) => q.kind === 'Event')
      .map((q) => items<K8sEvent>(q.id, r1.has(q.id) ? r1 : r2)),
  );
  const workloadLists: K8sPod[][] = [
    items<K8sPod>('sidecar-pods').filter(hasValidation),
    items<K8sPod>('ambient-pods'),
    ...ambientNamespaces.map((ns) =>
      items<K8sPod>(`ambient-ns-pods/${ns}`, r2).filter((p) => p.spec?.hostNetwork !== true),
    ),
    items<K8sPod>('uninitialized-pods'),
  ];
  let requests = [...r1.values(), ...r2.values()].reduce((n, r) => n + r.pages, 0);
  const known = new Set(workloadLists.flat().map(keyOf));
  const named: K8sPod[] = [];
  let fetched = 0;
  for (const e of events) {
    const io = e.involvedObject;
    if (io?.kind !== 'Pod' || !io.name || !io.namespace || known.has(`${io.namespace}/${io.name}`)) continue;
    if (++fetched > MAX_EVENT_PODS) break;
    known.add(`${io.namespace}/${io.name}`);
    if (io.namespace === cniNamespace && io.name.startsWith('istio-cni-node')) continue;
    requests++;
    const pod = await lister.getPod(io.namespace, io.name);
    if (!pod.ok) return pod;
    if (pod.value) named.push(pod.value);
  }
  const data: ClusterData = {
    ...emptyClusterData(),
    cniNamespace: cniNamespace ?? daemonSet?.metadata?.namespace,
    daemonSet,
    cniPods,
    nodes: items<K8sNode>('nodes'),
    workloadPods: dedupe([...workloadLists, named]),
    namespaces,
    events,
  };
  if (readLog) requests += await readCniLogs(data, readLog);
  const versions = [...base, ...dependent].map((query) => {
    const list = r1.get(query.id) ?? r2.get(query.id);
    return { query, resourceVersion: list?.resourceVersion ?? '', items: list?.items ?? [] };
  });
  return ok({ data, versions, requests });
}

/**
 * The install-cni log tail of the nodes worth reading: where repair acted (event source host)
 * and where istio-cni-node is not ready. At most MAX_LOGS; a log that cannot be read is skipped.
 */
async function readCniLogs(data: ClusterData, readLog: LogReader): Promise<number> {
  const nodes = new Set<string>();
  for (const e of data.events) {
    if ((e.reason === 'DeleteBrokenPod' || e.reason === 'LabelBrokenPod') && e.source?.host)
      nodes.add(e.source.host);
  }
  for (const p of data.cniPods) {
    const ready = p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    if (!ready && p.spec?.nodeName) nodes.add(p.spec.nodeName);
  }
  let requests = 0;
  for (const node of [...nodes].slice(0, MAX_LOGS)) {
    const pod = data.cniPods.find((p) => p.spec?.nodeName === node);
    if (!pod?.metadata?.name || !pod.metadata.namespace) continue;
    requests++;
    const log = await readLog(pod.metadata.namespace, pod.metadata.name, 'install-cni');
    if (log.ok) data.cniLogs[node] = log.value;
  }
  return requests;
}
