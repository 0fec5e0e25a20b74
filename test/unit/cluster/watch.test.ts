import * as assert from 'assert';
import { type KubeClusterClient } from '../../../src/cluster/kube/kubeClusterClient';
import { type Disposable } from '../../../src/cluster/clusterClient';
import { type TestApiServer } from '../../apiserver/server';
import { cleanupTemp, clientFor, Recorder, sleep, startServer } from './harness';

/** Short timings so each fault plays out in well under a second or two. */
const WATCH = {
  initialBackoffMs: 100,
  maxBackoffMs: 400,
  jitter: 0.2,
  idleTimeoutMs: 700,
  slowRetryMs: 1500,
  minRelistIntervalMs: 200,
};

const failedKind = (r: Recorder): string | undefined => {
  const s = r.lastState;
  return s?.state === 'failed' ? s.failure.kind : undefined;
};

describe('KubeClusterClient.watch against faults', function () {
  this.timeout(8000);
  let server: TestApiServer;
  let client: KubeClusterClient;
  let rec: Recorder;
  let handle: Disposable;

  // One server and client for the suite (each test gets a fresh watch); starting them per test
  // would cost most of the suite's time.
  before(async () => {
    server = await startServer('kube-basic', { bookmarkIntervalMs: 150 });
    client = await clientFor(server, { requestTimeoutMs: 800, watch: WATCH, readCniLogs: false });
    const loaded = await client.load();
    assert.ok(loaded.ok);
  });
  beforeEach(async () => {
    rec = new Recorder();
    handle = client.watch(rec);
    await rec.until(() => rec.lastState?.state === 'connected', 4000, 'connected');
    rec.relists.length = 0; // the watch's own first list
  });
  afterEach(() => {
    handle.dispose();
    server.clearFaults();
  });
  after(async () => {
    client.dispose();
    await server.stop();
    cleanupTemp();
  });

  const modifyCniPod = (restarts: number): void => {
    const pod = server.store.get('Pod', 'istio-system', 'istio-cni-node-m4r8t');
    assert.ok(pod);
    const copy = structuredClone(pod);
    (copy.status as { containerStatuses: { restartCount: number }[] }).containerStatuses[0]!.restartCount =
      restarts;
    server.store.put(copy);
  };
  const sawRestarts = (n: number) => (): boolean =>
    rec.events.some(
      (e) =>
        e.kind === 'Pod' &&
        e.type === 'MODIFIED' &&
        (e.object as { status?: { containerStatuses?: { restartCount?: number }[] } }).status
          ?.containerStatuses?.[0]?.restartCount === n,
    );

  it('reports the progress of the list it makes itself, with its generation', async () => {
    // beforeEach's watch used the suite's load; this one lists.
    const own = new Recorder();
    const watch = client.watch(own);
    try {
      await own.until(() => own.relists.length === 1, 4000, 'the first list');
      const early = own.progress.find((p) => p.progress.type === 'early');
      assert.strictEqual(early?.generation, client.generation);
      assert.ok(
        own.progress.some((p) => p.progress.type === 'step' && p.progress.id === 'nodes' && p.progress.done),
      );
    } finally {
      watch.dispose();
    }
  });

  it('delivers added, modified and deleted objects with the generation, without re-listing', async () => {
    const listsBefore = server.count('/', { watch: false });
    modifyCniPod(8);
    server.store.put({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-4' } });
    // ratings-v1 is not Running, so a watched query holds it (reviews-v1 is Running: not watched).
    server.store.remove('Pod', 'shop', 'ratings-v1-6c9d8b7f5-zx8q2');
    await rec.until(() => rec.events.length >= 3, 3000, 'three events');
    assert.ok(sawRestarts(8)());
    assert.ok(
      rec.events.some((e) => e.kind === 'Node' && e.type === 'ADDED' && e.object.metadata?.name === 'node-4'),
    );
    assert.ok(
      rec.events.some(
        (e) => e.type === 'DELETED' && e.object.metadata?.name === 'ratings-v1-6c9d8b7f5-zx8q2',
      ),
    );
    assert.ok(rec.events.every((e) => e.generation === client.generation));
    assert.strictEqual(rec.relists.length, 0);
    assert.strictEqual(
      server.count('/', { watch: false }),
      listsBefore,
      'watch() reused the lists of load()',
    );
  });

  it('RST mid-watch: reports unreachable, reconnects, resumes without losing the change made meanwhile', async () => {
    const listsBefore = server.count('/', { watch: false });
    server.addFault({ watch: true, kind: 'status', code: 503, times: 30 });
    assert.ok(server.resetWatches() > 0);
    modifyCniPod(11);
    await rec.until(() => rec.states.some((s) => s.state === 'failed'), 3000, 'failure');
    server.clearFaults();
    await rec.until(sawRestarts(11), 5000, 'the change made while disconnected');
    await rec.until(() => rec.lastState?.state === 'connected', 3000, 'connected again');
    assert.strictEqual(rec.relists.length, 0, 'resumed from the resourceVersion, no re-list');
    assert.strictEqual(server.count('/', { watch: false }), listsBefore);
  });

  it('half-open: a silent watch is detected by the idle timeout and replaced', async () => {
    server.addFault({ watch: true, kind: 'hang', times: 1000 });
    assert.ok(server.silenceWatches() > 0);
    await rec.until(() => failedKind(rec) === 'timeout', 3000, 'timeout state');
    server.clearFaults();
    modifyCniPod(12);
    await rec.until(sawRestarts(12), 5000, 'events after the reconnect');
    await rec.until(() => rec.lastState?.state === 'connected', 3000, 'connected again');
  });

  it('410 on resume: each stream re-lists only its own query; the gap arrives as events', async () => {
    server.addFault({ watch: true, kind: 'hang' });
    server.resetWatches();
    assert.ok(server.store.remove('Node', undefined, 'node-4'));
    modifyCniPod(20);
    server.store.compact();
    server.clearFaults();
    const cniListsBefore = server.count('/api/v1/pods', { watch: false, query: 'k8s-app' });
    const nodeListsBefore = server.count('/api/v1/nodes', { watch: false });
    server.addFault({ watch: true, kind: 'status', code: 503, times: 1 });
    server.resetWatches();
    const deleted = (): boolean =>
      rec.events.some((e) => e.type === 'DELETED' && e.object.metadata?.name === 'node-4');
    await rec.until(deleted, 5000, 'the deletion during the gap, as an event');
    await rec.until(sawRestarts(20), 3000, 'the change during the gap, as an event');
    await rec.until(() => rec.lastState?.state === 'connected', 3000, 'connected after relist');
    await sleep(300);
    assert.strictEqual(rec.relists.length, 0, 'no full re-list');
    // Each affected query is listed again by itself (a slow machine may see one more attempt of the
    // same query while the hung stream times out), never the whole set.
    const cniLists = server.count('/api/v1/pods', { watch: false, query: 'k8s-app' }) - cniListsBefore;
    assert.ok(cniLists >= 1 && cniLists <= 2, `istio-cni pod lists: ${cniLists}`);
    assert.strictEqual(server.count('/api/v1/nodes', { watch: false }), nodeListsBefore + 1);
  });

  it('HTTP 410 on one watch re-lists that query only', async () => {
    const start = Date.now();
    server.addFault({ path: '/api/v1/nodes', watch: true, kind: 'status', code: 410, times: 1 });
    server.resetWatches();
    await rec.until(
      () => server.count('/api/v1/nodes', { watch: false, since: start }) === 1,
      4000,
      'node list',
    );
    await rec.until(() => rec.lastState?.state === 'connected', 3000, 'connected');
    await sleep(200);
    assert.strictEqual(
      server.count('/', { watch: false, since: start }),
      1,
      JSON.stringify(server.requests.filter((r) => r.at >= start && !r.watch)),
    );
    assert.strictEqual(rec.relists.length, 0);
  });

  it('a server that answers every watch with 410 gets at most one re-list per interval, not a list loop', async () => {
    handle.dispose(); // only the paced client below may watch during this test
    const paced = await clientFor(server, {
      requestTimeoutMs: 800,
      watch: { ...WATCH, minRelistIntervalMs: 1000 },
      readCniLogs: false,
    });
    const r = new Recorder();
    const h = paced.watch(r);
    await r.until(() => r.lastState?.state === 'connected', 4000, 'connected');
    server.addFault({ watch: true, kind: 'status', code: 410 });
    const start = Date.now();
    server.resetWatches();
    await sleep(1500);
    const lists = server.count('/api/v1/nodes', { watch: false, since: start });
    // It does re-list (on a loaded machine the first one may come after the 1.5 s window).
    await r.until(
      () => server.count('/api/v1/nodes', { watch: false, since: start }) >= 1,
      5000,
      'a re-list',
    );
    h.dispose();
    paced.dispose();
    // One re-list at once, the next one 1 s later; without pacing each list-410-list cycle repeats at once.
    assert.ok(lists <= 2, `node lists in 1.5 s: ${lists}`);
  });

  it('server down: unreachable state, backoff, recovery when it is back', async () => {
    await server.down();
    await rec.until(() => failedKind(rec) === 'unreachable', 3000, 'unreachable');
    await sleep(600);
    await server.up();
    modifyCniPod(13);
    await rec.until(sawRestarts(13), 5000, 'events after recovery');
    await rec.until(() => rec.lastState?.state === 'connected', 3000, 'connected');
  });

  it('retries back off: no request storm while every watch is refused', async () => {
    server.addFault({ watch: true, kind: 'status', code: 503 });
    const streams = server.openWatches;
    server.resetWatches();
    const start = Date.now();
    await sleep(1300);
    const perStream = server.count('/', { watch: true, since: start }) / streams;
    // 100, 200, 400, 400 ms (+-20 %) means 4 or 5 attempts in 1.3 s; a hot loop would make hundreds.
    // The lower bound only says it retries at all: a loaded machine makes fewer attempts, never more.
    assert.ok(perStream >= 1 && perStream <= 6, `attempts per stream in 1.3 s: ${perStream}`);
    assert.strictEqual(failedKind(rec), 'server-error');
  });

  it('403 on a watch: forbidden with verb and resource, and only slow retries', async () => {
    server.addFault({ path: '/api/v1/nodes', watch: true, kind: 'status', code: 403 });
    const start = Date.now();
    server.resetWatches();
    await rec.until(() => failedKind(rec) === 'forbidden', 3000, 'forbidden');
    const s = rec.lastState;
    assert.ok(s?.state === 'failed');
    assert.strictEqual(s.failure.verb, 'watch');
    assert.strictEqual(s.failure.resource, 'nodes');
    assert.ok((s.retryInMs ?? 0) >= 1000);
    await sleep(700);
    assert.strictEqual(
      server.count('/api/v1/nodes', { watch: true, since: start }),
      1,
      'no retry before slowRetryMs',
    );
  });

  it('401 on a watch: unauthorized, and only slow retries', async () => {
    server.addFault({ path: '/api/v1/nodes', watch: true, kind: 'status', code: 401 });
    const start = Date.now();
    server.resetWatches();
    await rec.until(() => failedKind(rec) === 'unauthorized', 3000, 'unauthorized');
    await sleep(700);
    assert.strictEqual(server.count('/api/v1/nodes', { watch: true, since: start }), 1);
  });

  it('dispose closes every watch connection', async () => {
    assert.ok(server.openWatches > 0);
    handle.dispose();
    await rec.until(() => false, 300, 'nothing').catch(() => undefined);
    assert.strictEqual(server.openWatches, 0);
  });
});
