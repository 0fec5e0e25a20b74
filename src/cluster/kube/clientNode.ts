/**
 * Loads @kubernetes/client-node lazily (it costs ~75 ms to load, and only the explorer and
 * `diagnose` need it). 1.4.0 is ESM-only; a dynamic import() works from our CommonJS output.
 */
import type * as ClientNode from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import type * as Serializer from '@kubernetes/client-node/dist/serializer.js' with {
  'resolution-mode': 'import',
};

/** client-node, plus its ObjectSerializer (not re-exported from the package index in 1.4.0). */
export type K8sLib = typeof ClientNode & { ObjectSerializer: (typeof Serializer)['ObjectSerializer'] };
export type KubeConfig = ClientNode.KubeConfig;

let loading: Promise<K8sLib> | undefined;

export function loadClientNode(): Promise<K8sLib> {
  loading ??= Promise.all([
    import('@kubernetes/client-node'),
    import('@kubernetes/client-node/dist/serializer.js'),
  ]).then(([lib, serializer]) => ({ ...lib, ObjectSerializer: serializer.ObjectSerializer }));
  return loading;
}
