/** `istio-cni-doctor diagnose`: not built yet. */
import { type CliIo } from '../io';

export const summary = 'Report istio-cni health and affected workloads of a cluster or snapshot';

export const help = `Usage: istio-cni-doctor diagnose

Report istio-cni health and affected workloads of a cluster or snapshot. (Not available yet in this version.)
`;

export function run(_args: string[], io: CliIo): Promise<number> {
  io.err("istio-cni-doctor: 'diagnose' is not available yet in this version.\n");
  return Promise.resolve(2);
}
