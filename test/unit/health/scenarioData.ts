/** Test helper: a scenario file as the ClusterData a snapshot or live client would produce. */
import { type ClusterData } from '../../../src/core/health/clusterData';
import { clusterDataFromObjects } from '../../../src/core/health/fromObjects';
import { loadScenario } from '../../scenarios/loadScenario';

/** The instant the scenarios were captured at (their newest timestamps are a little before). */
export const SCENARIO_NOW = new Date('2025-06-12T21:30:00Z');

export function scenarioData(name: string): ClusterData {
  const s = loadScenario(name);
  return clusterDataFromObjects(s.objects, s.logs);
}
