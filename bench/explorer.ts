/**
 * Explorer benchmark on the generated large cluster (500 nodes, 5,000 pods): mapping the health
 * model to tree descriptors (what each coalesced refresh costs), the reveal index, and the time
 * from a watch event to fresh descriptors. The in-VS Code figures (first paint, complete tree over
 * HTTPS, extension-host memory) come from the integration test, in test-artifacts/explorer-perf.json.
 */
import { buildTree } from '../src/core/explorer/buildTree';
import type { ExplorerConnection } from '../src/core/explorer/connection';
import { TreeIndex } from '../src/core/explorer/treeIndex';
import { clusterDataFromObjects } from '../src/core/health/fromObjects';
import { HealthIndex } from '../src/core/health/healthIndex';
import type { K8sPod } from '../src/core/health/k8s';
import { generateLargeScenario } from '../test/scenarios/generateLarge';
import { type BenchRow } from './types';

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

function times(n: number, f: (i: number) => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    f(i);
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

export function run(): Promise<BenchRow[]> {
  const scenario = generateLargeScenario({ nodes: 500, pods: 5000 });
  const data = clusterDataFromObjects(scenario.objects, scenario.logs);
  const connection: ExplorerConnection = {
    phase: 'connected',
    context: 'large',
    server: 'https://127.0.0.1',
  };
  const index = new HealthIndex(data);
  const model = index.model();
  const build = times(200, () => buildTree(connection, model));
  const tree = buildTree(connection, model);
  const reveal = times(200, () => new TreeIndex(tree.roots).findPod('default/nope'));
  const pods = data.workloadPods;
  // A watch event as the manager handles it: apply, rebuild the model, map it to rows.
  const event = times(500, (i) => {
    const pod = pods[i % pods.length] as K8sPod;
    index.apply('Pod', 'MODIFIED', {
      ...pod,
      metadata: { ...pod.metadata, resourceVersion: String(100000 + i) },
    });
    buildTree(connection, index.model());
  });
  const rows = (items: typeof tree.roots): number => items.reduce((n, i) => n + 1 + rows(i.children), 0);
  return Promise.resolve([
    { name: 'large: rows in the tree', value: rows(tree.roots), unit: 'rows' },
    {
      name: 'large: model → tree descriptors p50',
      value: percentile(build, 50),
      unit: 'ms',
      target: '< 50 ms (4 refreshes/s)',
    },
    {
      name: 'large: model → tree descriptors p95',
      value: percentile(build, 95),
      unit: 'ms',
      target: '< 50 ms',
    },
    { name: 'large: reveal index + lookup p95', value: percentile(reveal, 95), unit: 'ms' },
    {
      name: 'large: watch event → fresh rows p50',
      value: percentile(event, 50),
      unit: 'ms',
      target: '< 250 ms (coalescing interval)',
    },
    {
      name: 'large: watch event → fresh rows p95',
      value: percentile(event, 95),
      unit: 'ms',
      target: '< 250 ms',
    },
  ]);
}
