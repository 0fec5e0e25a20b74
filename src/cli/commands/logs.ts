/** `istio-cni-doctor logs`: not built yet. */
import { type CliIo } from '../io';

export const summary = 'Explain the Istio CNI lines in log files';

export const help = `Usage: istio-cni-doctor logs

Explain the Istio CNI lines in log files. (Not available yet in this version.)
`;

export function run(_args: string[], io: CliIo): Promise<number> {
  io.err("istio-cni-doctor: 'logs' is not available yet in this version.\n");
  return Promise.resolve(2);
}
