/**
 * The factory of live cluster clients, for the extension and the CLI: they reach the cluster
 * through src/cluster only and never import src/cluster/kube (the client-node adapter) directly.
 */
export {
  createKubeClusterClient as createLiveClusterClient,
  listKubeContexts,
} from './kube/kubeClusterClient';
