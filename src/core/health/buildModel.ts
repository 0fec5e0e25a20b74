/**
 * The health model as a pure function of ClusterData: the same code path as the incremental
 * index, run once.
 */
import type { ClusterData } from './clusterData';
import { HealthIndex } from './healthIndex';
import type { HealthModel } from './model';

export interface BuildOptions {
  /** Flags every printed fix command carries (`--kubeconfig F --context C`). */
  commandFlags?: string;
}

export function buildHealthModel(
  data: ClusterData,
  now: Date = new Date(),
  options: BuildOptions = {},
): HealthModel {
  const index = new HealthIndex(data, () => now);
  index.commandFlags = options.commandFlags ?? '';
  return index.model();
}
