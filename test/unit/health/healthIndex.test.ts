import * as assert from 'assert';
import { buildHealthModel } from '../../../src/core/health/buildModel';
import { type ClusterData, emptyClusterData } from '../../../src/core/health/clusterData';
import { HealthIndex } from '../../../src/core/health/healthIndex';
import type { K8sObject, K8sPod, WatchedKind } from '../../../src/core/health/k8s';
import { listScenarios } from '../../scenarios/loadScenario';
import { SCENARIO_NOW, scenarioData } from './scenarioData';

const clock = (): Date => SCENARIO_NOW;

/** Every object of `data` as one ADDED watch event, interleaved across kinds. */
function addedEvents(data: ClusterData): [WatchedKind, K8sObject][] {
  const lists: [WatchedKind, K8sObject[]][] = [
    ['Event', data.events],
    ['Pod', data.workloadPods],
    ['Node', data.nodes],
    ['Pod', data.cniPods],
    ['Namespace', data.namespaces],
    ['DaemonSet', data.daemonSet ? [data.daemonSet] : []],
    ['ConfigMap', data.configMap ? [data.configMap] : []],
    ['Pod', data.ztunnelPods ?? []],
    ['ClusterRoleBinding', data.clusterRoleBindings ?? []],
  ];
  const out: [WatchedKind, K8sObject][] = [];
  for (let i = 0; lists.some(([, l]) => i < l.length); i++) {
    for (const [kind, l] of lists) {
      const o = l[i];
      if (o) out.push([kind, o]);
    }
  }
  return out;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const scenarios = listScenarios().filter((n) => !n.startsWith('kube-'));

describe('HealthIndex (incremental)', () => {
  for (const name of scenarios) {
    it(`${name}: watch events one by one give the same model as a full rebuild`, () => {
      const data = scenarioData(name);
      const index = new HealthIndex(undefined, clock);
      index.model(); // an early model must not stick
      for (const [kind, o] of addedEvents(data)) index.apply(kind, 'ADDED', o);
      for (const [node, text] of Object.entries(data.cniLogs)) index.setCniLog(node, text);
      assert.deepStrictEqual(index.model(), buildHealthModel(data, SCENARIO_NOW));
    });
  }

  it('a pod that recovers (MODIFIED) leaves the affected list; DELETED of the broken pod does too', () => {
    const data = scenarioData('validation-failed');
    const index = new HealthIndex(data, clock);
    assert.strictEqual(index.model().affected.length, 1);
    const broken = data.workloadPods.find((p) => p.metadata?.name?.startsWith('reviews-v2')) as K8sPod;
    const healthy = clone(
      scenarioData('healthy').workloadPods.find((p) => p.metadata?.name?.startsWith('reviews-v2')) as K8sPod,
    );
    healthy.metadata = { ...healthy.metadata, name: broken.metadata?.name };
    index.apply('Pod', 'MODIFIED', healthy);
    const after = index.model();
    assert.deepStrictEqual(after.affected, []);
    const fixed = { ...data, workloadPods: data.workloadPods.map((p) => (p === broken ? healthy : p)) };
    assert.deepStrictEqual(after, buildHealthModel(fixed, SCENARIO_NOW));
    index.apply('Pod', 'MODIFIED', broken);
    assert.strictEqual(index.model().affected.length, 1);
    index.apply('Pod', 'DELETED', broken);
    assert.deepStrictEqual(index.model().affected, []);
  });

  it('an istio-cni-node pod turning Ready moves its node to ready and clears node-cni-not-ready', () => {
    const data = scenarioData('node-cni-not-ready');
    const index = new HealthIndex(data, clock);
    assert.strictEqual(index.model().nodes.find((n) => n.name === 'worker-3')?.status, 'crash-looping');
    const good = clone(
      scenarioData('healthy').cniPods.find((p) => p.spec?.nodeName === 'worker-3') as K8sPod,
    );
    index.apply('Pod', 'MODIFIED', good);
    const m = index.model();
    assert.strictEqual(m.nodes.find((n) => n.name === 'worker-3')?.status, 'ready');
    assert.deepStrictEqual(m.affected, []);
    index.apply('Pod', 'DELETED', good);
    assert.strictEqual(index.model().nodes.find((n) => n.name === 'worker-3')?.status, 'missing');
  });

  it('events: an irrelevant event is ignored, deleting the repair events clears repair-deleted', () => {
    const data = scenarioData('repair-deleted');
    const index = new HealthIndex({ ...data, cniLogs: {} }, clock);
    const before = index.model();
    index.apply('Event', 'ADDED', {
      kind: 'Event',
      metadata: { namespace: 'bookinfo', name: 'x.1' },
      involvedObject: { kind: 'Pod', namespace: 'bookinfo', name: 'x' },
      reason: 'Scheduled',
      message: 'Successfully assigned',
    });
    assert.strictEqual(index.model(), before, 'unchanged model is served from cache');
    for (const e of data.events) index.apply('Event', 'DELETED', e);
    assert.deepStrictEqual(index.model().affected, []);
  });

  it('a namespace turning ambient reclassifies its pods (node-cni-not-ready), like a full rebuild', () => {
    const data = scenarioData('node-cni-not-ready');
    const stuck = clone(data.workloadPods.find((p) => p.metadata?.name?.startsWith('reviews-v2')) as K8sPod);
    stuck.metadata = { name: 'plain-7c9d8b7f5x-abcde', namespace: 'shop', labels: {} };
    if (stuck.spec) stuck.spec.initContainers = [];
    if (stuck.status) stuck.status.initContainerStatuses = [];
    const index = new HealthIndex(data, clock);
    index.apply('Pod', 'ADDED', stuck);
    assert.deepStrictEqual(
      index.model().affected.map((a) => a.name),
      ['reviews-v2-kjlwdx7cgh-9dvmd'],
    );
    const shop = {
      kind: 'Namespace',
      metadata: { name: 'shop', labels: { 'istio.io/dataplane-mode': 'ambient' } },
    };
    index.apply('Namespace', 'ADDED', shop);
    const m = index.model();
    assert.deepStrictEqual(
      m.affected.map((a) => [a.reason, a.name]),
      [
        ['node-cni-not-ready', 'reviews-v2-kjlwdx7cgh-9dvmd'],
        ['node-cni-not-ready', 'plain-7c9d8b7f5x-abcde'],
      ],
    );
    assert.deepStrictEqual(
      m,
      buildHealthModel(
        { ...data, workloadPods: [...data.workloadPods, stuck], namespaces: [...data.namespaces, shop] },
        SCENARIO_NOW,
      ),
    );
  });

  it('replace() drops everything from before (relist after 410)', () => {
    const index = new HealthIndex(scenarioData('demo'), clock);
    index.replace(scenarioData('healthy'));
    assert.deepStrictEqual(index.model(), buildHealthModel(scenarioData('healthy'), SCENARIO_NOW));
  });

  it('a DaemonSet that is not istio-cni-node is ignored; DELETED of istio-cni-node removes it', () => {
    const data = scenarioData('healthy');
    const index = new HealthIndex(data, clock);
    index.apply('DaemonSet', 'ADDED', {
      kind: 'DaemonSet',
      metadata: { namespace: 'istio-system', name: 'ztunnel' },
    });
    assert.strictEqual(index.model().daemonSet?.name, 'istio-cni-node');
    if (data.daemonSet) index.apply('DaemonSet', 'DELETED', data.daemonSet);
    assert.strictEqual(index.model().daemonSet, null);
  });

  it('survives objects with fields of the wrong type', () => {
    const data = emptyClusterData();
    const junk = [
      {
        metadata: { name: 'p1', namespace: 'a' },
        spec: { nodeName: 'n1', initContainers: 'nope' },
        status: { conditions: 7, initContainerStatuses: { a: 1 } },
      },
      { metadata: { name: 'p2', namespace: 'a', labels: 'k8s-app' }, status: { phase: 42 } },
      {},
    ] as unknown as K8sPod[];
    data.workloadPods = junk;
    data.cniPods = [
      {
        metadata: { name: 'istio-cni-node-x', labels: { 'k8s-app': 'istio-cni-node' } },
        spec: { nodeName: 'n1' },
        status: { conditions: 'x' },
      } as unknown as K8sPod,
    ];
    data.events = [
      { reason: 'FailedCreatePodSandBox', message: 12, involvedObject: { kind: 'Pod' } } as unknown as never,
    ];
    const m = buildHealthModel(data, SCENARIO_NOW);
    assert.deepStrictEqual(
      m.nodes.map((n) => n.name),
      ['n1'],
    );
    assert.ok(Array.isArray(m.affected));
  });
});
