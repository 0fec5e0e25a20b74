/**
 * Loads @kubernetes/client-node's KubeConfig lazily (only the explorer and `diagnose` need it).
 * 1.4.0 is ESM-only; a dynamic import() works from our CommonJS output. Only its config module is
 * imported: kubeconfig parsing and the auth providers are all we use of it (lists and watches are
 * our own plain-JSON requests), and the package index would also load every generated API and
 * model class, which cost more start-up time than all the rest of `diagnose`'s (issue 15).
 */
import type * as Config from '@kubernetes/client-node/dist/config.js' with { 'resolution-mode': 'import' };

export interface K8sLib {
  KubeConfig: typeof Config.KubeConfig;
}
export type KubeConfig = Config.KubeConfig;

let loading: Promise<K8sLib> | undefined;

export function loadClientNode(): Promise<K8sLib> {
  loading ??= import('@kubernetes/client-node/dist/config.js').then((m) => ({ KubeConfig: m.KubeConfig }));
  return loading;
}
