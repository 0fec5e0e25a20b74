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
import {
  ambientNamespaceQueries,
  baseQueries,
  cniNamespaceQueries,
  daemonSetQuery,
  type QuerySpec,
  resourceOf,
} from './queries';
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

/** Queries a list makes possible: `next` run before the rest, `last` after it. */
interface Unlocked {
  next?: QuerySpec[];
  last?: QuerySpec[];
}

/**
 * Lists `queries`, CONCURRENCY at a time. After each list, `onListed` hears the results so far
 * and the ids still queued or running, and may return queries that can run now (their input is in).
 */
function runAll(
  lister: Lister,
  initial: QuerySpec[],
  onProgress?: LoadProgressListener,
  onListed?: (results: Map<string, ListResult>, open: ReadonlySet<string>) => Unlocked,
): Promise<Result<Map<string, ListResult>, ClusterFailure>> {
  const queries = [...initial];
  const open = new Set(queries.map((q) => q.id));
  const results = new Map<string, ListResult>();
  let failure: ClusterFailure | undefined;
  let next = 0;
  let active = 0;
  const listOne = async (q: QuerySpec): Promise<void> => {
    const what = resourceOf(q);
    const report = (items: number, done: boolean): void =>
      onProgress?.({ type: 'step', id: q.id, what, items, done });
    report(0, false);
    const r = await lister.list(q, onProgress && ((n) => report(n, false)));
    report(r.ok ? r.value.items.length : 0, true);
    open.delete(q.id);
    if (r.ok) results.set(q.id, r.value);
    else if (!(q.optional && (r.error.kind === 'forbidden' || r.error.kind === 'not-found'))) {
      failure ??= r.error;
      return;
    }
    const unlocked = onListed?.(results, open) ?? {};
    for (const u of [...(unlocked.next ?? []), ...(unlocked.last ?? [])]) open.add(u.id);
    queries.splice(next, 0, ...(unlocked.next ?? []));
    queries.push(...(unlocked.last ?? []));
  };
  return new Promise((resolve, reject) => {
    const pump = (): void => {
      while (failure === undefined && active < CONCURRENCY && next < queries.length) {
        const q = queries[next++] as QuerySpec;
        active++;
        listOne(q).then(() => {
          active--;
          pump();
        }, reject);
      }
      if (active === 0) resolve(failure ? fail(failure) : ok(results));
    };
    pump();
  });
}

/**
 * `fn` that starts each distinct call once: a GET or log read started early, from what the lists
 * had shown so far, is served again when the final computation asks for it. `calls` counts the
 * requests really made.
 */
function once<R>(fn: (...args: string[]) => Promise<R>): {
  get: (...args: string[]) => Promise<R>;
  calls: () => number;
} {
  const started = new Map<string, Promise<R>>();
  const get = (...args: string[]): Promise<R> => {
    const key = args.join('\0');
    let p = started.get(key);
    if (!p) {
      p = fn(...args);
      started.set(key, p);
    }
    return p;
  };
  return { get, calls: () => started.size };
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

/** Namespaces labelled `istio.io/dataplane-mode=ambient` (the list has every namespace with the label). */
const ambientNamespaceNames = (namespaces: K8sNamespace[]): string[] =>
  namespaces
    .filter((n) => n.metadata?.labels?.['istio.io/dataplane-mode'] === 'ambient')
    .map((n) => n.metadata?.name ?? '')
    .filter(Boolean);

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

/** The workload pod lists (the pods istio-cni acts on), from the lists so far. */
function workloadLists(listed: Map<string, ListResult>, ambientNamespaces: string[]): K8sPod[][] {
  const items = <T extends K8sObject>(id: string): T[] => itemsOf<T>(listed, id);
  const isCni = (p: K8sPod): boolean => p.metadata?.labels?.['k8s-app'] === 'istio-cni-node';
  return [
    items<K8sPod>('sidecar-pods').filter(hasValidation),
    items<K8sPod>('ambient-pods'),
    ...ambientNamespaces.map((ns) =>
      items<K8sPod>(`ambient-ns-pods/${ns}`).filter((p) => p.spec?.hostNetwork !== true),
    ),
    items<K8sPod>('uninitialized-pods'),
    items<K8sPod>('pending-pods').filter((p) => !isCni(p) && p.spec?.hostNetwork !== true),
  ];
}

const eventsOf = (listed: Map<string, ListResult>, queries: QuerySpec[]): K8sEvent[] =>
  dedupe<K8sEvent>(queries.filter((q) => q.kind === 'Event').map((q) => itemsOf<K8sEvent>(listed, q.id)));

/** Pods that CNI events name and `listed` does not hold (at most MAX_EVENT_PODS, istio-cni-node's own left out). */
function podsNamedByEvents(
  events: K8sEvent[],
  listed: K8sPod[],
  cniNamespace: string | undefined,
): { namespace: string; name: string }[] {
  const seen = new Set(listed.map(keyOf));
  const out: { namespace: string; name: string }[] = [];
  let fetched = 0;
  for (const e of events) {
    const io = e.involvedObject;
    if (io?.kind !== 'Pod' || !io.name || !io.namespace || seen.has(`${io.namespace}/${io.name}`)) continue;
    if (!namesIstioCniPod(e)) continue;
    if (++fetched > MAX_EVENT_PODS) break;
    seen.add(`${io.namespace}/${io.name}`);
    if (io.namespace === cniNamespace && io.name.startsWith('istio-cni-node')) continue;
    out.push({ namespace: io.namespace, name: io.name });
  }
  return out;
}

const isAmbientList = (id: string): boolean => id.startsWith('ambient-ns-pods/');

export async function loadCluster(
  lister: Lister,
  readLog?: LogReader,
  onProgress?: LoadProgressListener,
): Promise<Result<LoadedCluster, ClusterFailure>> {
  const base = baseQueries();
  const getPod = once((namespace, name) => lister.getPod(namespace, name));
  const log = readLog && once((namespace, pod, container) => readLog(namespace, pod, container));
  let early: Promise<Result<Map<string, ListResult>, ClusterFailure>> | undefined;
  const dependent: QuerySpec[] = [];
  let ambientQueued = false;
  let cniQueued = false;
  let prefetched = false;
  // Each dependent list starts as soon as its input is in, while the large base lists still page;
  // the ambient namespaces' pod lists (the largest) go last, and once everything else is in, the
  // per-pod GETs and log tails start while those still page.
  const first = await runAll(lister, base, onProgress, (r, open) => {
    if (!early && r.has('cni-pods') && r.has('nodes')) early = readEarly(lister, r, onProgress);
    const next: QuerySpec[] = [];
    const last: QuerySpec[] = [];
    if (!ambientQueued && r.has('ambient-namespaces')) {
      ambientQueued = true;
      last.push(...ambientNamespaceQueries(ambientNamespaceNames(itemsOf(r, 'ambient-namespaces'))));
    }
    if (!cniQueued && r.has('cni-pods')) {
      cniQueued = true;
      const cniNamespace = namespaceOf(itemsOf(r, 'cni-pods'));
      if (cniNamespace !== undefined) next.push(...cniNamespaceQueries(cniNamespace));
    }
    dependent.push(...next, ...last);
    if (!prefetched && next.length === 0 && ambientQueued && cniQueued && [...open].every(isAmbientList)) {
      prefetched = true;
      prefetch(r, [...base, ...dependent], getPod.get, log?.get);
    }
    return { next, last };
  });
  if (!first.ok) return first;
  const ds = await (early ?? readEarly(lister, first.value, onProgress));
  if (!ds.ok) return ds;
  const listed = new Map([...first.value, ...ds.value]);
  const items = <T extends K8sObject>(id: string): T[] => itemsOf<T>(listed, id);
  const cniPods = items<K8sPod>('cni-pods');
  const cniNamespace = namespaceOf(cniPods);
  const namespaces = items<K8sNamespace>('ambient-namespaces');
  const ambientNamespaces = ambientNamespaceNames(namespaces);
  const daemonSet = pickDaemonSet(items<K8sDaemonSet>('daemonset'));
  const events = eventsOf(listed, [...base, ...dependent]);
  const lists = workloadLists(listed, ambientNamespaces);
  const toGet = podsNamedByEvents(events, lists.flat(), cniNamespace);
  let podFailure: ClusterFailure | undefined;
  const getting = step(onProgress, 'named-pods', 'pods', toGet.length);
  const got = await mapBounded(toGet, FAN_OUT, async ({ namespace, name }) => {
    if (podFailure) return undefined;
    const pod = await getPod.get(namespace, name);
    getting.read();
    if (!pod.ok) podFailure ??= pod.error;
    return pod.ok ? pod.value : undefined;
  });
  getting.end();
  if (podFailure) return fail(podFailure);
  const named = got.filter((p): p is K8sPod => p !== undefined);
  const data: ClusterData = {
    ...emptyClusterData(),
    cniNamespace: cniNamespace ?? daemonSet?.metadata?.namespace,
    daemonSet,
    cniPods,
    nodes: items<K8sNode>('nodes'),
    workloadPods: dedupe([...lists, named]),
    namespaces,
    events,
    configMap: items<K8sConfigMap>('cni-configmap')[0],
    ztunnelPods: items<K8sPod>('ztunnel-pods'),
    clusterRoleBindings: items<K8sClusterRoleBinding>('cni-rolebindings'),
  };
  const probeRequests = await readProbeEvents(data, lister, onProgress);
  if (log) await readCniLogs(data, log.get, onProgress);
  const versions = [...base, daemonSetQuery(cniNamespace), ...dependent]
    .filter((query) => !query.optional || listed.has(query.id))
    .map((query) => {
      const list = listed.get(query.id);
      return { query, resourceVersion: list?.resourceVersion ?? '', items: list?.items ?? [] };
    });
  const pages = [...listed.values()].reduce((n, r) => n + r.pages, 0);
  return ok({ data, versions, requests: pages + getPod.calls() + (log?.calls() ?? 0) + probeRequests });
}

/**
 * Starts the per-pod GETs and log tails that the lists so far call for (every list but the
 * ambient namespaces' pods), without waiting: the final computation, with every list in, asks
 * again and gets these same requests back (`once`). Pods of the ambient namespaces may turn up
 * in their lists still: such a GET is wasted, never wrong, and there are at most MAX_EVENT_PODS.
 */
function prefetch(
  listed: Map<string, ListResult>,
  queries: QuerySpec[],
  getPod: (namespace: string, name: string) => Promise<unknown>,
  readLog: ((namespace: string, pod: string, container: string) => Promise<unknown>) | undefined,
): void {
  const cniPods = itemsOf<K8sPod>(listed, 'cni-pods');
  const events = eventsOf(listed, queries);
  const lists = workloadLists(listed, []);
  const reads: (() => Promise<unknown>)[] = [];
  if (readLog)
    for (const r of logReads(events, cniPods, lists.flat()))
      reads.push(() => readLog(r.namespace, r.pod, 'install-cni'));
  for (const p of podsNamedByEvents(events, lists.flat(), namespaceOf(cniPods)))
    reads.push(() => getPod(p.namespace, p.name));
  void mapBounded(reads, FAN_OUT, (read) => read()).catch(() => undefined);
}

/**
 * `Unhealthy` events of ambient pods that are captured, Running and not Ready (probe SNAT, facts
 * §D26): one field-selected list per pod, at most MAX_PROBE_PODS, FAN_OUT at a time; a failure is
 * skipped.
 */
async function readProbeEvents(
  data: ClusterData,
  lister: Lister,
  onProgress: LoadProgressListener | undefined,
): Promise<number> {
  const pods = data.workloadPods
    .filter(
      (p) =>
        p.metadata?.annotations?.['ambient.istio.io/redirection'] === 'enabled' &&
        p.status?.phase === 'Running' &&
        p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'False') &&
        p.metadata.namespace &&
        p.metadata.name,
    )
    .slice(0, MAX_PROBE_PODS);
  const reading = step(onProgress, 'probe-events', 'events', pods.length);
  const found = await mapBounded(pods, FAN_OUT, async (p) => {
    const ns = p.metadata?.namespace ?? '';
    const name = p.metadata?.name ?? '';
    const r = await lister.list({
      id: `probe-events/${ns}/${name}`,
      kind: 'Event',
      namespace: ns,
      fieldSelector: `involvedObject.name=${name},reason=Unhealthy`,
      optional: true,
    });
    reading.read();
    return r.ok ? { requests: r.value.pages, events: r.value.items } : { requests: 1, events: [] };
  });
  reading.end();
  for (const f of found) data.events.push(...f.events);
  return found.reduce((n, f) => n + f.requests, 0);
}

/**
 * The install-cni log tails worth reading: of the nodes where repair acted (event source host),
 * where istio-cni-node is not ready, and where a pod's istio-validation failed (repairPods mode
 * leaves no event: its "pod repaired" lines are read there). At most MAX_LOGS.
 */
function logReads(
  events: K8sEvent[],
  cniPods: K8sPod[],
  workloadPods: K8sPod[],
): { node: string; namespace: string; pod: string }[] {
  const nodes = new Set<string>();
  for (const e of events) {
    if ((e.reason === 'DeleteBrokenPod' || e.reason === 'LabelBrokenPod') && e.source?.host)
      nodes.add(e.source.host);
  }
  for (const p of cniPods) {
    const ready = p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    if (!ready && p.spec?.nodeName) nodes.add(p.spec.nodeName);
  }
  for (const p of workloadPods) {
    const v = p.status?.initContainerStatuses?.find((s) => s.name === 'istio-validation');
    const failed = [v?.state?.terminated?.exitCode, v?.lastState?.terminated?.exitCode].some(
      (c) => c !== undefined && c !== 0,
    );
    if (failed && v?.ready !== true && p.spec?.nodeName) nodes.add(p.spec.nodeName);
  }
  const reads: { node: string; namespace: string; pod: string }[] = [];
  for (const node of [...nodes].slice(0, MAX_LOGS)) {
    const pod = cniPods.find((p) => p.spec?.nodeName === node);
    if (pod?.metadata?.name && pod.metadata.namespace)
      reads.push({ node, namespace: pod.metadata.namespace, pod: pod.metadata.name });
  }
  return reads;
}

/** The install-cni log tails of logReads(); a log that cannot be read is skipped. */
async function readCniLogs(
  data: ClusterData,
  readLog: LogReader,
  onProgress: LoadProgressListener | undefined,
) {
  const reads = logReads(data.events, data.cniPods, data.workloadPods);
  const reading = step(onProgress, 'cni-logs', 'istio-cni logs', reads.length);
  await mapBounded(reads, FAN_OUT, async (r) => {
    const log = await readLog(r.namespace, r.pod, 'install-cni');
    if (log.ok) data.cniLogs[r.node] = log.value;
    reading.read();
  });
  reading.end();
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
