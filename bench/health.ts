/**
 * Health model benchmark on the generated large cluster (500 nodes, 5,000 pods): time from the
 * lists to a complete model, the snapshot path (loose objects to ClusterData), per watch event
 * (apply alone, and apply followed by a fresh model as the tree would ask), and the heap the
 * index keeps. Targets from platform-limits-and-reliability.md §6.
 */
import * as v8 from 'v8';
import * as vm from 'vm';
import { buildHealthModel } from '../src/core/health/buildModel';
import type { ClusterData } from '../src/core/health/clusterData';
import { clusterDataFromObjects } from '../src/core/health/fromObjects';
import { HealthIndex } from '../src/core/health/healthIndex';
import type { K8sPod } from '../src/core/health/k8s';
import { generateLargeScenario } from '../test/scenarios/generateLarge';
import { type BenchRow } from './types';

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

function times(n: number, f: () => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    f();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

function gcFunction(): (() => void) | undefined {
  v8.setFlagsFromString('--expose-gc');
  const gc: unknown = vm.runInNewContext('gc');
  return typeof gc === 'function' ? (gc as () => void) : undefined;
}

/** A modified copy of a pod, as a watch MODIFIED event would carry it (new resourceVersion, flipped readiness). */
function modified(pod: K8sPod, i: number): K8sPod {
  const ready = i % 2 === 0 ? 'False' : 'True';
  return {
    ...pod,
    metadata: { ...pod.metadata, resourceVersion: String(1_000_000 + i) },
    status: { ...pod.status, conditions: [{ type: 'Ready', status: ready }] },
  };
}

export function run(): Promise<BenchRow[]> {
  const gc = gcFunction();
  gc?.();
  const baseline = process.memoryUsage().heapUsed;
  const scenario = generateLargeScenario();
  const rows: BenchRow[] = [];
  const counts = `${scenario.objects.filter((o) => o.kind === 'Node').length} nodes, ${scenario.objects.filter((o) => o.kind === 'Pod').length} pods`;

  let data: ClusterData | undefined;
  const convert = times(20, () => {
    data = clusterDataFromObjects(scenario.objects, scenario.logs);
  });
  if (!data) throw new Error('no data');
  const lists: ClusterData = data;
  rows.push({
    name: `snapshot objects -> ClusterData (${counts}) p50`,
    value: percentile(convert, 50),
    unit: 'ms',
    reference: `p95 ${percentile(convert, 95).toFixed(2)} ms`,
  });

  let affected = 0;
  const build = times(30, () => {
    affected = buildHealthModel(lists).affected.length;
  });
  rows.push({
    name: `lists -> complete model p50 (${affected} affected)`,
    value: percentile(build, 50),
    unit: 'ms',
    target: '<= 100 ms',
    reference: `p95 ${percentile(build, 95).toFixed(2)} ms`,
  });
  rows.push({
    name: 'lists -> complete model p95',
    value: percentile(build, 95),
    unit: 'ms',
    target: '<= 100 ms',
  });

  let index: HealthIndex | undefined = new HealthIndex(lists);
  index.model();
  const pods = lists.workloadPods;
  let events: K8sPod[] | undefined = Array.from({ length: 20_000 }, (_, i) =>
    modified(pods[i % pods.length] as K8sPod, i),
  );
  const apply =
    times(1, () => {
      for (const e of events ?? []) index?.apply('Pod', 'MODIFIED', e);
    })[0] ?? NaN;
  rows.push({
    name: 'watch event: apply (20,000 pod MODIFIED)',
    value: (apply * 1000) / events.length,
    unit: 'µs/event',
    target: '<= 200 µs',
  });
  const withModel = times(2000, () => {
    const e = events?.[Math.floor(Math.random() * events.length)] as K8sPod;
    index?.apply('Pod', 'MODIFIED', e);
    index?.model();
  });
  rows.push({
    name: 'watch event: apply + fresh model p50',
    value: percentile(withModel, 50) * 1000,
    unit: 'µs/event',
    target: '<= 200 µs',
    reference: `p95 ${(percentile(withModel, 95) * 1000).toFixed(0)} µs`,
  });

  // The timing runs' own objects (20,000 modified pod copies, their index) are not the model's.
  events = undefined;
  index = undefined;
  if (gc) {
    gc();
    const before = process.memoryUsage().heapUsed;
    const held = new HealthIndex(lists);
    held.model();
    gc();
    const indexBytes = process.memoryUsage().heapUsed - before;
    rows.push({
      name: 'heap kept by HealthIndex + model (beyond the lists)',
      value: indexBytes / 1048576,
      unit: 'MB',
      target: '<= 50 MB (with lists)',
    });
    rows.push({
      name: 'heap used by the lists, the scenario and the index (above the heap before the scenario)',
      value: (process.memoryUsage().heapUsed - baseline) / 1048576,
      unit: 'MB',
      target: '<= 50 MB',
      reference: `the generated objects (shared by scenario and lists) plus the index; the bench process's own heap ${(baseline / 1048576).toFixed(1)} MB not counted`,
    });
    held.replace({ ...lists, workloadPods: [] });
  }
  return Promise.resolve(rows);
}
