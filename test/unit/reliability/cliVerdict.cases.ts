/**
 * The CLI's verdict contract: `diagnose` exits 0 or 1 only after a complete read, and 2 with a
 * message whenever the run did not finish (a broken answer, a deadline, bad flags). Run in-process
 * through main() against the local HTTPS API server.
 */
import * as assert from 'assert';
import { memoryIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import type { Fault, TestApiServer } from '../../apiserver/server';
import { cleanupTemp, kubeconfigFile, startServer } from '../cluster/harness';
import type { ReliabilityArea } from './reliabilityCase';

interface Run {
  exit: number;
  stdout: string;
  stderr: string;
  ms: number;
}

async function diagnose(
  faults: Fault[],
  flags: string[],
  check: (r: Run, server: TestApiServer) => void,
  kubeconfig: { insecure?: boolean } = {},
): Promise<void> {
  const server = await startServer('kube-basic');
  for (const f of faults) server.addFault(f);
  try {
    const io = memoryIo();
    const started = Date.now();
    const exit = await main(['diagnose', '--kubeconfig', kubeconfigFile(server, kubeconfig), ...flags], io);
    check({ exit, stdout: io.stdout, stderr: io.stderr, ms: Date.now() - started }, server);
  } finally {
    await server.stop();
    cleanupTemp();
  }
}

const NODES = '/api/v1/nodes';

export const area: ReliabilityArea = {
  title: 'CLI verdicts and deadlines (diagnose)',
  order: 20,
  cases: [
    {
      id: 'cli-list-cut-short-exits-2',
      fault: 'diagnose while a list response ends before its Content-Length',
      behaviour: 'Exit 2, nothing on stdout, stderr "cannot read the cluster: bad-response: … ended early"',
      run: () =>
        diagnose([{ path: '/api/v1/pods', kind: 'truncate' }], [], (r) => {
          assert.strictEqual(r.exit, 2, r.stdout);
          assert.strictEqual(r.stdout, '');
          assert.match(
            r.stderr,
            /cannot read the cluster: bad-response: The response to list pods .*ended early/,
          );
        }),
    },
    {
      id: 'cli-wrong-shape-exits-2',
      fault: 'diagnose while the node list has "items" that is not an array',
      behaviour: 'Exit 2 with the shape error, never a false "nodes missing istio-cni" verdict',
      run: () =>
        diagnose(
          [{ path: NODES, kind: 'body', body: { kind: 'NodeList', metadata: {}, items: 'none' } }],
          [],
          (r) => {
            assert.strictEqual(r.exit, 2, r.stdout);
            assert.doesNotMatch(r.stdout, /Verdict/);
            assert.match(r.stderr, /"items" is not an array/);
          },
        ),
    },
    {
      id: 'cli-request-timeout-flag',
      fault: 'diagnose --request-timeout 1s while a list answers headers and then nothing',
      behaviour: 'Exit 2 within about a second: "did not finish within 1 s while trying to list nodes"',
      run: () =>
        diagnose([{ path: NODES, kind: 'stall' }], ['--request-timeout', '1s'], (r) => {
          assert.strictEqual(r.exit, 2, r.stdout);
          assert.match(
            r.stderr,
            /timeout: The API server at \S+ did not finish within 1 s while trying to list nodes/,
          );
          assert.ok(r.ms < 4000, `took ${r.ms} ms`);
        }),
    },
    {
      id: 'cli-overall-timeout',
      fault: 'diagnose --timeout 1s against a server that delays every answer by 700 ms',
      behaviour:
        'Exit 2 at the deadline: "did not finish within 1s (--timeout) while reading the cluster; no verdict"',
      run: () =>
        diagnose([{ kind: 'slow', ms: 700 }], ['--timeout', '1s', '--request-timeout', '10s'], (r) => {
          assert.strictEqual(r.exit, 2, r.stdout);
          assert.strictEqual(r.stdout, '');
          assert.match(
            r.stderr,
            /did not finish within 1s \(--timeout\) while reading the cluster; no verdict/,
          );
          assert.ok(r.ms < 2500, `took ${r.ms} ms`);
        }),
    },
    {
      id: 'cli-log-silence-still-verdict',
      fault: 'diagnose while every install-cni log request gets headers and then no body',
      behaviour:
        'The log tails time out and are skipped; the verdict comes from the complete lists (no hang)',
      timeoutMs: 10000,
      run: () =>
        diagnose(
          [{ path: '/api/v1/namespaces/istio-system/pods/', kind: 'stall' }],
          ['--request-timeout', '1s'],
          (r) => {
            assert.ok(r.exit === 0 || r.exit === 1, `exit ${r.exit}: ${r.stderr}`);
            assert.match(r.stdout, /Verdict:/);
            assert.ok(r.ms < 8000, `took ${r.ms} ms`);
          },
        ),
    },
    {
      id: 'cli-bad-duration',
      fault: 'diagnose --request-timeout soon / --timeout 5x',
      behaviour: 'Exit 2 with "must be a duration such as 30s, 2m or 1m30s"',
      run: async () => {
        for (const flags of [['--request-timeout', 'soon'], ['--timeout=5x']]) {
          const io = memoryIo();
          assert.strictEqual(await main(['diagnose', ...flags], io), 2);
          assert.match(io.stderr, /must be a duration such as 30s, 2m or 1m30s/);
        }
      },
    },
    {
      id: 'cli-insecure-warning',
      fault: 'diagnose with a kubeconfig that sets insecure-skip-tls-verify: true',
      behaviour: 'A warning on stderr naming the context and server; the verdict on stdout as usual',
      run: () =>
        diagnose(
          [],
          [],
          (r) => {
            assert.ok(r.exit === 0 || r.exit === 1, r.stderr);
            assert.match(
              r.stderr,
              /warning: context icd-test sets insecure-skip-tls-verify: true; the identity of https:\/\/127\.0\.0\.1:\d+ is not checked/,
            );
            assert.match(r.stdout, /Verdict:/);
          },
          { insecure: true },
        ),
    },
    {
      id: 'cli-stderr-redacts-token',
      fault: 'diagnose while the API server (or a proxy) echoes the Authorization header in its error',
      behaviour: 'Exit 2; stderr keeps the server text with [REDACTED] in place of the token',
      run: () =>
        diagnose([{ path: NODES, kind: 'echo-auth' }], [], (r, server) => {
          assert.strictEqual(r.exit, 2);
          assert.ok(!r.stderr.includes(server.token), r.stderr);
          assert.match(r.stderr, /\[REDACTED\]/);
        }),
    },
  ],
};
