import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { dispatchWatchLine } from '../../../src/cluster/kube/watchLines';
import type { WatchSink } from '../../../src/cluster/watchSupervisor';
import { buildHealthModel } from '../../../src/core/health/buildModel';
import { clusterDataFromObjects } from '../../../src/core/health/fromObjects';
import type { K8sObject, K8sPod } from '../../../src/core/health/k8s';
import { isWatchedKind, projectObject } from '../../../src/core/health/k8sShapes';
import { generateLargeScenario } from '../../scenarios/generateLarge';
import { loadScenario } from '../../scenarios/loadScenario';
import { SCENARIO_NOW } from './scenarioData';

const SCENARIOS = path.resolve(__dirname, '../../../../test/scenarios');

const project = <T extends { kind?: string }>(o: T): T =>
  isWatchedKind(o.kind) ? (projectObject(o.kind, o as K8sObject) as T) : o;

describe('k8sShapes: live objects cut down to what the model reads', () => {
  for (const file of fs.readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml'))) {
    it(`${file}: the model is the same from the cut-down objects`, () => {
      const s = loadScenario(path.join(SCENARIOS, file));
      const whole = buildHealthModel(clusterDataFromObjects(s.objects, s.logs), SCENARIO_NOW);
      const cut = buildHealthModel(clusterDataFromObjects(s.objects.map(project), s.logs), SCENARIO_NOW);
      assert.deepStrictEqual(cut, whole);
    });
  }

  it('a realistic pod keeps its model fields and loses managedFields, volumes, probes and resources', () => {
    const pod = generateLargeScenario({ nodes: 3, pods: 30, realistic: true }).objects.find(
      (o) => o.kind === 'Pod' && o.metadata.namespace?.startsWith('team-'),
    ) as unknown as K8sPod & { metadata: { managedFields?: unknown }; spec: { volumes?: unknown } };
    const cut = projectObject<typeof pod>('Pod', structuredClone(pod));
    assert.ok(pod.metadata.managedFields && pod.spec.volumes, 'the generated pod is realistic');
    assert.strictEqual(cut.metadata.managedFields, undefined);
    assert.strictEqual(cut.spec.volumes, undefined);
    assert.strictEqual(JSON.stringify(cut.spec.containers?.[0]).includes('readinessProbe'), false);
    assert.strictEqual(cut.metadata.name, pod.metadata.name);
    assert.deepStrictEqual(cut.metadata.labels, pod.metadata.labels);
    const conditions = (p: K8sPod): unknown =>
      p.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.lastTransitionTime]);
    assert.deepStrictEqual(conditions(cut), conditions(pod));
    const statuses = (p: K8sPod): unknown =>
      p.status?.containerStatuses?.map((c) => [c.name, c.ready, c.restartCount, c.state, c.lastState]);
    assert.deepStrictEqual(statuses(cut), statuses(pod));
    assert.deepStrictEqual(
      cut.spec.initContainers?.map((c) => [c.name, c.image, c.args]),
      pod.spec.initContainers?.map((c) => [c.name, c.image, c.args]),
    );
    const size = (o: unknown): number => JSON.stringify(o).length;
    assert.ok(size(cut) < size(pod) / 2, `${size(cut)} of ${size(pod)} bytes kept`);
  });

  it('keeps a value of another shape than the type as it is (the model checks what it reads)', () => {
    const odd = { metadata: { name: 'p', labels: 'not-a-map' }, spec: { containers: 'x', nodeName: 7 } };
    assert.deepStrictEqual(projectObject('Pod', odd as unknown as K8sPod), odd);
  });

  it('a watch event is cut down like a listed item', () => {
    const got: K8sObject[] = [];
    const sink: WatchSink = {
      opened: () => undefined,
      event: (_type, object) => got.push(object),
      bookmark: () => undefined,
      end: () => undefined,
      fail: (f) => assert.fail(f.message),
    };
    const object = {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'p', namespace: 'n', managedFields: [{ manager: 'kubelet' }] },
      spec: { nodeName: 'worker-1', volumes: [{ name: 'v' }] },
    };
    dispatchWatchLine(JSON.stringify({ type: 'MODIFIED', object }), sink, 'watch pods');
    assert.deepStrictEqual(got, [
      {
        kind: 'Pod',
        apiVersion: 'v1',
        metadata: { name: 'p', namespace: 'n' },
        spec: { nodeName: 'worker-1' },
      },
    ]);
  });
});
