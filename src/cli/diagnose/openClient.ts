/**
 * Picks the ClusterClient for `diagnose`: a saved snapshot with --snapshot, else the live
 * cluster of the kubeconfig. The CLI runs in the user's own shell, so kubeconfig exec
 * credential plugins are allowed here.
 */
import type { ClusterClient, ClusterFailure } from '../../cluster/clusterClient';
import { SnapshotClusterClient } from '../../cluster/snapshot/snapshotClusterClient';
import { fail, ok, type Result } from '../../core/result';
import type { DiagnoseArgs } from './args';

export type ClientOpener = (args: DiagnoseArgs) => Promise<Result<ClusterClient, ClusterFailure>>;

export const openClient: ClientOpener = (args) => {
  if (args.snapshot !== undefined) return Promise.resolve(ok(new SnapshotClusterClient(args.snapshot)));
  return Promise.resolve(fail({ kind: 'server-error', message: 'live cluster access is not available in this build; use --snapshot DIR' }));
};
