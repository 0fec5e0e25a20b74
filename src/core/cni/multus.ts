/**
 * Multus delegation resolved to files. Thin Multus keeps verbatim copies of the master config
 * in `delegates`; thick Multus names it in `clusterNetwork` (a path, a directory, or a network
 * name). Both are followed so istio-cni can be found wherever a pod would actually run it.
 */
import { type Node } from 'jsonc-parser';
import { type ConfigFile, type PluginRef, isObject, propertyValue } from './parse';
import { ISTIO_TYPE } from './istio';

export const MULTUS_TYPES = ['multus', 'multus-shim'];

export interface DelegationLink {
  from: ConfigFile;
  plugin: PluginRef;
  kind: 'delegate' | 'clusterNetwork';
  /** The JSON node of the delegate object or the clusterNetwork string. */
  node: Node;
  /** The file the link resolves to, if any in this directory. */
  target: ConfigFile | undefined;
  /** For thin Multus: the inline copy the pod really runs. */
  inline: Record<string, unknown> | undefined;
}

export function multusPlugins(file: ConfigFile): PluginRef[] {
  return file.plugins.filter((p) => p.type !== undefined && MULTUS_TYPES.includes(p.type));
}

export function isMultusFile(file: ConfigFile): boolean {
  return multusPlugins(file).length > 0;
}

/** Resolves every delegate and clusterNetwork of `file` against the files of the directory. */
export function delegationLinks(file: ConfigFile, dir: readonly ConfigFile[]): DelegationLink[] {
  const links: DelegationLink[] = [];
  for (const plugin of multusPlugins(file)) {
    const delegates = propertyValue(plugin.node, 'delegates');
    const nodes = delegates?.type === 'array' ? (delegates.children ?? []) : [];
    const values: unknown[] = Array.isArray(plugin.value.delegates) ? plugin.value.delegates : [];
    nodes.forEach((node, i) => {
      const obj = isObject(values[i]) ? values[i] : undefined;
      const name = typeof obj?.name === 'string' ? obj.name : undefined;
      links.push({
        from: file,
        plugin,
        kind: 'delegate',
        node,
        inline: obj,
        target: name ? byNetworkName(name, file, dir) : undefined,
      });
    });
    const cn = propertyValue(plugin.node, 'clusterNetwork');
    if (cn?.type === 'string' && typeof cn.value === 'string' && cn.value !== '') {
      links.push({
        from: file,
        plugin,
        kind: 'clusterNetwork',
        node: cn,
        inline: undefined,
        target: resolveClusterNetwork(cn.value, file, dir),
      });
    }
  }
  return links;
}

function resolveClusterNetwork(
  ref: string,
  from: ConfigFile,
  dir: readonly ConfigFile[],
): ConfigFile | undefined {
  if (ref.includes('/')) {
    const base = ref.replace(/\/+$/, '').split('/').pop() ?? '';
    const byFile = dir.find((f) => f.name === base);
    if (byFile) return byFile;
    if (/\.(conf|conflist|json)$/.test(base)) return undefined;
    // A directory: Multus loads its first config file in name order, its own file included
    // (multus-cni pkg/k8sclient/k8sclient.go@v4.3.0 getNetDelegate -> GetCNIConfigFromFile("", dir)).
    // We can only resolve our own directory.
    return dir[0];
  }
  return byNetworkName(ref, from, dir);
}

/**
 * The file whose network `name` matches. A delegate is normally a plain CNI config, so a
 * non-Multus file wins over a Multus one, and the file itself is only a last resort.
 */
function byNetworkName(name: string, from: ConfigFile, dir: readonly ConfigFile[]): ConfigFile | undefined {
  const matches = dir.filter((f) => f.value?.name === name);
  return matches.find((f) => f !== from && !isMultusFile(f)) ?? matches.find((f) => f !== from) ?? matches[0];
}

/** Plugin types a delegate's inline copy runs (a conflist copy or a single config). */
export function inlineTypes(inline: Record<string, unknown> | undefined): string[] {
  if (!inline) return [];
  const list: unknown[] = Array.isArray(inline.plugins) ? inline.plugins : [inline];
  return list.map((p) => (isObject(p) && typeof p.type === 'string' ? p.type : '')).filter((t) => t !== '');
}

export function inlineRunsIstio(inline: Record<string, unknown> | undefined): boolean {
  return inlineTypes(inline).includes(ISTIO_TYPE);
}
