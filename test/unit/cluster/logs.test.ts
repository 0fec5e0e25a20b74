import * as assert from 'assert';
import { type KubeClusterClient } from '../../../src/cluster/kube/kubeClusterClient';
import { type TestApiServer } from '../../apiserver/server';
import { cleanupTemp, clientFor, startServer } from './harness';

describe('KubeClusterClient pod logs', function () {
  this.timeout(6000);
  let server: TestApiServer;
  let client: KubeClusterClient;
  const cni = { namespace: 'istio-system', pod: 'istio-cni-node-m4r8t', container: 'install-cni' };

  before(async () => {
    server = await startServer();
    client = await clientFor(server, { requestTimeoutMs: 1000 });
  });
  after(async () => {
    client.dispose();
    await server.stop();
    cleanupTemp();
  });

  const text = async (options: Parameters<KubeClusterClient['podLog']>[0]): Promise<string> => {
    const r = await client.podLog(options);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    return r.value;
  };

  it('reads the current log, the previous instance, and the last N lines', async () => {
    assert.match(await text(cni), /Starting CNI agent[\s\S]*read-only file system/);
    const previous = await text({ ...cni, previous: true });
    assert.ok(previous.startsWith('2025-01-01T00:20:00'));
    assert.ok(!previous.includes('Starting CNI agent'));
    const tail = await text({ ...cni, tailLines: 1 });
    assert.strictEqual(tail.split('\n').filter(Boolean).length, 1);
    assert.match(tail, /installer failed/);
  });

  it('reads an init container log (istio-validation)', async () => {
    assert.match(
      await text({ namespace: 'shop', pod: 'ratings-v1-6c9d8b7f5-zx8q2', container: 'istio-validation' }),
      /iptables validation failed/,
    );
  });

  it('sinceSeconds keeps only recent lines; limitBytes cuts the text', async () => {
    assert.strictEqual(await text({ ...cni, sinceSeconds: 60 }), '');
    server.logs.append(
      cni.namespace,
      cni.pod,
      cni.container,
      `${new Date().toISOString()}\tinfo\tcni-agent\tjust now\n`,
    );
    assert.match(await text({ ...cni, sinceSeconds: 60 }), /just now/);
    assert.strictEqual(Buffer.byteLength(await text({ ...cni, limitBytes: 10 })), 10);
  });

  it('explains a missing previous instance, an unknown container, a missing container name and an unknown pod', async () => {
    const noPrev = await client.podLog({
      namespace: 'shop',
      pod: 'reviews-v1-5b8f6c7d9-abcde',
      container: 'reviews',
      previous: true,
    });
    assert.ok(!noPrev.ok);
    assert.strictEqual(noPrev.error.kind, 'not-found');
    assert.match(noPrev.error.message, /previous terminated container "reviews"/);
    const badContainer = await client.podLog({ ...cni, container: 'nope' });
    assert.ok(!badContainer.ok && /container nope is not valid/.test(badContainer.error.message));
    const twoContainers = await client.podLog({ namespace: 'default', pod: 'nginx-plain-5f6d7c8b9-k1l2m' });
    assert.ok(!twoContainers.ok);
    assert.strictEqual(twoContainers.error.status, 400);
    assert.match(twoContainers.error.message, /a container name must be specified.*\[nginx log-shipper\]/);
    const noPod = await client.podLog({ namespace: 'shop', pod: 'gone', container: 'x' });
    assert.ok(!noPod.ok);
    assert.strictEqual(noPod.error.kind, 'not-found');
  });

  it('follows a log: lines appended later arrive, dispose ends it cleanly', async () => {
    const chunks: string[] = [];
    const stream = client.followPodLog({ ...cni, tailLines: 0 }, (t) => chunks.push(t));
    await new Promise((r) => setTimeout(r, 150));
    server.logs.append(cni.namespace, cni.pod, cni.container, 'line one\n');
    server.logs.append(cni.namespace, cni.pod, cni.container, 'line two\n');
    const deadline = Date.now() + 2000;
    while (!chunks.join('').includes('line two') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    assert.strictEqual(chunks.join(''), 'line one\nline two\n');
    stream.dispose();
    const done = await stream.done;
    assert.ok(done.ok);
  });

  it('a followed log stops at its byte bound', async () => {
    const chunks: string[] = [];
    const stream = client.followPodLog({ ...cni, tailLines: 0, limitBytes: 12 }, (t) => chunks.push(t));
    await new Promise((r) => setTimeout(r, 150));
    server.logs.append(cni.namespace, cni.pod, cni.container, 'a'.repeat(10) + '\n');
    server.logs.append(cni.namespace, cni.pod, cni.container, 'b'.repeat(10) + '\n');
    const done = await stream.done;
    assert.ok(done.ok);
    assert.strictEqual(chunks.join(''), `${'a'.repeat(10)}\nb`);
  });

  it('a followed log of an unreachable server fails instead of hanging', async () => {
    const down = await startServer();
    const c = await clientFor(down, { requestTimeoutMs: 500 });
    await down.stop();
    const stream = c.followPodLog(cni, () => undefined);
    const done = await stream.done;
    c.dispose();
    assert.ok(!done.ok);
    assert.strictEqual(done.error.kind, 'unreachable');
  });
});
