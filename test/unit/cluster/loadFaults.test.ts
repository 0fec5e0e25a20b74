import * as assert from 'assert';
import * as path from 'path';
import { createKubeClusterClient } from '../../../src/cluster/kube/kubeClusterClient';
import { kubeconfigFor } from '../../apiserver/kubeconfig';
import { type TestApiServer } from '../../apiserver/server';
import { cleanupTemp, clientFor, Recorder, sleep, startServer, tempFile } from './harness';

describe('KubeClusterClient.load against faults', function () {
  this.timeout(8000);
  let server: TestApiServer;

  before(async () => {
    server = await startServer();
  });
  afterEach(() => server.clearFaults());
  after(async () => {
    await server.stop();
    cleanupTemp();
  });

  const load = async (options: Parameters<typeof clientFor>[1] = {}) => {
    const client = await clientFor(server, { requestTimeoutMs: 600, readCniLogs: false, ...options });
    const started = Date.now();
    const result = await client.load();
    client.dispose();
    return { result, ms: Date.now() - started };
  };

  it('server down: unreachable, quickly, naming the server', async () => {
    const down = await startServer();
    const client = await clientFor(down, { requestTimeoutMs: 600 });
    await down.stop();
    const result = await client.load();
    client.dispose();
    assert.ok(!result.ok);
    assert.strictEqual(result.error.kind, 'unreachable');
    assert.match(result.error.message, /127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it('403 on the optional evidence (ClusterRoleBindings, the istio-cni ConfigMap): the load still succeeds', async () => {
    server.addFault({
      path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      kind: 'status',
      code: 403,
    });
    server.addFault({ path: '/api/v1/namespaces/istio-system/configmaps', kind: 'status', code: 403 });
    const { result } = await load();
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    assert.strictEqual(result.value.configMap, undefined);
    assert.deepStrictEqual(result.value.clusterRoleBindings, []);
    assert.ok(result.value.cniPods.length > 0);
  });

  it('403 on a required list (pods) still fails the load, naming the verb and resource', async () => {
    server.addFault({ path: '/api/v1/pods', kind: 'status', code: 403 });
    const { result } = await load();
    assert.ok(!result.ok);
    assert.strictEqual(result.error.kind, 'forbidden');
  });

  it('slow server: timeout after the configured request timeout, no hang', async () => {
    server.addFault({ kind: 'slow', ms: 3000 });
    const { result, ms } = await load();
    assert.ok(!result.ok);
    assert.strictEqual(result.error.kind, 'timeout');
    assert.ok(ms < 2000, `took ${ms} ms`);
  });

  it('401: unauthorized', async () => {
    const client = await createKubeClusterClient({
      file: tempFile('config', kubeconfigFor(server, { token: 'wrong' })),
      allowExecPlugins: false,
    });
    assert.ok(client.ok);
    const result = await client.value.load();
    client.value.dispose();
    assert.ok(!result.ok);
    assert.strictEqual(result.error.kind, 'unauthorized');
    assert.strictEqual(result.error.status, 401);
  });

  it('403 on the cluster-wide pod list: forbidden with verb, resource and scope', async () => {
    server.addFault({ path: '/api/v1/pods', kind: 'status', code: 403 });
    const { result } = await load();
    assert.ok(!result.ok);
    assert.strictEqual(result.error.kind, 'forbidden');
    assert.strictEqual(result.error.verb, 'list');
    assert.strictEqual(result.error.resource, 'pods');
    assert.strictEqual(result.error.namespace, undefined);
    assert.match(result.error.message, /may not list pods cluster-wide/);
  });

  it('403 in the CNI namespace names the namespace', async () => {
    server.addFault({ path: '/apis/apps/v1/namespaces/istio-system/daemonsets', kind: 'status', code: 403 });
    const { result } = await load();
    assert.ok(!result.ok);
    assert.deepStrictEqual(
      [result.error.kind, result.error.verb, result.error.resource, result.error.namespace],
      ['forbidden', 'list', 'daemonsets', 'istio-system'],
    );
  });

  it('500: server-error with the Status message', async () => {
    server.addFault({ path: '/api/v1/nodes', kind: 'status', code: 500 });
    const { result } = await load();
    assert.ok(!result.ok);
    assert.strictEqual(result.error.kind, 'server-error');
    assert.match(result.error.message, /500.*injected fault/);
  });

  it('context switch while a list is slow: the old load is cancelled, the new context loads, old watches go quiet', async () => {
    const other = await startServer('kube-basic');
    try {
      const files = [
        tempFile('a', kubeconfigFor(server, { context: 'slow' })),
        tempFile('b', kubeconfigFor(other, { context: 'fast' })),
      ];
      const created = await createKubeClusterClient({
        env: { KUBECONFIG: files.join(path.delimiter) },
        allowExecPlugins: false,
        requestTimeoutMs: 5000,
        readCniLogs: false,
      });
      assert.ok(created.ok);
      const client = created.value;
      assert.deepStrictEqual(client.contexts(), { contexts: ['slow', 'fast'], current: 'slow' });
      const rec = new Recorder();
      client.watch(rec);
      await rec.until(() => rec.lastState?.state === 'connected', 4000, 'connected to slow');
      const oldGeneration = client.generation;
      server.addFault({ kind: 'slow', ms: 4000 });
      const started = Date.now();
      const pending = client.load();
      await sleep(100);
      const switched = client.useContext('fast');
      assert.ok(switched.ok);
      assert.strictEqual(switched.value.server, other.url);
      assert.strictEqual(client.generation, oldGeneration + 1);
      const stale = await pending;
      assert.ok(!stale.ok, 'the load of the old context does not return its data');
      assert.ok(Date.now() - started < 1500, 'the old request was aborted, not waited for');
      const fresh = await client.load();
      assert.ok(fresh.ok);
      server.clearFaults();
      server.store.put({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'from-the-old-cluster' } });
      await sleep(300);
      assert.ok(
        !rec.events.some((e) => e.object.metadata?.name === 'from-the-old-cluster'),
        'no events from the old context',
      );
      client.dispose();
    } finally {
      await other.stop();
    }
  });
});
