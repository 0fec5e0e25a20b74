import * as assert from 'assert';
import { type CliIo, memoryIo, processIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { type TestApiServer } from '../../apiserver/server';
import { cleanupTemp, kubeconfigFile, startServer } from '../cluster/harness';

/** A memory io that behaves as a terminal: it has `progress`, and records one timeline of everything. */
function terminalIo(): CliIo & { timeline: string[]; stdout: string; stderr: string } {
  const io = memoryIo();
  const timeline: string[] = [];
  return Object.assign(io, {
    timeline,
    out(t: string) {
      timeline.push(`out:${t.slice(0, 20)}`);
      io.stdout += t;
    },
    err(t: string) {
      timeline.push(`err:${t.slice(0, 20)}`);
      io.stderr += t;
    },
    progress(t: string) {
      timeline.push(`progress:${t}`);
    },
  });
}

describe('istio-cni-doctor diagnose progress line', () => {
  let server: TestApiServer;
  let kubeconfig: string;

  before(async () => {
    server = await startServer('kube-basic');
    kubeconfig = kubeconfigFile(server);
  });
  after(async () => {
    await server.stop();
    cleanupTemp();
  });

  it('on a terminal: says what is being read, and clears the line before the report', async () => {
    // The sidecar pod list answers late, so the line is seen while pods are still being read.
    server.addFault({ path: '/api/v1/pods', query: 'tlsMode', kind: 'slow', ms: 300, times: 1 });
    const io = terminalIo();
    const exit = await main(['diagnose', '--kubeconfig', kubeconfig], io);
    assert.strictEqual(exit, 1, io.stderr);
    const lines = io.timeline.filter((t) => t.startsWith('progress:'));
    assert.ok(
      lines.some((l) => /^progress:istio-cni-doctor diagnose: reading the cluster: .*pods \d+…/.test(l)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => /events…/.test(l)),
      lines.join('\n'),
    );
    const firstOut = io.timeline.findIndex((t) => t.startsWith('out:'));
    const lastProgress = io.timeline.map((t) => t.startsWith('progress:')).lastIndexOf(true);
    assert.ok(firstOut > lastProgress, io.timeline.join('\n'));
    assert.strictEqual(io.timeline[lastProgress], 'progress:', 'the line is cleared last');
    assert.doesNotMatch(io.stderr, /reading the cluster/);
  });

  it('clears the line before a failure is printed', async () => {
    server.addFault({ path: '/api/v1/nodes', kind: 'status', code: 500, times: 1 });
    const io = terminalIo();
    const exit = await main(['diagnose', '--kubeconfig', kubeconfig], io);
    assert.strictEqual(exit, 2);
    const firstErr = io.timeline.findIndex((t) => t.startsWith('err:'));
    assert.strictEqual(io.timeline[firstErr - 1], 'progress:', io.timeline.join('\n'));
  });

  it('never with --format json, even on a terminal', async () => {
    const io = terminalIo();
    const exit = await main(['diagnose', '--kubeconfig', kubeconfig, '--format', 'json'], io);
    assert.strictEqual(exit, 1, io.stderr);
    assert.deepStrictEqual(
      io.timeline.filter((t) => t.startsWith('progress:')),
      [],
    );
    assert.doesNotThrow(() => JSON.parse(io.stdout) as unknown);
  });

  it('never into a pipe: stderr stays clean', async () => {
    const io = memoryIo();
    const exit = await main(['diagnose', '--kubeconfig', kubeconfig], io);
    assert.strictEqual(exit, 1, io.stderr);
    assert.strictEqual(io.stderr, '');
  });
});

describe('processIo progress', () => {
  const stderr = process.stderr as NodeJS.WriteStream & { isTTY: boolean };
  const saved = { isTTY: stderr.isTTY, columns: stderr.columns };
  const write = Object.getOwnPropertyDescriptor(stderr, 'write');
  afterEach(() => {
    stderr.isTTY = saved.isTTY;
    stderr.columns = saved.columns;
    if (write) Object.defineProperty(stderr, 'write', write);
    else delete (stderr as { write?: unknown }).write;
  });

  it('exists only when stderr is a terminal, and rewrites one line cut to its width', () => {
    stderr.isTTY = false;
    assert.ok(!('progress' in processIo()));
    stderr.isTTY = true;
    stderr.columns = 20;
    const written: string[] = [];
    Object.defineProperty(stderr, 'write', {
      configurable: true,
      writable: true,
      value: (t: string) => written.push(t) > 0,
    });
    processIo().progress?.('reading the cluster: pods 40,000…');
    assert.deepStrictEqual(written, ['\r\x1b[Kreading the cluster']);
  });
});
