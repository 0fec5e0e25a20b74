/**
 * Cluster access on the large scenario (500 nodes, 5,000 pods) through the local HTTPS API server
 * through our own client: time for load() (scoped paginated lists as plain JSON through
 * src/cluster/kube/httpStream.ts, managedFields dropped per page), its request count, heap held by the result, and the per-watch-event cost of
 * our path (line split + JSON.parse + supervisor + handler), with JSON.parse alone as reference.
 * The model's own timing is in bench/health.ts.
 */
import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import type { BenchRow } from './types';
import { type Lister, type LogReader, loadCluster } from '../src/cluster/kube/clusterLoader';
import { httpTarget } from '../src/cluster/kube/httpStream';
import { JsonLister, LISTER_DEFAULTS } from '../src/cluster/kube/jsonLister';
import { createKubeClusterClient } from '../src/cluster/kube/kubeClusterClient';
import { readKubeconfig } from '../src/cluster/kube/kubeconfig';
import type { QuerySpec } from '../src/cluster/kube/queries';
import type { K8sEvent, K8sPod } from '../src/core/health/k8s';
import { dispatchWatchLine, splitLines } from '../src/cluster/kube/watchLines';
import { WatchSupervisor, type WatchSink } from '../src/cluster/watchSupervisor';
import { type ClusterData } from '../src/core/health/clusterData';
import { kubeconfigFor } from '../test/apiserver/kubeconfig';
import { TestApiServer } from '../test/apiserver/server';
import { generateLargeScenario } from '../test/scenarios/generateLarge';

/** A full GC even without --expose-gc, so the heap figure is not noise. */
function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

const pct = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** Reference: the same paginated lists read with bare https + JSON.parse (what our checks and bounds cost). */
async function rawListMs(server: TestApiServer): Promise<{ ms: number; pages: number }> {
  const paths = [
    '/api/v1/pods?labelSelector=k8s-app%3Distio-cni-node',
    '/api/v1/nodes?',
    '/api/v1/pods?labelSelector=security.istio.io%2FtlsMode%3Distio',
    '/api/v1/pods?labelSelector=istio.io%2Fdataplane-mode%3Dambient',
    ...Array.from({ length: 5 }, (_, i) => `/api/v1/namespaces/ambient-${i}/pods?`),
  ];
  const getJson = (url: string): Promise<{ metadata?: { continue?: string } }> =>
    new Promise((resolve, reject) => {
      https
        .get(url, { ca: server.caPem, headers: { Authorization: `Bearer ${server.token}` } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve(
              JSON.parse(Buffer.concat(chunks).toString('utf8')) as { metadata?: { continue?: string } },
            ),
          );
        })
        .on('error', reject);
    });
  const t0 = performance.now();
  let pages = 0;
  for (const p of paths) {
    let cont: string | undefined;
    do {
      const page = await getJson(
        `${server.url}${p}&limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
      );
      pages++;
      cont = page.metadata?.continue;
    } while (cont);
  }
  return { ms: performance.now() - t0, pages };
}

async function loadRows(): Promise<BenchRow[]> {
  const scenario = generateLargeScenario();
  const server = await new TestApiServer(scenario).start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-bench-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, kubeconfigFor(server));
  try {
    const created = await createKubeClusterClient({
      file,
      allowExecPlugins: false,
      requestTimeoutMs: 60_000,
    });
    if (!created.ok) throw new Error(created.error.message);
    const client = created.value;
    const times: number[] = [];
    let requests = 0;
    let kept: ClusterData | undefined;
    const gc = exposeGc();
    for (let i = 0; i < 6; i++) {
      kept = undefined;
      gc();
      const n0 = server.requests.length;
      const t0 = performance.now();
      let result: Awaited<ReturnType<typeof client.load>> | undefined = await client.load();
      const ms = performance.now() - t0;
      if (!result.ok) throw new Error(result.error.message);
      if (i > 0) times.push(ms); // the first run pays for loading client-node and JIT warm-up
      requests = server.requests.length - n0;
      kept = result.value;
      if (i === 5) {
        gc();
        const withData = process.memoryUsage().heapUsed;
        const workloads = kept.workloadPods.length;
        kept = undefined;
        result = undefined;
        client.dispose(); // drops the copy kept for watch()
        await new Promise((r) => setTimeout(r, 100)); // let pending request closures settle
        gc();
        const heapMb = (withData - process.memoryUsage().heapUsed) / 1024 / 1024;
        const raw = await rawListMs(server);
        return [
          {
            name: 'load() large cluster p50 (500 nodes, 5,000 pods, HTTPS, limit=500)',
            value: pct(times, 50),
            unit: 'ms',
            reference: `${workloads} workload pods kept of ${scenario.objects.filter((o) => o.kind === 'Pod').length}`,
          },
          {
            name: 'load() large cluster p95',
            value: pct(times, 95),
            unit: 'ms',
            reference: `same ${raw.pages} pages fetched raw (https + JSON.parse, no shape checks): ${raw.ms.toFixed(0)} ms`,
          },
          {
            name: 'load() requests (pages + GETs + logs)',
            value: requests,
            unit: 'requests',
            target: 'no per-node queries',
          },
          {
            name: 'heap held by ClusterData after load() (after full GC)',
            value: heapMb,
            unit: 'MB',
            target: '<= 50 MB',
          },
        ];
      }
    }
    return [];
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function eventRows(): BenchRow[] {
  const scenario = generateLargeScenario({ nodes: 50, pods: 600 });
  const pods = scenario.objects.filter((o) => o.kind === 'Pod');
  const N = 20_000;
  const lines = Array.from({ length: N }, (_, i) => {
    const pod = structuredClone(pods[i % pods.length]);
    if (pod) pod.metadata.resourceVersion = String(10_000 + i);
    return `${JSON.stringify({ type: 'MODIFIED', object: pod })}\n`;
  });
  const chunk = Buffer.from(lines.join(''));
  let handled = 0;
  const supervisor = new WatchSupervisor(
    { open: () => () => undefined, relist: () => Promise.resolve({ ok: true, value: '1' }) },
    { onEvent: () => handled++, onState: () => undefined },
    { idleTimeoutMs: 3_600_000 },
  );
  let sink: WatchSink | undefined;
  const capture = new WatchSupervisor(
    {
      open: (_rv, s) => {
        sink = s;
        return () => undefined;
      },
      relist: () => Promise.resolve({ ok: true, value: '1' }),
    },
    { onEvent: () => handled++, onState: () => undefined },
    { idleTimeoutMs: 3_600_000 },
  );
  capture.start('1');
  if (!sink) throw new Error('no sink');
  const s = sink;
  const runs: number[] = [];
  for (let r = 0; r < 7; r++) {
    const feed = splitLines(
      (line) => dispatchWatchLine(line, s, 'watch pods'),
      () => undefined,
    );
    const t0 = performance.now();
    for (let off = 0; off < chunk.length; off += 16_384) feed(chunk.subarray(off, off + 16_384));
    runs.push((performance.now() - t0) / N);
  }
  const parseOnly: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    for (const l of lines) JSON.parse(l);
    parseOnly.push((performance.now() - t0) / N);
  }
  supervisor.dispose();
  capture.dispose();
  if (handled < N) throw new Error(`only ${handled} events handled`);
  return [
    {
      name: 'watch event: split + parse + supervisor + handler, p50 of 7 runs x 20k pod events',
      value: pct(runs, 50),
      unit: 'ms/event',
      target: '<= 0.2 ms',
      reference: `JSON.parse alone ${pct(parseOnly, 50).toFixed(4)} ms/event`,
    },
  ];
}

async function endToEndRow(): Promise<BenchRow[]> {
  const server = await new TestApiServer(generateLargeScenario({ nodes: 20, pods: 200 }), {
    bookmarkIntervalMs: 60_000,
  }).start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-bench-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, kubeconfigFor(server));
  try {
    const created = await createKubeClusterClient({ file, allowExecPlugins: false, readCniLogs: false });
    if (!created.ok) throw new Error(created.error.message);
    const client = created.value;
    const loaded = await client.load();
    if (!loaded.ok) throw new Error(loaded.error.message);
    const N = 2000;
    let seen = 0;
    let connected!: () => void;
    const ready = new Promise<void>((r) => (connected = r));
    let finished!: () => void;
    const allSeen = new Promise<void>((r) => (finished = r));
    const handle = client.watch({
      onEvent: () => {
        if (++seen === N) finished();
      },
      onRelist: () => undefined,
      onState: (st) => st.state === 'connected' && connected(),
    });
    await ready;
    const nodes = server.store.list('Node');
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const node = structuredClone(nodes[i % nodes.length]);
      if (node) server.store.put({ ...node, metadata: { ...node.metadata, labels: { i: String(i) } } });
    }
    await allSeen;
    const ms = performance.now() - t0;
    handle.dispose();
    client.dispose();
    return [
      {
        name: 'watch over HTTPS: 2,000 node updates, server + client, per event',
        value: ms / N,
        unit: 'ms/event',
        reference: "includes the test server's own work",
      },
    ];
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Issue 12's extra evidence (its target: at most 30 % more time and requests than before it).
 * The lists it added, by query id (fixed names, plus the per-pod `probe-events/NS/NAME` lists).
 */
const ISSUE12_QUERIES = [
  'pending-pods',
  'ztunnel-pods',
  'daemonset-events',
  'cni-rolebindings',
  'cni-configmap',
];
const isIssue12Query = (q: QuerySpec): boolean =>
  ISSUE12_QUERIES.includes(q.id) || q.id.startsWith('probe-events/');

/**
 * The same loadCluster() twice per round, interleaved: with every query, and with the query set
 * from before issue 12 (its lists answered empty without a request, and only the log tails the
 * loader read then: nodes with a repair event or a not-ready istio-cni-node, not the nodes where
 * istio-validation fails). Same lister, same server, same data otherwise.
 */
async function extraQueryCost(
  rounds = 7,
): Promise<{ full: { ms: number[]; requests: number }; pre12: { ms: number[]; requests: number } }> {
  const scenario = generateLargeScenario();
  const server = await new TestApiServer(scenario).start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-bench-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, kubeconfigFor(server));
  const created = await createKubeClusterClient({ file, allowExecPlugins: false, requestTimeoutMs: 60_000 });
  try {
    if (!created.ok) throw new Error(created.error.message);
    const client = created.value;
    const kc = await readKubeconfig({ file });
    if (!kc.ok) throw new Error(kc.error.message);
    const readLog: LogReader = (namespace, pod, container) =>
      client.podLog({ namespace, pod, container, tailLines: 300, limitBytes: 256 * 1024 });
    const pre12Logs = pre12LogPods(scenario.objects);
    const pre12ReadLog: LogReader = (namespace, pod, container) =>
      pre12Logs.has(`${namespace}/${pod}`)
        ? readLog(namespace, pod, container)
        : Promise.resolve({ ok: true, value: '' });
    const seen = new Set<string>();
    const once = async (pre12: boolean): Promise<{ ms: number; requests: number }> => {
      const target = await httpTarget(kc.value, 'bench list', true);
      if (!target.ok) throw new Error(target.error.message);
      const json = new JsonLister(target.value, {
        ...LISTER_DEFAULTS,
        requestTimeoutMs: 60_000,
        signal: new AbortController().signal,
      });
      const lister: Lister = {
        list: (q) => {
          seen.add(q.id);
          return pre12 && isIssue12Query(q)
            ? Promise.resolve({ ok: true, value: { items: [], resourceVersion: '1', pages: 0 } })
            : json.list(q);
        },
        getPod: (ns, name) => json.getPod(ns, name),
      };
      const n0 = server.requests.length;
      const t0 = performance.now();
      const r = await loadCluster(lister, pre12 ? pre12ReadLog : readLog);
      const ms = performance.now() - t0;
      target.value.close();
      if (!r.ok) throw new Error(r.error.message);
      return { ms, requests: server.requests.length - n0 };
    };
    await once(false); // warm-up: client-node, JIT, TLS session
    await once(true);
    const out = { full: { ms: [] as number[], requests: 0 }, pre12: { ms: [] as number[], requests: 0 } };
    for (let i = 0; i < rounds; i++)
      for (const pre12 of i % 2 ? [true, false] : [false, true]) {
        const r = await once(pre12);
        const into = pre12 ? out.pre12 : out.full;
        into.ms.push(r.ms);
        into.requests = r.requests;
      }
    const missing = ISSUE12_QUERIES.filter((id) => !seen.has(id));
    if (missing.length)
      throw new Error(`issue-12 queries not run by the loader any more: ${missing.join(', ')}`);
    return out;
  } finally {
    if (created.ok) created.value.dispose();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `namespace/name` of the istio-cni-node pods whose log the loader read before issue 12. */
function pre12LogPods(objects: readonly { kind: string }[]): Set<string> {
  const hosts = new Set<string>();
  for (const o of objects) {
    const e = o as K8sEvent & { kind: string };
    if (o.kind === 'Event' && (e.reason === 'DeleteBrokenPod' || e.reason === 'LabelBrokenPod'))
      if (e.source?.host) hosts.add(e.source.host);
  }
  const out = new Set<string>();
  for (const o of objects) {
    const p = o as K8sPod & { kind: string };
    if (o.kind !== 'Pod' || p.metadata?.labels?.['k8s-app'] !== 'istio-cni-node') continue;
    const ready = p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    if (!ready || hosts.has(p.spec?.nodeName ?? ''))
      out.add(`${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`);
  }
  return out;
}

async function extraQueryRows(): Promise<BenchRow[]> {
  const { full, pre12 } = await extraQueryCost();
  const t = pct(full.ms, 50) / pct(pre12.ms, 50) - 1;
  const r = full.requests / pre12.requests - 1;
  const pc = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
  return [
    {
      name: `issue-12 extra queries: load() time, p50 of ${full.ms.length} interleaved runs each`,
      value: t * 100,
      unit: '%',
      target: '<= +30 %',
      reference: `${pct(full.ms, 50).toFixed(0)} ms with them, ${pct(pre12.ms, 50).toFixed(0)} ms with the pre-12 query set (${pc(t)})`,
    },
    {
      name: 'issue-12 extra queries: load() requests',
      value: r * 100,
      unit: '%',
      target: '<= +30 %',
      reference: `${full.requests} requests with them, ${pre12.requests} with the pre-12 query set`,
    },
  ];
}

export async function run(): Promise<BenchRow[]> {
  return [...(await loadRows()), ...(await extraQueryRows()), ...eventRows(), ...(await endToEndRow())];
}
