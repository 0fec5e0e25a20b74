import * as assert from 'assert';
import { type LoadProgress } from '../../../src/cluster/clusterClient';
import { type KubeClusterClient } from '../../../src/cluster/kube/kubeClusterClient';
import { type TestApiServer } from '../../apiserver/server';
import { cleanupTemp, clientFor, startServer } from './harness';

describe('KubeClusterClient.load over HTTPS', () => {
  let server: TestApiServer;
  let client: KubeClusterClient;

  before(async () => {
    server = await startServer();
    client = await clientFor(server);
  });
  after(async () => {
    client.dispose();
    await server.stop();
    cleanupTemp();
  });

  it('reads the istio-cni pods, DaemonSet, nodes, workloads and events of the scenario', async () => {
    const result = await client.load();
    assert.ok(result.ok, JSON.stringify(!result.ok && result.error));
    const data = result.value;
    assert.strictEqual(data.cniNamespace, 'istio-system');
    assert.strictEqual(data.daemonSet?.metadata?.name, 'istio-cni-node');
    assert.strictEqual(data.daemonSet?.status?.numberReady, 2);
    assert.deepStrictEqual(data.cniPods.map((p) => p.spec?.nodeName).sort(), ['node-1', 'node-2', 'node-3']);
    assert.deepStrictEqual(
      data.nodes.map((n) => n.metadata?.name),
      ['node-1', 'node-2', 'node-3'],
    );
    const workloads = data.workloadPods.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`).sort();
    // shop/reviews-v1 is a Running, Ready sidecar pod: the API server filters it out (issue 15).
    assert.deepStrictEqual(workloads, [
      'ambient-demo/echo-7d9f8c6b5-q2w3e',
      'shop/ratings-v1-6c9d8b7f5-zx8q2',
    ]);
    assert.deepStrictEqual(data.events.map((e) => e.reason).sort(), [
      'DeleteBrokenPod',
      'FailedCreatePodSandBox',
    ]);
    assert.deepStrictEqual(
      data.namespaces.map((n) => n.metadata?.name),
      ['ambient-demo'],
    );
  });

  it('returns wire-format objects: timestamps as RFC 3339 strings, exit codes as numbers', async () => {
    const result = await client.load();
    assert.ok(result.ok);
    const ratings = result.value.workloadPods.find((p) => p.metadata?.name?.startsWith('ratings'));
    const validation = ratings?.status?.initContainerStatuses?.find((s) => s.name === 'istio-validation');
    assert.strictEqual(validation?.lastState?.terminated?.exitCode, 126);
    assert.strictEqual(typeof validation?.lastState?.terminated?.finishedAt, 'string');
    assert.match(String(validation?.lastState?.terminated?.finishedAt), /^2025-01-01T00:10:02(\.000)?Z$/);
    assert.strictEqual(typeof result.value.events[0]?.lastTimestamp, 'string');
  });

  it('reads the install-cni log of the node where istio-cni-node is not ready and where repair acted', async () => {
    const result = await client.load();
    assert.ok(result.ok);
    assert.match(result.value.cniLogs['node-3'] ?? '', /read-only file system/);
    assert.strictEqual(result.value.cniLogs['node-1'], undefined);
  });

  it('reads each pod named by an event and each log tail once; the ambient namespaces are listed last', async () => {
    const since = Date.now();
    const result = await client.load();
    assert.ok(result.ok);
    const made = server.requests.filter((r) => r.at >= since);
    const gets = made.filter((r) => /\/pods\/[^/]+(\/log)?$/.test(r.path)).map((r) => r.path);
    assert.ok(gets.includes('/api/v1/namespaces/shop/pods/web-6b7c8d9e0f-r5t6y'), gets.join());
    assert.ok(
      gets.some((g) => g.endsWith('/log')),
      gets.join(),
    );
    assert.deepStrictEqual(gets, [...new Set(gets)], 'a GET or log read made twice');
    const order = made.filter((r) => !/\/pods\/./.test(r.path)).map((r) => r.path);
    const ambient = order.indexOf('/api/v1/namespaces/ambient-demo/pods');
    assert.ok(ambient > order.lastIndexOf('/api/v1/pods'), order.join('\n'));
  });

  it('never lists every pod in the cluster: all pod lists carry a selector or a namespace', async () => {
    const since = Date.now();
    const result = await client.load();
    assert.ok(result.ok);
    const podLists = server.requests.filter((r) => r.at >= since && r.path === '/api/v1/pods');
    assert.ok(podLists.length >= 3);
    for (const r of podLists) assert.match(r.query, /labelSelector=|fieldSelector=/, r.query);
    assert.ok(
      server.requests
        .filter((r) => r.at >= since)
        .every(
          (r) => /[?&]limit=500/.test(r.query) || r.path.includes('/log') || /\/pods\/[^/]+$/.test(r.path),
        ),
    );
  });
});

describe('KubeClusterClient.load progress', () => {
  let server: TestApiServer;
  let client: KubeClusterClient;

  before(async () => {
    server = await startServer();
    // One item per page, so a list of three reports three pages.
    client = await clientFor(server, { pageSize: 1 });
  });
  after(async () => {
    client.dispose();
    await server.stop();
    cleanupTemp();
  });

  it('reports every list page by page, and each ends done with the items it returned', async () => {
    const seen: LoadProgress[] = [];
    const result = await client.load((p) => seen.push(p));
    assert.ok(result.ok);
    const steps = seen.flatMap((p) => (p.type === 'step' ? [p] : []));
    const nodes = steps.filter((p) => p.id === 'nodes');
    assert.deepStrictEqual(
      nodes.map((p) => [p.what, p.items, p.done]),
      [
        ['nodes', 0, false],
        ['nodes', 1, false],
        ['nodes', 2, false],
        ['nodes', 3, false],
        ['nodes', 3, true],
      ],
    );
    for (const id of ['cni-pods', 'sidecar-pods', 'pending-pods', 'daemonset', 'cni-namespace-events'])
      assert.ok(
        steps.some((p) => p.id === id && p.done),
        `${id} ended: ${JSON.stringify(steps.map((p) => p.id))}`,
      );
    assert.deepStrictEqual(
      steps.filter((p) => p.id === 'cni-logs').map((p) => [p.what, p.items, p.done]),
      [
        ['istio-cni logs', 0, false],
        ['istio-cni logs', 1, false],
        ['istio-cni logs', 1, true],
      ],
    );
    assert.strictEqual(steps.filter((p) => p.id === 'cni-pods' && p.done)[0]?.items, 3);
  });

  it('hands over the DaemonSet, istio-cni pods and nodes before a slow workload pod list ends', async () => {
    server.addFault({ path: '/api/v1/pods', query: 'tlsMode', kind: 'slow', ms: 600, times: 1 });
    const seen: LoadProgress[] = [];
    const result = await client.load((p) => seen.push(p));
    assert.ok(result.ok);
    const early = seen.findIndex((p) => p.type === 'early');
    const sidecarDone = seen.findIndex((p) => p.type === 'step' && p.id === 'sidecar-pods' && p.done);
    assert.ok(early >= 0, 'an early report');
    assert.ok(early < sidecarDone, `early (${early}) before the sidecar pods were read (${sidecarDone})`);
    const first = seen[early];
    assert.ok(first?.type === 'early');
    assert.strictEqual(first.data.daemonSet?.metadata?.name, 'istio-cni-node');
    assert.strictEqual(first.data.cniNamespace, 'istio-system');
    assert.strictEqual(first.data.cniPods.length, 3);
    assert.strictEqual(first.data.nodes.length, 3);
    assert.deepStrictEqual(first.data.workloadPods, []);
    assert.strictEqual(seen.filter((p) => p.type === 'early').length, 1);
  });
});
