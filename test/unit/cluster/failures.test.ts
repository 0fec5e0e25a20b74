import * as assert from 'assert';
import * as yaml from 'js-yaml';
import { createKubeClusterClient } from '../../../src/cluster/kube/kubeClusterClient';
import { failureFromError, failureFromHttp } from '../../../src/cluster/kube/failures';
import { testCerts } from '../../apiserver/certs';
import { kubeconfigFor } from '../../apiserver/kubeconfig';
import { type TestApiServer } from '../../apiserver/server';
import { cleanupTemp, startServer, tempFile } from './harness';

describe('failure mapping', () => {
  const server = 'https://10.0.0.1:6443';

  it('network errors, also when the code hides in err.cause (fetch stacks)', () => {
    const wrapped = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.example'), { code: 'ENOTFOUND' }),
    });
    assert.deepStrictEqual(
      [
        failureFromError(wrapped, 'list pods', server).kind,
        /ENOTFOUND/.test(failureFromError(wrapped, 'list pods', server).message),
      ],
      ['unreachable', true],
    );
    assert.strictEqual(
      failureFromError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'list pods', server).kind,
      'unreachable',
    );
    assert.strictEqual(
      failureFromError(Object.assign(new Error('x'), { code: 'ETIMEDOUT' }), 'list pods', server).kind,
      'timeout',
    );
    assert.match(
      failureFromError(
        Object.assign(new Error('x'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
        'list pods',
        server,
      ).message,
      /TLS to .* failed/,
    );
    assert.strictEqual(failureFromError('a string was thrown', 'list pods', server).kind, 'unreachable');
    assert.strictEqual(failureFromError(null, 'list pods', server).kind, 'unreachable');
  });

  it('403 Status: verb, resource and namespace from the message; cluster scope has no namespace', () => {
    const ns = failureFromHttp(
      403,
      JSON.stringify({
        kind: 'Status',
        code: 403,
        reason: 'Forbidden',
        message:
          'pods is forbidden: User "dev@example.com" cannot list resource "pods" in API group "" in the namespace "istio-system"',
      }),
      'list pods',
    );
    assert.deepStrictEqual(
      [ns.kind, ns.verb, ns.resource, ns.namespace],
      ['forbidden', 'list', 'pods', 'istio-system'],
    );
    assert.match(ns.message, /dev@example.com may not list pods in namespace istio-system/);
    const cluster = failureFromHttp(
      403,
      {
        message:
          'nodes is forbidden: User "x" cannot watch resource "nodes" in API group "" at the cluster scope',
      },
      'watch nodes',
    );
    assert.deepStrictEqual(
      [cluster.verb, cluster.resource, cluster.namespace],
      ['watch', 'nodes', undefined],
    );
    const log = failureFromHttp(
      403,
      {
        message:
          'pods "p" is forbidden: User "x" cannot get resource "pods/log" in API group "" in the namespace "ns"',
      },
      'read log',
    );
    assert.deepStrictEqual([log.verb, log.resource], ['get', 'pods/log']);
    const opaque = failureFromHttp(403, '<html>proxy says no</html>', 'list pods');
    assert.deepStrictEqual([opaque.kind, opaque.verb], ['forbidden', undefined]);
  });

  it('401, 404, 410, 504 and other codes; garbage bodies do not throw', () => {
    assert.strictEqual(failureFromHttp(401, '', 'x').kind, 'unauthorized');
    assert.strictEqual(
      failureFromHttp(404, '{"message":"pods \\"a\\" not found"}', 'x').message,
      'pods "a" not found',
    );
    assert.strictEqual(failureFromHttp(410, undefined, 'x').kind, 'gone');
    assert.strictEqual(failureFromHttp(504, '\u0000\u0001', 'x').kind, 'timeout');
    assert.strictEqual(failureFromHttp(502, '{not json', 'x').kind, 'server-error');
  });
});

describe('TLS and credential refresh against the API server', function () {
  this.timeout(8000);
  let server: TestApiServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
    cleanupTemp();
  });

  it('a CA that did not sign the server certificate: a TLS message, not a hang', async () => {
    const doc = yaml.load(kubeconfigFor(server)) as { clusters: { cluster: Record<string, string> }[] };
    doc.clusters[0]!.cluster['certificate-authority-data'] = Buffer.from(testCerts().certPem).toString(
      'base64',
    );
    const client = await createKubeClusterClient({
      file: tempFile('config', yaml.dump(doc, { lineWidth: -1 })),
      allowExecPlugins: false,
      requestTimeoutMs: 2000,
    });
    assert.ok(client.ok);
    const result = await client.value.load();
    client.value.dispose();
    assert.ok(!result.ok);
    assert.strictEqual(result.error.kind, 'unreachable');
    assert.match(result.error.message, /TLS|certificate/i);
  });

  it('an exec plugin whose token is refused (401) is run once more, and the fresh token is used', async () => {
    const counter = tempFile('count', '');
    const plugin = tempFile(
      'plugin.sh',
      `#!/bin/sh
echo x >> "${counter}"
if [ "$(wc -l < "${counter}")" -lt 2 ]; then TOKEN=expired; else TOKEN="$ICD_TOKEN"; fi
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$TOKEN"
`,
    );
    const fs = await import('fs');
    fs.chmodSync(plugin, 0o755);
    const doc = yaml.load(kubeconfigFor(server)) as { users: { name: string; user: unknown }[] };
    doc.users = [
      {
        name: doc.users[0]?.name ?? 'u',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: plugin,
            env: [{ name: 'ICD_TOKEN', value: server.token }],
          },
        },
      },
    ];
    const client = await createKubeClusterClient({
      file: tempFile('config', yaml.dump(doc, { lineWidth: -1 })),
      allowExecPlugins: true,
      execPath: process.env.PATH ?? '',
      readCniLogs: false,
    });
    assert.ok(client.ok);
    const result = await client.value.load();
    client.value.dispose();
    assert.ok(result.ok, JSON.stringify(!result.ok && result.error));
    assert.strictEqual(
      fs.readFileSync(counter, 'utf8').trim().split('\n').length,
      2,
      'the plugin ran exactly twice',
    );
  });
});
