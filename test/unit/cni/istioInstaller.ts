/**
 * Our own re-statement of what Istio's installer does to the primary CNI config when it chains
 * istio-cni in (istio/istio `cni/pkg/install/cniconfig.go` `insertCNIConfig` and `writeCNIConfig`
 * at tag 1.30.3). Used to produce and to re-check the "after-istio" stock fixtures, so a fixture
 * cannot drift from the insertion logic it claims to show.
 *
 * What the source does, step by step:
 * - the istio-cni entry is `plugin.Config` marshalled, then unmarshalled into a map, minus `cniVersion`;
 * - a `.conf` (the file has a top-level `type`) is wrapped as
 *   `{"name": "k8s-pod-network", "cniVersion": "0.3.1", "plugins": [<file minus cniVersion>, <entry>]}`
 *   and the file is renamed from `X.conf` to `X.conflist`;
 * - a `.conflist` keeps everything; an existing istio-cni plugin is removed and the entry appended;
 * - the result is `json.MarshalIndent(map, "", "  ")` plus a newline: Go sorts map keys at every level.
 */

/** The entry 1.30.3 writes with the chart defaults (values.yaml at 1.30.3, ambient disabled). */
export const ISTIO_1_30_DEFAULT_ENTRY: Record<string, unknown> = {
  ambient_enabled: false,
  cni_agent_run_dir: '/var/run/istio-cni',
  dns: {},
  enable_ambient_detection_retry: false,
  enablement_selectors: [
    { namespaceSelector: {}, podSelector: { matchLabels: { 'istio.io/dataplane-mode': 'ambient' } } },
    {
      namespaceSelector: { matchLabels: { 'istio.io/dataplane-mode': 'ambient' } },
      podSelector: {
        matchExpressions: [{ key: 'istio.io/dataplane-mode', operator: 'NotIn', values: ['none'] }],
      },
    },
  ],
  exclude_namespaces: ['kube-system'],
  ipam: {},
  name: 'istio-cni',
  native_nftables: false,
  plugin_log_level: 'info',
  pod_namespace: 'istio-system',
  type: 'istio-cni',
};

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, sortKeys(o[k])]),
    );
  }
  return v;
}

/** Go's `json.MarshalIndent(v, "", "  ")` for the values CNI configs hold, plus the trailing newline. */
export function goMarshalIndent(v: unknown): string {
  return (
    JSON.stringify(sortKeys(v), null, 2)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026') + '\n'
  );
}

/** The file name and text Istio leaves after chaining `entry` into `name` (text as read). */
export function chainIstio(
  name: string,
  text: string,
  entry: Record<string, unknown> = ISTIO_1_30_DEFAULT_ENTRY,
): { name: string; text: string } {
  const existing = JSON.parse(text) as Record<string, unknown>;
  const istio: Record<string, unknown> = { ...entry };
  delete istio.cniVersion;
  if ('type' in existing) {
    const plugin = { ...existing };
    delete plugin.cniVersion;
    const wrapped = { name: 'k8s-pod-network', cniVersion: '0.3.1', plugins: [plugin, istio] };
    return { name: name.endsWith('.conf') ? `${name}list` : name, text: goMarshalIndent(wrapped) };
  }
  const plugins = Array.isArray(existing.plugins) ? [...(existing.plugins as unknown[])] : [];
  const at = plugins.findIndex((p) => (p as Record<string, unknown> | null)?.type === 'istio-cni');
  if (at >= 0) plugins.splice(at, 1);
  return { name, text: goMarshalIndent({ ...existing, plugins: [...plugins, istio] }) };
}
