/**
 * Picks the ClusterClient for `diagnose`: a saved snapshot with --snapshot, else the live
 * cluster of the kubeconfig. The CLI runs in the user's own shell, so kubeconfig exec
 * credential plugins are allowed here (the extension refuses them in untrusted workspaces).
 * client-node itself is loaded only when a live client is created (kube/clientNode.ts).
 */
import type { ClusterClient, ClusterFailure } from '../../cluster/clusterClient';
import { createLiveClusterClient } from '../../cluster/liveCluster';
import { SnapshotClusterClient } from '../../cluster/snapshot/snapshotClusterClient';
import { ok, type Result } from '../../core/result';
import type { DiagnoseArgs } from './args';

export async function openClient(args: DiagnoseArgs): Promise<Result<ClusterClient, ClusterFailure>> {
  if (args.snapshot !== undefined) return ok(new SnapshotClusterClient(args.snapshot));
  return createLiveClusterClient({
    file: args.kubeconfig,
    context: args.context,
    allowExecPlugins: true,
    readCniLogs: true,
    ...(args.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: args.requestTimeoutMs }),
  });
}
