import * as assert from 'assert';
import { parseLogLine } from '../../../src/core/logs';

describe('logs: line readers', () => {
  it('reads Istio console lines with TABs, labels and a scope', () => {
    const r = parseLogLine(
      '2024-11-10T13:54:13.781763Z\terror\tcni-agent\tfailed to handle add event: boom\tns=default name=dev-57bc',
    );
    assert.deepStrictEqual(r, {
      format: 'istio-console',
      timestamp: '2024-11-10T13:54:13.781763Z',
      level: 'error',
      scope: 'cni-agent',
      message: 'failed to handle add event: boom',
      labels: { ns: 'default', name: 'dev-57bc' },
    });
  });

  it('reads Istio console lines pasted with runs of spaces, and lines without a scope', () => {
    const spaced = parseLogLine(
      '2024-11-10T13:54:13.762966Z    error    cni-agent    failed to add pod to ztunnel: x',
    );
    assert.strictEqual(spaced.scope, 'cni-agent');
    assert.strictEqual(spaced.message, 'failed to add pod to ztunnel: x');
    const noScope = parseLogLine('2021-07-12T19:57:33.687386Z     error   validation timeout');
    assert.strictEqual(noScope.scope, '');
    assert.strictEqual(noScope.message, 'validation timeout');
    const single = parseLogLine(
      '2024-09-17T10:04:21.314925Z info cni-agent detected changes to the node-level CNI setup',
    );
    assert.strictEqual(single.scope, 'cni-agent');
  });

  it('reads a kubectl logs pod-name prefix as the pod label', () => {
    const r = parseLogLine(
      'istio-cni-node-qctjq 2024-11-10T12:50:00.940831Z    warn    failed to setup execution environment',
    );
    assert.strictEqual(r.format, 'istio-console');
    assert.strictEqual(r.labels.pod, 'istio-cni-node-qctjq');
    assert.strictEqual(r.level, 'warn');
  });

  it('reads Istio JSON with labels and escaped quotes', () => {
    const r = parseLogLine(
      '{"level":"info","time":"2025-08-13T09:11:37.074413Z","scope":"cni-agent","msg":"a \\"quoted\\" word","pod":"pass/x","n":3}',
    );
    assert.strictEqual(r.format, 'istio-json');
    assert.strictEqual(r.message, 'a "quoted" word');
    assert.deepStrictEqual(r.labels, { pod: 'pass/x', n: '3' });
  });

  it('reads ztunnel lines with a module path', () => {
    const r = parseLogLine(
      '2024-11-10T13:50:15.200001Z\terror\tinpod::statemanager\tfailed to start proxy: x\tuid=8a7b',
    );
    assert.deepStrictEqual(
      [r.format, r.level, r.scope, r.message, r.labels.uid],
      ['ztunnel', 'error', 'inpod::statemanager', 'failed to start proxy: x', '8a7b'],
    );
  });

  it('reads klog, structured klog and journald-prefixed klog', () => {
    const plain = parseLogLine('E0712 18:43:27.349387   67025 pod_workers.go:191] Error syncing pod abc');
    assert.deepStrictEqual(
      [plain.format, plain.level, plain.scope, plain.message, plain.timestamp],
      ['klog', 'error', 'pod_workers.go:191', 'Error syncing pod abc', '0712 18:43:27.349387'],
    );
    const structured = parseLogLine(
      'E1111 19:19:23.250596    7321 kubelet.go:2855] "Container runtime network not ready" networkReady="NetworkReady=false reason:NetworkPluginNotReady"',
    );
    assert.strictEqual(structured.message, 'Container runtime network not ready');
    assert.strictEqual(structured.labels.networkReady, 'NetworkReady=false reason:NetworkPluginNotReady');
    const journald = parseLogLine(
      'Nov 11 19:19:23 node-1 kubelet[7321]: W1111 19:19:23.250596    7321 kubelet.go:1] hello',
    );
    assert.deepStrictEqual(
      [
        journald.format,
        journald.level,
        journald.scope,
        journald.message,
        journald.labels.host,
        journald.labels.pid,
      ],
      ['journald', 'warn', 'kubelet.go:1', 'hello', 'node-1', '7321'],
    );
  });

  it('reads containerd/CRI-O logrus with escaped quotes', () => {
    const r = parseLogLine(
      'time="2023-09-01T23:34:51.066152862Z" level=error msg="RunPodSandbox failed" error="plugin type=\\"istio-cni\\" failed (add): x"',
    );
    assert.deepStrictEqual(
      [r.format, r.timestamp, r.level, r.message],
      ['logrus', '2023-09-01T23:34:51.066152862Z', 'error', 'RunPodSandbox failed'],
    );
    assert.strictEqual(r.labels.error, 'plugin type="istio-cni" failed (add): x');
  });

  it('reads kubectl describe and kubectl get events rows', () => {
    const describe = parseLogLine(
      '  Warning  FailedCreatePodSandBox  2m (x3 over 3m)  kubelet  Failed to create pod sandbox: x',
    );
    assert.deepStrictEqual(
      [
        describe.format,
        describe.level,
        describe.scope,
        describe.message,
        describe.labels.age,
        describe.labels.from,
      ],
      [
        'k8s-event',
        'warn',
        'FailedCreatePodSandBox',
        'Failed to create pod sandbox: x',
        '2m (x3 over 3m)',
        'kubelet',
      ],
    );
    const old = parseLogLine('  Warning  FailedCreatePodSandBox  2m  kubelet, node-7  Failed x');
    assert.strictEqual(old.labels.from, 'kubelet, node-7');
    const events = parseLogLine(
      '3m39s   Warning   DeleteBrokenPod   pod/httpbin-7f8b9c   pod detected as broken, deleted',
    );
    assert.deepStrictEqual(
      [events.scope, events.labels.object, events.message],
      ['DeleteBrokenPod', 'pod/httpbin-7f8b9c', 'pod detected as broken, deleted'],
    );
  });

  it('strips ANSI colour codes and CR before parsing', () => {
    const r = parseLogLine(
      '\x1b[2m2024-11-10T13:54:13.762966Z\x1b[0m \x1b[31merror\x1b[0m\tcni-agent\tboom\r',
    );
    assert.deepStrictEqual(
      [r.format, r.level, r.scope, r.message],
      ['istio-console', 'error', 'cni-agent', 'boom'],
    );
  });

  it('returns plain records for anything else, without throwing', () => {
    for (const line of [
      '',
      '{',
      '{"a":1}',
      '[1,2]',
      '\u0000\u0001binary\uFFFD',
      'x'.repeat(100000),
      'E0000 garbage]',
    ]) {
      const r = parseLogLine(line);
      assert.ok(['plain', 'klog'].includes(r.format), line.slice(0, 20));
    }
    assert.strictEqual(parseLogLine('{"a":1}').message, '{"a":1}');
  });
});
