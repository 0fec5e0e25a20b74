/**
 * Cluster reads (lists, single GETs, log tails) against the local HTTPS API server with broken
 * answers: bodies cut short, silent, dripping, of the wrong shape or far too large; resets, 429,
 * redirects, looping continue tokens, and a server that echoes the Authorization header.
 */
import * as assert from 'assert';
import type { ClusterFailure } from '../../../src/cluster/clusterClient';
import type { KubeClientOptions } from '../../../src/cluster/kube/kubeClusterClient';
import type { Fault, TestApiServer } from '../../apiserver/server';
import { cleanupTemp, clientFor, kubeconfigFile, startServer } from '../cluster/harness';
import { createKubeClusterClient } from '../../../src/cluster/kube/kubeClusterClient';
import type { ReliabilityArea } from './reliabilityCase';

/** Runs `body` against a fresh server with `faults`, then stops it. */
async function withServer(faults: Fault[], body: (server: TestApiServer) => Promise<void>): Promise<void> {
  const server = await startServer('kube-basic');
  for (const f of faults) server.addFault(f);
  try {
    await body(server);
  } finally {
    await server.stop();
    cleanupTemp();
  }
}

/** load() with short timeouts; returns the failure (asserting there is one) and how long it took. */
async function loadFails(
  server: TestApiServer,
  options: Partial<KubeClientOptions> = {},
): Promise<{ failure: ClusterFailure; ms: number }> {
  const client = await clientFor(server, { requestTimeoutMs: 800, readCniLogs: false, ...options });
  const started = Date.now();
  const result = await client.load();
  client.dispose();
  if (result.ok) throw new Error('load succeeded; a failure was expected');
  return { failure: result.error, ms: Date.now() - started };
}

async function loadOk(server: TestApiServer, options: Partial<KubeClientOptions> = {}): Promise<number> {
  const client = await clientFor(server, { requestTimeoutMs: 2000, readCniLogs: false, ...options });
  const started = Date.now();
  const result = await client.load();
  client.dispose();
  if (!result.ok) throw new Error(`load failed: ${result.error.message}`);
  assert.strictEqual(result.value.nodes.length, 3);
  return Date.now() - started;
}

const NODES = '/api/v1/nodes';

export const area: ReliabilityArea = {
  title: 'Cluster reads (lists, GETs, log tails)',
  order: 10,
  cases: [
    {
      id: 'list-cut-short',
      fault: 'A list response ends before its Content-Length (a load balancer closes the connection)',
      behaviour:
        'The load fails as bad-response: "the response to list nodes … ended early"; nothing partial is used',
      run: () =>
        withServer([{ path: NODES, kind: 'truncate' }], async (server) => {
          const { failure } = await loadFails(server);
          assert.strictEqual(failure.kind, 'bad-response');
          assert.match(
            failure.message,
            /list nodes .*ended early \(connection closed after \d+ bytes of \d+\)/,
          );
        }),
    },
    {
      id: 'list-headers-then-silence',
      fault: 'A list answers 200 with headers and then sends nothing',
      behaviour:
        'Timeout after the request timeout (it bounds headers, each silence and the whole request), naming the server; no hang',
      run: () =>
        withServer([{ path: NODES, kind: 'stall' }], async (server) => {
          const { failure, ms } = await loadFails(server);
          assert.strictEqual(failure.kind, 'timeout');
          assert.match(failure.message, /did not finish within 800 ms while trying to list nodes/);
          assert.ok(ms < 3000, `took ${ms} ms`);
        }),
    },
    {
      id: 'list-slow-drip',
      fault: 'A list body drips 16 bytes every 200 ms (never idle long enough to trip an idle timer)',
      behaviour: 'Timeout when the whole request exceeds the request timeout: "did not finish within …"',
      run: () =>
        withServer([{ path: NODES, kind: 'drip', ms: 200 }], async (server) => {
          const { failure, ms } = await loadFails(server, { requestTimeoutMs: 1000 });
          assert.strictEqual(failure.kind, 'timeout');
          assert.match(failure.message, /did not finish within 1 s while trying to list nodes/);
          assert.ok(ms < 4000, `took ${ms} ms`);
        }),
    },
    {
      id: 'list-items-not-array',
      fault: 'A NodeList whose "items" is an object, not an array',
      behaviour: 'bad-response: "is not a NodeList (its "items" is not an array)"; never read as "no nodes"',
      run: () =>
        withServer(
          [
            {
              path: NODES,
              kind: 'body',
              body: { kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: {} },
            },
          ],
          async (server) => {
            const { failure } = await loadFails(server);
            assert.strictEqual(failure.kind, 'bad-response');
            assert.match(failure.message, /list nodes is not a NodeList \(its "items" is not an array\)/);
          },
        ),
    },
    {
      id: 'list-item-without-name',
      fault: 'A list item without metadata.name, and a list of the wrong kind',
      behaviour: 'bad-response naming the item index or the kind received',
      run: () =>
        withServer(
          [
            { path: NODES, kind: 'body', body: { kind: 'NodeList', items: [{ metadata: {} }] }, times: 1 },
            { path: NODES, kind: 'body', body: { kind: 'Status', items: [] }, times: 1 },
          ],
          async (server) => {
            const first = await loadFails(server);
            assert.match(first.failure.message, /item 0 has no metadata\.name/);
            const second = await loadFails(server);
            assert.match(second.failure.message, /not a NodeList \(it is a Status\)/);
          },
        ),
    },
    {
      id: 'list-not-json',
      fault: 'A proxy answers a list with 200 and an HTML page',
      behaviour: 'bad-response: "the response to list nodes is not valid JSON"',
      run: () =>
        withServer(
          [{ path: NODES, kind: 'body', body: '<html><body>Login</body></html>' }],
          async (server) => {
            const { failure } = await loadFails(server);
            assert.strictEqual(failure.kind, 'bad-response');
            assert.match(failure.message, /list nodes is not valid JSON/);
          },
        ),
    },
    {
      id: 'list-huge',
      fault: 'A list that ignores limit and streams 200 MB in one response',
      behaviour:
        'Reading stops at the byte cap with "exceeded N MB"; memory stays bounded (not the whole body)',
      timeoutMs: 20000,
      run: () =>
        withServer([{ path: NODES, kind: 'huge', bytes: 200 * 1024 * 1024 }], async (server) => {
          const before = process.memoryUsage().rss;
          const { failure } = await loadFails(server, {
            maxResponseBytes: 8 * 1024 * 1024,
            requestTimeoutMs: 10000,
          });
          const grown = (process.memoryUsage().rss - before) / 1024 / 1024;
          assert.strictEqual(failure.kind, 'bad-response');
          assert.match(failure.message, /list nodes exceeded 8 MB; it was not read further/);
          assert.ok(grown < 150, `RSS grew by ${Math.round(grown)} MB`);
        }),
    },
    {
      id: 'list-pages-with-limit',
      fault: 'A list larger than one page',
      behaviour: 'Every list request carries limit= and follows continue tokens to the end',
      run: () =>
        withServer([], async (server) => {
          await loadOk(server, { pageSize: 1 });
          const lists = server.requests.filter(
            (r) => !r.watch && /\/(pods|nodes|events|namespaces|daemonsets)$/.test(r.path),
          );
          assert.ok(lists.length > 0);
          for (const r of lists) assert.match(r.query, /limit=1(&|$)/, r.query);
          assert.ok(server.count(NODES) >= 3, 'three nodes at one per page');
        }),
    },
    {
      id: 'list-looping-continue',
      fault: 'A server whose continue tokens cycle (a, b, a, …)',
      behaviour:
        'bad-response after 3 requests: "sent a continue token it had sent before"; no request storm',
      run: () =>
        withServer([{ path: NODES, kind: 'loop-continue' }], async (server) => {
          const { failure } = await loadFails(server);
          assert.strictEqual(failure.kind, 'bad-response');
          assert.match(
            failure.message,
            /continue token it had sent before \(after 3 requests\) for list nodes/,
          );
          assert.strictEqual(server.count(NODES), 3);
        }),
    },
    {
      id: 'list-request-cap',
      fault: 'A server that pages forever with fresh continue tokens',
      behaviour: 'The list stops at the per-list request cap with "still paginating after N requests"',
      run: () =>
        withServer([], async (server) => {
          const { failure } = await loadFails(server, { pageSize: 1, maxRequestsPerList: 2 });
          assert.strictEqual(failure.kind, 'bad-response');
          assert.match(failure.message, /still paginating after 2 requests for list (nodes|pods|events)/);
        }),
    },
    {
      id: 'list-continue-expired',
      fault: '410 Gone on a continue request (the list changed while paging), twice',
      behaviour:
        'The list restarts once from scratch; then fails saying the continue token expired, without claiming it re-lists',
      run: () =>
        withServer([{ path: NODES, query: 'continue=', kind: 'status', code: 410 }], async (server) => {
          const { failure } = await loadFails(server, { pageSize: 2 });
          assert.strictEqual(failure.kind, 'gone');
          assert.match(
            failure.message,
            /continue token expired, twice\) while trying to list nodes\. Run again\./,
          );
          assert.doesNotMatch(failure.message, /re-listing/);
          assert.strictEqual(server.count(NODES, { query: 'continue=' }), 2);
        }),
    },
    {
      id: 'list-reset-retried',
      fault: 'The connection is reset before the answer, once',
      behaviour: 'The GET is retried once and the load succeeds',
      run: () =>
        withServer([{ path: NODES, kind: 'reset', times: 1 }], async (server) => {
          await loadOk(server);
          assert.strictEqual(server.count(NODES), 2);
        }),
    },
    {
      id: 'list-reset-mid-page',
      fault: 'The connection is reset (TCP RST) half way through the second page of a paged list, once',
      behaviour:
        'The page is read again once (nothing of a page is used before it is complete) and the load succeeds',
      run: () =>
        withServer([{ path: NODES, query: 'continue=', kind: 'reset-mid', times: 1 }], async (server) => {
          await loadOk(server, { pageSize: 1 });
          assert.strictEqual(server.count(NODES, { query: 'continue=' }), 3);
        }),
    },
    {
      id: 'list-reset-always',
      fault: 'Every attempt of a list is reset',
      behaviour: 'unreachable (ECONNRESET) after one retry, not a loop',
      run: () =>
        withServer([{ path: NODES, kind: 'reset' }], async (server) => {
          const { failure } = await loadFails(server);
          assert.strictEqual(failure.kind, 'unreachable');
          assert.match(failure.message, /ECONNRESET/);
          assert.strictEqual(server.count(NODES), 2);
        }),
    },
    {
      id: 'list-429-retry-after',
      fault: '429 Too Many Requests with Retry-After: 1, once',
      behaviour: 'Waits the Retry-After, retries, and the load succeeds',
      run: () =>
        withServer(
          [{ path: NODES, kind: 'status', code: 429, retryAfter: '1', times: 1 }],
          async (server) => {
            const ms = await loadOk(server);
            assert.ok(ms >= 900, `retried after ${ms} ms`);
            assert.strictEqual(server.count(NODES), 2);
          },
        ),
    },
    {
      id: 'list-429-always',
      fault: '429 on every attempt',
      behaviour: 'Gives up after 3 retries with "throttling requests (429)"; bounded requests',
      timeoutMs: 8000,
      run: () =>
        withServer([{ path: NODES, kind: 'status', code: 429, retryAfter: '0' }], async (server) => {
          const { failure } = await loadFails(server);
          assert.match(
            failure.message,
            /throttling requests \(429 Too Many Requests\) while trying to list nodes/,
          );
          assert.strictEqual(server.count(NODES), 4);
        }),
    },
    {
      id: 'list-redirect-other-host',
      fault: 'A list answered with 302 to another host',
      behaviour:
        'Not followed (the token would go with it): "redirecting to api.elsewhere.example:6443 … not followed"',
      run: () =>
        withServer([{ path: NODES, kind: 'redirect' }], async (server) => {
          const { failure } = await loadFails(server);
          assert.strictEqual(failure.status, 302);
          assert.match(
            failure.message,
            /redirecting to api\.elsewhere\.example:6443 .*redirects are not followed/,
          );
        }),
    },
    {
      id: 'error-body-echoes-token',
      fault: 'An error body that echoes the request headers, bearer token included',
      behaviour: 'The message keeps the server text with the token replaced by [REDACTED]',
      run: () =>
        withServer([{ path: NODES, kind: 'echo-auth' }], async (server) => {
          const { failure } = await loadFails(server);
          assert.match(failure.message, /request headers were/);
          assert.ok(!failure.message.includes(server.token), failure.message);
          assert.match(failure.message, /\[REDACTED\]/);
        }),
    },
    {
      id: 'log-headers-then-silence',
      fault: 'A pod log request gets headers and then no body',
      behaviour: 'The log read times out after the request timeout instead of hanging',
      run: () =>
        withServer([{ path: '/api/v1/namespaces/istio-system/pods/', kind: 'stall' }], async (server) => {
          const client = await clientFor(server, { requestTimeoutMs: 600 });
          const started = Date.now();
          const result = await client.podLog({
            namespace: 'istio-system',
            pod: 'any',
            container: 'install-cni',
          });
          client.dispose();
          assert.ok(!result.ok);
          assert.strictEqual(result.error.kind, 'timeout');
          assert.ok(Date.now() - started < 3000);
        }),
    },
    {
      id: 'insecure-skip-tls-verify',
      fault: 'The kubeconfig sets insecure-skip-tls-verify: true',
      behaviour:
        'The connection works and the client says so (ClusterInfo.insecure) for the CLI and explorer to warn',
      run: () =>
        withServer([], async (server) => {
          const made = await createKubeClusterClient({
            file: kubeconfigFile(server, { insecure: true }),
            allowExecPlugins: false,
            readCniLogs: false,
          });
          if (!made.ok) throw new Error(made.error.message);
          const result = await made.value.load();
          assert.ok(result.ok);
          assert.strictEqual(made.value.info().insecure, true);
          made.value.dispose();
        }),
    },
  ],
};
