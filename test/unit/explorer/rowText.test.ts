import * as assert from 'assert';
import { buildTree } from '../../../src/core/explorer/buildTree';
import type { ExplorerConnection } from '../../../src/core/explorer/connection';
import type { ExplorerItem } from '../../../src/core/explorer/item';
import { fitDescription, MAX_DESCRIPTION } from '../../../src/core/explorer/rowText';
import { buildHealthModel } from '../../../src/core/health/buildModel';
import { clusterDataFromObjects } from '../../../src/core/health/fromObjects';
import { generateLargeScenario } from '../../scenarios/generateLarge';
import { listScenarios, loadScenario, type Scenario } from '../../scenarios/loadScenario';
import { SCENARIO_NOW } from '../health/scenarioData';

const connected: ExplorerConnection = {
  phase: 'connected',
  context: 'kind-demo',
  server: 'https://127.0.0.1:6443',
};
const rows = (items: ExplorerItem[]): ExplorerItem[] => items.flatMap((i) => [i, ...rows(i.children)]);
const treeOf = (s: Scenario) =>
  buildTree(connected, buildHealthModel(clusterDataFromObjects(s.objects, s.logs), SCENARIO_NOW)).roots;

describe('tree rows at the default sidebar width', () => {
  it('fits parts most important first and leaves the rest to the tooltip', () => {
    assert.strictEqual(
      fitDescription(['istio-cni not ready', '5 affected']),
      'istio-cni not ready · 5 affected',
    );
    assert.strictEqual(
      fitDescription(['istio-cni not ready', '12 affected', 'node NotReady']),
      'istio-cni not ready',
    );
    assert.strictEqual(fitDescription(['a', undefined, false, 'b']), 'a · b');
    const cut = fitDescription(['Helm release istio-cni in istio-system, Istio 1.26.1']);
    assert.ok(cut.length <= MAX_DESCRIPTION && cut.endsWith('…'), cut);
    assert.strictEqual(cut, 'Helm release istio-cni in…');
  });

  for (const [name, scenario] of [
    // no-istio-cni shows a welcome page, no rows.
    ...listScenarios()
      .filter((n) => n !== 'no-istio-cni')
      .map((n): [string, () => Scenario] => [n, () => loadScenario(n)]),
    ['large (500 nodes, 5,000 pods)', () => generateLargeScenario({ nodes: 500, pods: 5000 })] as const,
  ] as [string, () => Scenario][])
    it(`keeps every description at most ${MAX_DESCRIPTION} characters, details in a tooltip: ${name}`, () => {
      const all = rows(treeOf(scenario()));
      assert.ok(all.length > 0);
      const long = all
        .filter((r) => r.description.length > MAX_DESCRIPTION)
        .map((r) => `${r.label}: ${r.description}`);
      assert.deepStrictEqual(long, []);
      for (const r of all) assert.ok(r.tooltip.length > r.description.length, `${r.label} has a tooltip`);
    });

  it('shows the key fact of the demo rows first', () => {
    const all = rows(treeOf(loadScenario('demo')));
    const desc = (pred: (r: ExplorerItem) => boolean) => all.filter(pred).map((r) => r.description);
    assert.deepStrictEqual(
      desc((r) => r.kind === 'daemonSet'),
      ['4/5 ready · 1.26.1 · Helm'],
    );
    assert.deepStrictEqual(
      desc((r) => r.label === 'worker-3'),
      ['istio-cni not ready · 5 affected'],
    );
    assert.deepStrictEqual(
      desc((r) => r.label === 'istio-cni-node-phh7t'),
      ['not ready (Running) · 1.26.1'],
    );
    const pod = all.find((r) => r.label === 'payments-cklc5wpt5x-fctjz' && r.id.startsWith('node/'));
    assert.strictEqual(pod?.description, 'Node has no ready istio-cni');
    assert.match(
      pod.tooltip,
      /^\*\*shop\/payments\\-cklc5wpt5x\\-fctjz\*\*/,
      'the namespace is in the tooltip',
    );
  });
});
