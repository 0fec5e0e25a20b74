/** `istio-cni-doctor lint`: not built yet. */
import { type CliIo } from '../io';

export const summary = 'Lint CNI config files and directories (/etc/cni/net.d)';

export const help = `Usage: istio-cni-doctor lint

Lint CNI config files and directories (/etc/cni/net.d). (Not available yet in this version.)
`;

export function run(_args: string[], io: CliIo): Promise<number> {
  io.err("istio-cni-doctor: 'lint' is not available yet in this version.\n");
  return Promise.resolve(2);
}
