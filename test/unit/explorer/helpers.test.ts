import * as assert from 'assert';
import { BoundedText } from '../../../src/core/explorer/boundedText';
import { Coalescer } from '../../../src/core/explorer/coalescer';
import { type Clock } from '../../../src/core/time/clock';
import { describePod, noPreviousLog, podContainers } from '../../../src/core/explorer/describe';
import type { ExplorerItem } from '../../../src/core/explorer/item';
import { kubectlCommand, kubectlConnection } from '../../../src/core/explorer/kubectl';
import { linesMentioningPod } from '../../../src/core/explorer/logFilter';
import type { K8sEvent, K8sPod } from '../../../src/core/health/k8s';

class FakeTimers implements Clock {
  t = 0;
  random = (): number => 0.5;
  private queue: { at: number; f: () => void; id: number }[] = [];
  private next = 0;
  now = (): number => this.t;
  setTimeout = (f: () => void, ms: number): unknown => {
    const id = ++this.next;
    this.queue.push({ at: this.t + ms, f, id });
    return id;
  };
  clearTimeout = (h: unknown): void => {
    this.queue = this.queue.filter((q) => q.id !== h);
  };
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at);
      const first = this.queue[0];
      if (!first || first.at > end) break;
      this.queue.shift();
      this.t = first.at;
      first.f();
    }
    this.t = end;
  }
}

describe('explorer helpers', () => {
  it('coalesces a storm of changes into at most 4 refreshes a second', () => {
    const timers = new FakeTimers();
    let runs = 0;
    const c = new Coalescer(() => runs++, 250, 16, timers);
    for (let ms = 0; ms < 1000; ms += 5) {
      c.request();
      timers.advance(5);
    }
    timers.advance(300);
    assert.ok(runs >= 3 && runs <= 5, `ran ${runs} times`);
    c.request();
    c.dispose();
    timers.advance(1000);
    const after = runs;
    c.request();
    timers.advance(1000);
    assert.strictEqual(runs, after, 'nothing runs after dispose');
  });

  it('runs a lone change quickly', () => {
    const timers = new FakeTimers();
    let runs = 0;
    new Coalescer(() => runs++, 250, 16, timers).request();
    timers.advance(16);
    assert.strictEqual(runs, 1);
  });

  it('keeps a followed log bounded, cut at a line start', () => {
    const text = new BoundedText(100);
    for (let i = 0; i < 1000; i++) text.append(`line ${i}\n`);
    assert.ok(text.value.length <= 100);
    assert.ok(text.value.startsWith('line '), text.value.slice(0, 10));
    assert.ok(text.value.endsWith('line 999\n'));
    assert.ok(text.dropped > 5000);
  });

  it('finds the lines of a CNI log that name the pod or its UID, not a longer name', () => {
    const log = [
      '2025-06-12T21:00:00Z info cni plugin invoked pod=web-1 namespace=shop',
      '2025-06-12T21:00:01Z info cni plugin invoked pod=web-12 namespace=shop',
      '2025-06-12T21:00:02Z info sandbox 1234-abcd ready',
      '2025-06-12T21:00:03Z info namespace=shop nothing else',
      '',
    ].join('\n');
    const found = linesMentioningPod(log, { namespace: 'shop', name: 'web-1', uid: '1234-abcd' });
    assert.deepStrictEqual(found.lines, [log.split('\n')[0], log.split('\n')[2]]);
    assert.strictEqual(found.total, 4);
    assert.deepStrictEqual(linesMentioningPod(log, { namespace: 'shop', name: '' }).lines, []);
    assert.deepStrictEqual(linesMentioningPod('\u0000\uffff[(*', { namespace: 'a', name: '[(*' }).lines, [
      '\u0000\uffff[(*',
    ]);
  });

  it('copies the kubectl command a user would run for each row', () => {
    const item = (kind: ExplorerItem['kind'], target: ExplorerItem['target']): ExplorerItem => ({
      id: 'x',
      kind,
      label: '',
      description: '',
      tooltip: '',
      icon: '',
      color: undefined,
      contextValue: '',
      collapsible: 'none',
      children: [],
      target,
    });
    const pod = { namespace: 'bookinfo', name: 'ratings-1', node: 'w3' };
    const cmd = (i: ExplorerItem, context: string, kubeconfig = ''): string => {
      const r = kubectlCommand(i, kubectlConnection(context, kubeconfig));
      assert.ok(r.ok, r.ok ? '' : r.error);
      return r.value;
    };
    assert.strictEqual(
      cmd(item('pod', { pod }), 'kind-demo'),
      'kubectl --context=kind-demo describe pod -n bookinfo ratings-1',
    );
    assert.strictEqual(
      cmd(item('pod', { pod }), 'kind-demo', '/home/me/my configs/k.yaml'),
      "kubectl '--kubeconfig=/home/me/my configs/k.yaml' --context=kind-demo describe pod -n bookinfo ratings-1",
    );
    assert.strictEqual(
      cmd(item('cniPod', { pod }), 'snapshot:x'),
      'kubectl logs -n bookinfo ratings-1 -c install-cni',
    );
    assert.strictEqual(
      cmd(item('node', { node: 'w3.example.com' }), ''),
      'kubectl get pods -A -o wide --field-selector=spec.nodeName=w3.example.com',
    );
    assert.strictEqual(
      cmd(item('owner', { owner: { namespace: 'n', kind: 'Deployment', name: 'd' } }), ''),
      'kubectl describe deployment -n n d',
    );
    assert.strictEqual(cmd(item('cluster', {}), "it's"), `kubectl config use-context 'it'\\''s'`);
  });

  it('describes a pod with its container states, conditions and own events', () => {
    const pod: K8sPod = {
      metadata: { name: 'ratings-1', namespace: 'bookinfo', uid: 'u1' },
      spec: {
        nodeName: 'w3',
        initContainers: [{ name: 'istio-validation' }],
        containers: [{ name: 'ratings' }],
      },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized' }],
        initContainerStatuses: [
          {
            name: 'istio-validation',
            restartCount: 3,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 126, reason: 'Error' } },
          },
        ],
      },
    };
    const events: K8sEvent[] = [
      {
        involvedObject: { kind: 'Pod', namespace: 'bookinfo', name: 'ratings-1', uid: 'u1' },
        reason: 'BackOff',
        message: 'Back-off restarting',
        lastTimestamp: '2025-01-01T00:00:02Z',
      },
      {
        involvedObject: { kind: 'Pod', namespace: 'bookinfo', name: 'ratings-1', uid: 'old' },
        reason: 'Other',
        message: 'an older pod of that name',
      },
    ];
    const text = describePod(pod, events);
    assert.match(
      text,
      /istio-validation:\n {4}State: {4}Waiting: CrashLoopBackOff\n {4}Last: {5}Terminated: Error, exit code 126/,
    );
    assert.match(text, /Initialized +False +ContainersNotInitialized/);
    assert.match(text, /BackOff {2}\n {4}Back-off restarting/);
    assert.doesNotMatch(text, /an older pod/);
    assert.deepStrictEqual(podContainers(pod), [
      { name: 'istio-validation', init: true, restarted: true },
      { name: 'ratings', init: false, restarted: false },
    ]);
    // A previous log is offered only after a restart, with one clear message otherwise.
    assert.strictEqual(noPreviousLog(pod, 'istio-validation'), undefined);
    assert.strictEqual(
      noPreviousLog(pod, 'ratings'),
      'ratings in ratings-1 has not restarted, so there is no previous log; its current log is the only one',
    );
    assert.match(noPreviousLog(pod, 'nope') ?? '', /has no container "nope"/);
    assert.strictEqual(
      noPreviousLog(undefined, 'ratings'),
      undefined,
      'an unknown pod is left to the server',
    );
  });

  it('describes malformed pods without throwing', () => {
    const weird = {
      metadata: { name: 42 },
      spec: { containers: 'nope' },
      status: { conditions: [null, 7], containerStatuses: {} },
    } as unknown as K8sPod;
    assert.match(describePod(weird, [null as unknown as K8sEvent]), /Name: {7}42/);
    assert.deepStrictEqual(podContainers(weird), []);
    assert.deepStrictEqual(podContainers(undefined), []);
  });
});
