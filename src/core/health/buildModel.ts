/**
 * The health model as a pure function of ClusterData: the same code path as the incremental
 * index, run once.
 */
import type { ClusterData } from './clusterData';
import { HealthIndex } from './healthIndex';
import type { HealthModel } from './model';

export function buildHealthModel(data: ClusterData, now: Date = new Date()): HealthModel {
  return new HealthIndex(data, () => now).model();
}
