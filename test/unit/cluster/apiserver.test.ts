import * as assert from 'assert';
import * as https from 'https';
import { createKubeClusterClient } from '../../../src/cluster/kube/kubeClusterClient';
import { kubeconfigFor } from '../../apiserver/kubeconfig';
import { TestApiServer } from '../../apiserver/server';
import { generateLargeScenario } from '../../scenarios/generateLarge';
import { cleanupTemp, startServer, tempFile } from './harness';

interface Reply {
  status: number;
  body: string;
  json: {
    kind?: string;
    apiVersion?: string;
    message?: string;
    reason?: string;
    code?: number;
    details?: { kind?: string };
    items?: { metadata: { name: string } }[];
    metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  };
}

function get(server: TestApiServer, path: string, token = server.token, maxMs = 0): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      `${server.url}${path}`,
      { ca: server.caPem, headers: { Authorization: `Bearer ${token}` } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body,
            json: body.startsWith('{') && !body.includes('\n{') ? (JSON.parse(body) as Reply['json']) : {},
          }),
        );
        if (maxMs > 0) setTimeout(() => req.destroy(), maxMs);
        res.on('close', () => resolve({ status: res.statusCode ?? 0, body, json: {} }));
      },
    );
    req.on('error', reject);
  });
}

const names = (r: Reply): string[] => (r.json.items ?? []).map((i) => i.metadata.name);
const q = encodeURIComponent;

describe('test API server wire format', () => {
  let server: TestApiServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
    cleanupTemp();
  });

  it('answers a list with its List kind, apiVersion and resourceVersion', async () => {
    const r = await get(server, '/apis/apps/v1/namespaces/istio-system/daemonsets');
    assert.strictEqual(r.json.kind, 'DaemonSetList');
    assert.strictEqual(r.json.apiVersion, 'apps/v1');
    assert.match(r.json.metadata?.resourceVersion ?? '', /^\d+$/);
    assert.deepStrictEqual(names(r), ['istio-cni-node']);
  });

  const labelCases: [string, string[]][] = [
    ['k8s-app=istio-cni-node', ['istio-cni-node-7xk2p', 'istio-cni-node-bq9wd', 'istio-cni-node-m4r8t']],
    ['app==reviews', ['reviews-v1-5b8f6c7d9-abcde']],
    ['app in (reviews,ratings)', ['ratings-v1-6c9d8b7f5-zx8q2', 'reviews-v1-5b8f6c7d9-abcde']],
    ['security.istio.io/tlsMode,app notin (reviews)', ['ratings-v1-6c9d8b7f5-zx8q2']],
    ['app,app!=reviews,!security.istio.io/tlsMode', ['echo-7d9f8c6b5-q2w3e', 'nginx-plain-5f6d7c8b9-k1l2m']],
  ];
  for (const [selector, expected] of labelCases) {
    it(`labelSelector ${selector}`, async () => {
      assert.deepStrictEqual(
        names(await get(server, `/api/v1/pods?labelSelector=${q(selector)}`)).sort(),
        expected,
      );
    });
  }

  it('fieldSelector on pods and events; 400 for unsupported fields and bad selectors', async () => {
    assert.deepStrictEqual(
      names(
        await get(server, `/api/v1/pods?fieldSelector=${q('spec.nodeName=node-3,status.phase!=Running')}`),
      ),
      ['ratings-v1-6c9d8b7f5-zx8q2'],
    );
    assert.strictEqual(
      names(
        await get(
          server,
          `/api/v1/namespaces/shop/events?fieldSelector=${q('involvedObject.name=ratings-v1-6c9d8b7f5-zx8q2,type=Warning')}`,
        ),
      ).length,
      1,
    );
    const bad = await get(server, `/api/v1/pods?fieldSelector=${q('spec.hostNetwork=true')}`);
    assert.deepStrictEqual(
      [bad.status, bad.json.reason, bad.json.message],
      [400, 'BadRequest', 'field label not supported: spec.hostNetwork'],
    );
    assert.strictEqual((await get(server, `/api/v1/pods?labelSelector=${q('a in (b')}`)).status, 400);
  });

  it('selects a replaced object by its new labels and fields, not the ones kept for the old one', async () => {
    const pod = server.store.get('Pod', 'shop', 'reviews-v1-5b8f6c7d9-abcde');
    assert.ok(pod);
    const before = structuredClone(pod);
    const copy = structuredClone(pod);
    (copy.metadata.labels as Record<string, string>).app = 'reviews-moved';
    (copy.spec as { nodeName: string }).nodeName = 'node-9';
    server.store.put(copy);
    try {
      assert.deepStrictEqual(names(await get(server, `/api/v1/pods?labelSelector=${q('app=reviews')}`)), []);
      assert.deepStrictEqual(
        names(await get(server, `/api/v1/pods?labelSelector=${q('app=reviews-moved')}`)),
        ['reviews-v1-5b8f6c7d9-abcde'],
      );
      assert.deepStrictEqual(
        names(await get(server, `/api/v1/pods?fieldSelector=${q('spec.nodeName=node-9')}`)),
        ['reviews-v1-5b8f6c7d9-abcde'],
      );
    } finally {
      server.store.put(before);
    }
  });

  it('pages with limit and continue, with remainingItemCount when there is no selector', async () => {
    const first = await get(server, '/api/v1/pods?limit=3');
    assert.strictEqual(names(first).length, 3);
    assert.strictEqual(first.json.metadata?.remainingItemCount, 4);
    const second = await get(
      server,
      `/api/v1/pods?limit=3&continue=${q(first.json.metadata?.continue ?? '')}`,
    );
    const third = await get(
      server,
      `/api/v1/pods?limit=3&continue=${q(second.json.metadata?.continue ?? '')}`,
    );
    assert.strictEqual(third.json.metadata?.continue, undefined);
    const all = [...names(first), ...names(second), ...names(third)];
    assert.deepStrictEqual(all, names(await get(server, '/api/v1/pods')));
  });

  it('single GETs, 404 Status for unknown objects, discovery', async () => {
    assert.strictEqual((await get(server, '/api/v1/nodes/node-2')).json.kind, 'Node');
    const missing = await get(server, '/api/v1/namespaces/shop/pods/nope');
    assert.deepStrictEqual(
      [missing.status, missing.json.kind, missing.json.message],
      [404, 'Status', 'pods "nope" not found'],
    );
    assert.strictEqual((await get(server, '/version')).status, 200);
    assert.strictEqual((await get(server, '/apis')).json.kind, 'APIGroupList');
  });

  it('401 Status without the right token; 403 Status shaped like the real authorizer', async () => {
    const denied = await get(server, '/api/v1/nodes', 'wrong');
    assert.deepStrictEqual([denied.status, denied.json.reason], [401, 'Unauthorized']);
    server.addFault({ path: '/api/v1/namespaces/istio-system/pods', kind: 'status', code: 403, times: 1 });
    const forbidden = await get(server, '/api/v1/namespaces/istio-system/pods');
    assert.strictEqual(
      forbidden.json.message,
      'pods is forbidden: User "system:serviceaccount:default:icd-test" cannot list resource "pods" in API group "" in the namespace "istio-system"',
    );
    assert.deepStrictEqual([forbidden.json.reason, forbidden.json.details?.kind], ['Forbidden', 'pods']);
  });

  it('watch: initial ADDED events, live changes, resume from a resourceVersion, 410 ERROR after compaction', async () => {
    const rv = (await get(server, '/api/v1/nodes')).json.metadata?.resourceVersion ?? '';
    setTimeout(() => server.store.put({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-9' } }), 50);
    const live = await get(server, `/api/v1/nodes?watch=1&resourceVersion=${rv}&timeoutSeconds=1`);
    const lines = live.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } });
    assert.deepStrictEqual(
      lines.map((l) => `${l.type} ${l.object.metadata.name}`),
      ['ADDED node-9'],
    );
    const replay = await get(server, `/api/v1/nodes?watch=true&resourceVersion=${rv}`, server.token, 300);
    assert.match(replay.body, /"ADDED".*node-9/);
    server.store.compact();
    const gone = await get(server, `/api/v1/nodes?watch=true&resourceVersion=${rv}`);
    const event = JSON.parse(gone.body.trim()) as { type: string; object: { code: number; reason: string } };
    assert.deepStrictEqual([event.type, event.object.code, event.object.reason], ['ERROR', 410, 'Expired']);
  });

  it('watch with field selectors: DELETED when an object stops matching, ADDED when it starts (live and on resume)', async () => {
    const pod = (phase: string): Parameters<typeof server.store.put>[0] => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'phase-test', namespace: 'shop', labels: { app: 'phase' } },
      spec: { nodeName: 'node-1' },
      status: { phase },
    });
    server.store.put(pod('Pending'));
    const rv = server.store.resourceVersion;
    const selector = q(
      'status.phase!=Running,status.phase!=Succeeded,spec.nodeName=node-1,metadata.namespace=shop',
    );
    const path = `/api/v1/pods?watch=1&fieldSelector=${selector}&resourceVersion=${rv}`;
    setTimeout(() => {
      server.store.put(pod('Running')); // leaves the selector
      server.store.put({ ...pod('Running'), metadata: { ...pod('Running').metadata, labels: { app: 'x' } } });
      server.store.put(pod('Failed')); // matches again
      server.store.put(pod('Unknown')); // still matches
    }, 50);
    const events = (body: string): string[] =>
      body
        .trim()
        .split('\n')
        .map(
          (l) =>
            JSON.parse(l) as {
              type: string;
              object: { metadata: { resourceVersion: string }; status: { phase: string } };
            },
        )
        .map(
          (e) =>
            `${e.type} ${e.object.status.phase} ${Number(e.object.metadata.resourceVersion) - Number(rv)}`,
        );
    const live = await get(server, `${path}&timeoutSeconds=1`);
    // The DELETED carries the object as it was (Pending) with the change's resourceVersion.
    const expected = ['DELETED Pending 1', 'ADDED Failed 3', 'MODIFIED Unknown 4'];
    assert.deepStrictEqual(events(live.body), expected);
    const replay = await get(server, path, server.token, 300);
    assert.deepStrictEqual(events(replay.body), expected);
    server.store.remove('Pod', 'shop', 'phase-test');
  });
});

describe('KubeClusterClient on a larger cluster', function () {
  this.timeout(10000);
  it('pages through every list with limit and continue and gets every object', async () => {
    const scenario = generateLargeScenario({ nodes: 41, pods: 120 });
    const server = await new TestApiServer(scenario).start();
    try {
      const client = await createKubeClusterClient({
        file: tempFile('config', kubeconfigFor(server)),
        allowExecPlugins: false,
        pageSize: 20,
        readCniLogs: false,
      });
      assert.ok(client.ok);
      const result = await client.value.load();
      client.value.dispose();
      assert.ok(result.ok);
      assert.strictEqual(result.value.nodes.length, 41);
      assert.strictEqual(result.value.cniPods.length, 41);
      // Sidecar pods that have not started: the API server filters out the Running ones.
      const sidecar = scenario.objects.filter(
        (o) =>
          o.kind === 'Pod' &&
          (o.metadata.labels as Record<string, string> | undefined)?.['security.istio.io/tlsMode'] ===
            'istio' &&
          (o.status as { phase?: string }).phase !== 'Running',
      ).length;
      assert.ok(sidecar > 0);
      const ambient = scenario.objects.filter(
        (o) => o.kind === 'Pod' && o.metadata.namespace?.startsWith('ambient-'),
      ).length;
      // Plus the Running sidecar pod a FailedCreatePodSandBox event names: read by name (a GET).
      const named = result.value.workloadPods.filter(
        (p) => p.status?.phase === 'Running' && p.spec?.initContainers,
      );
      assert.strictEqual(named.length, 1);
      assert.strictEqual(result.value.workloadPods.length, sidecar + ambient + named.length);
      const nodePages = server.requests.filter((r) => r.path === '/api/v1/nodes');
      assert.strictEqual(nodePages.length, 3);
      assert.ok(nodePages.every((r) => r.query.includes('limit=20')));
      assert.strictEqual(nodePages.filter((r) => r.query.includes('continue=')).length, 2);
    } finally {
      await server.stop();
      cleanupTemp();
    }
  });
});
