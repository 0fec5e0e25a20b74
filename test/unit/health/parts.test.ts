import * as assert from 'assert';
import { buildHealthModel } from '../../../src/core/health/buildModel';
import { capturedAt } from '../../../src/core/health/capturedAt';
import { emptyClusterData } from '../../../src/core/health/clusterData';
import { imageTag } from '../../../src/core/health/cniNode';
import { logRepairs } from '../../../src/core/health/evidence';
import type { K8sEvent, K8sPod } from '../../../src/core/health/k8s';
import { ownerFromPodName, ownerOfPod } from '../../../src/core/health/owner';
import { classifySandboxError, sandboxErrorText } from '../../../src/core/health/sandboxErrors';
import { SCENARIO_NOW, scenarioData } from './scenarioData';

describe('health model parts', () => {
  it('imageTag reads the tag, not a registry port or a digest', () => {
    assert.strictEqual(imageTag('docker.io/istio/install-cni:1.26.1-distroless'), '1.26.1-distroless');
    assert.strictEqual(imageTag('registry.local:5000/istio/install-cni:1.24.3@sha256:abcd'), '1.24.3');
    assert.strictEqual(imageTag('registry.local:5000/istio/install-cni'), '');
    assert.strictEqual(imageTag(undefined), '');
  });

  it('owner: ReplicaSet resolved to its Deployment by pod-template-hash; StatefulSet kept; name-only guess', () => {
    const pod = (kind: string, name: string, hash?: string): K8sPod => ({
      metadata: {
        name: 'x',
        labels: hash ? { 'pod-template-hash': hash } : {},
        ownerReferences: [{ kind, name, controller: true }],
      },
    });
    assert.deepStrictEqual(ownerOfPod(pod('ReplicaSet', 'reviews-v2-54bb874995', '54bb874995')), {
      kind: 'Deployment',
      name: 'reviews-v2',
    });
    assert.deepStrictEqual(ownerOfPod(pod('ReplicaSet', 'reviews-v2-54bb874995')), {
      kind: 'Deployment',
      name: 'reviews-v2',
    });
    assert.deepStrictEqual(ownerOfPod(pod('StatefulSet', 'redis')), { kind: 'StatefulSet', name: 'redis' });
    assert.strictEqual(ownerOfPod({ metadata: { name: 'bare' } }), null);
    assert.deepStrictEqual(ownerFromPodName('svc00-0v1-95b5885bf-zhbzm'), {
      kind: 'Deployment',
      name: 'svc00-0v1',
    });
    assert.strictEqual(ownerFromPodName('redis-0'), null);
  });

  it('sandbox errors: classified by the log pattern catalog, the specific pattern over the catch-all', () => {
    const ev = (err: string): string =>
      `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "16243b8a": plugin type="istio-cni" name="istio-cni" failed (add): ${err}`;
    assert.strictEqual(
      classifySandboxError(
        ev('unable to push CNI event (status code 500): partial add error: no ztunnel connection'),
      ).id,
      'no-ztunnel-connection',
    );
    assert.strictEqual(classifySandboxError(ev('Unauthorized')).id, 'cni-unauthorized');
    assert.strictEqual(
      classifySandboxError(ev('exec: "sh": executable file not found in $PATH')).id,
      'cni-no-sh',
    );
    assert.strictEqual(classifySandboxError(ev('something new')).id, 'sandbox-istio-cni-failed');
    assert.strictEqual(classifySandboxError('nothing to do with CNI').id, 'other');
    assert.strictEqual(sandboxErrorText(ev('Unauthorized')), 'Unauthorized');
  });

  it('repair log lines: current, legacy and JSON forms, counted per pod', () => {
    const text = [
      '2025-06-12T21:05:58.412207Z\tinfo\tcni-agent\tPod detected as broken, deleting: bookinfo/details-v1-6bdn68xcqh-ct2tm',
      'info   Deleting broken pod: service-graph00/svc00-0v1-95b5885bf-zhbzm',
      '{"level":"info","time":"2025-06-12T21:06:00.1Z","scope":"cni-agent","msg":"Pod detected as broken, deleting: bookinfo/details-v1-6bdn68xcqh-ct2tm"}',
      '2025-06-12T21:05:40.118930Z\tinfo\tcni-agent\tPod detected as broken, adding label: bookinfo/reviews-v1-lmwr68wfk2-4tqx8',
      '2025-06-12T21:05:41.000000Z\tinfo\tcni-agent\tRepairing pod...\tpod=bookinfo/other',
    ].join('\n');
    const r = logRepairs('worker-2', text);
    assert.deepStrictEqual(
      r.deleted.map((d) => [d.namespace, d.name, d.count, d.node]),
      [
        ['bookinfo', 'details-v1-6bdn68xcqh-ct2tm', 2, 'worker-2'],
        ['service-graph00', 'svc00-0v1-95b5885bf-zhbzm', 1, 'worker-2'],
      ],
    );
    assert.deepStrictEqual(
      r.labeled.map((d) => d.name),
      ['reviews-v1-lmwr68wfk2-4tqx8'],
    );
  });

  it('eviction loop needs 3 deletions: 2 stay separate repair-deleted entries', () => {
    const ev = (name: string, count: number): K8sEvent => ({
      metadata: { namespace: 'shop', name: `${name}.1` },
      involvedObject: { kind: 'Pod', namespace: 'shop', name },
      reason: 'DeleteBrokenPod',
      count,
      lastTimestamp: '2025-06-12T21:00:00Z',
    });
    const data = {
      ...emptyClusterData(),
      events: [ev('cart-6bdn68xcqh-ct2tm', 1), ev('cart-6bdn68xcqh-xk2lp', 1)],
    };
    assert.deepStrictEqual(
      buildHealthModel(data, SCENARIO_NOW).affected.map((a) => a.reason),
      ['repair-deleted', 'repair-deleted'],
    );
    data.events = [ev('cart-6bdn68xcqh-ct2tm', 2), ev('cart-6bdn68xcqh-xk2lp', 1)];
    const m = buildHealthModel(data, SCENARIO_NOW);
    assert.deepStrictEqual(
      m.affected.map((a) => [a.reason, a.detail]),
      [['eviction-loop', 'Deployment/cart: 3 deletions of 2 pods by race repair']],
    );
  });

  it('a FailedCreatePodSandBox of another CNI is classified apart; of a pod now Ready, it is nothing', () => {
    const data = scenarioData('sandbox-cni-failed');
    const e = data.events[0] as K8sEvent;
    const calico = {
      ...e,
      message: (e.message ?? '').replace(
        /plugin type="istio-cni" name="istio-cni" failed \(add\): .*/,
        'plugin type="calico" failed (add): error getting ClusterInformation',
      ),
    };
    assert.deepStrictEqual(
      buildHealthModel({ ...data, events: [calico] }, SCENARIO_NOW).affected.map((a) => a.reason),
      ['sandbox-network-failed'],
    );
    const healthyPods = scenarioData('healthy').workloadPods;
    assert.deepStrictEqual(
      buildHealthModel({ ...data, workloadPods: healthyPods }, SCENARIO_NOW).affected,
      [],
    );
  });

  it('taint hint only when the CNI pod is Ready; Windows nodes are not missing an istio-cni-node', () => {
    const data = scenarioData('healthy');
    const node = data.nodes[0];
    if (node?.spec) node.spec.taints = [{ key: 'cni.istio.io/not-ready', effect: 'NoSchedule' }];
    data.nodes.push({ metadata: { name: 'win-1', labels: { 'kubernetes.io/os': 'windows' } } });
    const m = buildHealthModel(data, SCENARIO_NOW);
    assert.deepStrictEqual(
      m.taintHints.map((h) => h.node),
      ['worker-1'],
    );
    assert.ok(!m.nodes.some((n) => n.name === 'win-1'));
    assert.strictEqual(m.summary.healthy, true, 'a hint is not a failure');
  });

  it('capturedAt: the newest well-formed timestamp of events and pod statuses', () => {
    assert.strictEqual(capturedAt(scenarioData('demo'))?.toISOString(), '2025-06-12T21:29:30.000Z');
    const data = emptyClusterData();
    assert.strictEqual(capturedAt(data), undefined);
    data.events = [
      { lastTimestamp: 'yesterday' },
      { lastTimestamp: '2025-06-12T21:00:00Z' },
      { eventTime: '2025-06-12T21:00:01.123456Z' },
    ];
    assert.strictEqual(capturedAt(data)?.toISOString(), '2025-06-12T21:00:01.123Z');
  });
});
