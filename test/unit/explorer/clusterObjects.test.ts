import * as assert from 'assert';
import { ClusterObjects } from '../../../src/core/explorer/clusterObjects';
import { buildHealthModel } from '../../../src/core/health/buildModel';
import type { ClusterData } from '../../../src/core/health/clusterData';
import type { K8sNamespace, K8sPod } from '../../../src/core/health/k8s';
import { analyze } from '../../../src/core/health/verdict/analyze';
import { listScenarios } from '../../scenarios/loadScenario';
import { SCENARIO_NOW, scenarioData } from '../health/scenarioData';

const name = (o: { metadata?: { namespace?: string; name?: string } }): string =>
  `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
const sorted = <T extends { metadata?: { namespace?: string; name?: string } }>(xs: T[] | undefined): T[] =>
  [...(xs ?? [])].sort((a, b) => name(a).localeCompare(name(b)));

/** ClusterData with every list in one order, so two equal sets compare equal. */
function normal(d: ClusterData): ClusterData {
  const defined = Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined));
  return {
    ...(defined as unknown as ClusterData),
    cniPods: sorted(d.cniPods),
    workloadPods: sorted(d.workloadPods),
    nodes: sorted(d.nodes),
    namespaces: sorted(d.namespaces),
    events: sorted(d.events),
    ...(d.ztunnelPods ? { ztunnelPods: sorted(d.ztunnelPods) } : {}),
    ...(d.clusterRoleBindings ? { clusterRoleBindings: sorted(d.clusterRoleBindings) } : {}),
  };
}

function roundTrip(data: ClusterData): ClusterData {
  const objects = new ClusterObjects();
  objects.replace(data);
  return objects.clusterData();
}

describe("the explorer's cluster objects (what verdicts and timelines are computed from)", () => {
  for (const scenario of listScenarios())
    it(`gives back every list it was given: ${scenario}`, () => {
      const data = scenarioData(scenario);
      assert.deepStrictEqual(normal(roundTrip(data)), normal(data));
    });

  it('keeps the ambient namespace label, so the model and the verdicts match the lists', () => {
    const data = scenarioData('demo');
    assert.ok(
      data.namespaces.some((n) => n.metadata?.labels?.['istio.io/dataplane-mode'] === 'ambient'),
      'the demo has an ambient namespace',
    );
    const again = roundTrip(data);
    const model = buildHealthModel(data, SCENARIO_NOW);
    assert.deepStrictEqual(buildHealthModel(again, SCENARIO_NOW), model);
    assert.deepStrictEqual(analyze(model, again).verdicts, analyze(model, data).verdicts);
  });

  it('follows watch events of namespaces, the DaemonSet and ztunnel pods', () => {
    const objects = new ClusterObjects();
    objects.replace(scenarioData('healthy'));
    const ns: K8sNamespace = {
      metadata: { name: 'shop', labels: { 'istio.io/dataplane-mode': 'ambient' } },
    };
    objects.apply('Namespace', 'ADDED', ns);
    assert.ok(objects.clusterData().namespaces.some((n) => n.metadata?.name === 'shop'));
    objects.apply('Namespace', 'DELETED', ns);
    assert.ok(!objects.clusterData().namespaces.some((n) => n.metadata?.name === 'shop'));

    const ds = objects.clusterData().daemonSet;
    assert.ok(ds, 'the healthy scenario has the DaemonSet');
    objects.apply('DaemonSet', 'MODIFIED', { ...ds, status: { ...ds.status, numberReady: 0 } });
    assert.strictEqual(objects.clusterData().daemonSet?.status?.numberReady, 0);
    objects.apply('DaemonSet', 'ADDED', { metadata: { namespace: 'x', name: 'other-agent' } });
    assert.strictEqual(objects.clusterData().daemonSet?.metadata?.name, 'istio-cni-node');
    objects.apply('DaemonSet', 'DELETED', ds);
    assert.strictEqual(objects.clusterData().daemonSet, undefined);

    const ztunnel: K8sPod = {
      metadata: { namespace: 'istio-system', name: 'ztunnel-abcde', labels: { app: 'ztunnel' } },
      spec: { nodeName: 'worker-1' },
    };
    objects.apply('Pod', 'ADDED', ztunnel);
    const data = objects.clusterData();
    assert.deepStrictEqual(
      data.ztunnelPods?.map((p) => p.metadata?.name),
      ['ztunnel-abcde'],
    );
    assert.ok(!data.workloadPods.some((p) => p.metadata?.name === 'ztunnel-abcde'), 'ztunnel is no workload');
  });
});
