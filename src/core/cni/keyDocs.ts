/**
 * Hover text for the keys that matter in CNI configs: what each one does, and what goes wrong
 * for pods when it is off. Keyed by property name; a few keys mean different things in an
 * istio-cni entry, a Multus config or the list header, so the enclosing plugin type is used.
 */
import { getLocation } from 'jsonc-parser';
import { MAX_NESTING } from './parse';
import { nestingDepth } from './text';

const DOCS: Record<string, string> = {
  cniVersion:
    "CNI spec version of this config (0.1.0 ... 1.1.0). Chained plugins such as istio-cni need >= 0.3.0 to receive the previous plugin's result; without it plugins assume 0.1.0.",
  name: 'Network name. Must be unique on the host and match `[A-Za-z0-9][A-Za-z0-9_.-]*`. Multus and the standalone istio-cni NetworkAttachmentDefinition look networks up by this name.',
  plugins:
    'The chain: the runtime runs these plugins in order on pod creation (ADD) and in reverse on deletion. The interface plugin (Calico, Cilium, ...) comes first; istio-cni is appended at the end.',
  type: 'Name of the plugin binary in the CNI bin dir (e.g. /opt/cni/bin). If the binary is missing, pod creation fails with `failed to find plugin "<type>" in path`.',
  disableCheck:
    'If true, the runtime never calls CHECK for this network. Must be a boolean or "true"/"false".',
  disableGC: 'If true, the runtime never calls GC for this network. Must be a boolean or "true"/"false".',
  loadOnlyInlinedPlugins: 'libcni 1.3+: load plugins only from `plugins`, not from `<confdir>/<name>/`.',
  cniVersions: 'List of supported spec versions; the runtime picks the highest it supports.',
  capabilities:
    'Runtime capabilities this plugin wants (portMappings, bandwidth, ...); the runtime passes them as `runtimeConfig`.',
  ipam: 'IP address management plugin configuration (`type` plus plugin-specific keys).',
  dns: 'DNS settings the plugin returns for the pod (nameservers, domain, search, options).',
  runtimeConfig: 'Reserved: set by the runtime for each pod. Do not write it in a static config.',
  args: 'Reserved: set by the runtime. Do not write it in a static config.',
  cni_agent_run_dir:
    'istio-cni (1.23+): where the plugin finds `istio-cni-kubeconfig` and the agent socket `pluginevent.sock`; normally /var/run/istio-cni. A mismatch makes pod creation fail.',
  plugin_log_level:
    "istio-cni (1.23+): log level of the plugin (debug, info, warn, error, fatal, none); it inherits the agent's `cni-plugin` scope level.",
  exclude_namespaces:
    'istio-cni: namespaces whose pods the plugin skips (default kube-system). Pods there get no traffic redirection.',
  ambient_enabled:
    'istio-cni: ambient mode is on; the plugin sends pod events to the node agent, which needs a connected ztunnel.',
  pod_namespace:
    'istio-cni (1.24+): namespace of istio-cni-node, so the plugin can skip its own agent pod (prevents the upgrade deadlock of istio/istio#57438).',
  enablement_selectors: 'istio-cni (1.27+): label selectors that enrol pods in ambient mode.',
  native_nftables: 'istio-cni (1.27+): program nftables instead of iptables.',
  enable_ambient_detection_retry: 'istio-cni (1.28+): retry ambient enrolment detection.',
  log_level:
    'Legacy istio-cni (<= 1.22) log level. Its presence (without `cni_agent_run_dir`) marks a pre-1.23 entry that a current plugin cannot use.',
  log_uds_address: 'Legacy istio-cni (<= 1.22): socket the plugin logged to. Pre-1.23 format.',
  kubernetes:
    'Legacy istio-cni (<= 1.22): `kubeconfig`, `cni_bin_dir`, `exclude_namespaces`. The kubeconfig lived at /etc/cni/net.d/ZZZ-istio-cni-kubeconfig.',
  delegates:
    'Multus (thin): inline copies of the networks every pod gets; `delegates[0]` is the cluster network, a verbatim copy of the master file taken when Multus generated this config. istio-cni inside a delegate runs for every pod.',
  clusterNetwork:
    'Multus: the default network, as a NetworkAttachmentDefinition name, a network `name`, a directory (its first file) or a file path. Thick Multus reads the file at ADD time. If it leads back to a Multus config, delegation loops.',
  defaultNetworks: 'Multus: extra networks every pod gets, after the cluster network.',
  confDir:
    'Multus: where it looks up networks by name (default /etc/cni/multus/net.d). The standalone istio-cni config belongs here.',
  readinessindicatorfile:
    'Multus: a file that must exist before Multus serves pods. If istio-cni renames the watched file (X.conf -> X.conflist), every pod creation times out.',
  multusNamespace: 'Multus: namespace for NetworkAttachmentDefinitions without a namespace.',
  systemNamespaces: 'Multus: namespaces that only get the default network.',
};

export interface KeyDoc {
  key: string;
  markdown: string;
  /** Offset and length of the key string under the cursor. */
  offset: number;
  length: number;
}

/** The documentation of the property key at `offset`, if it is a known key. */
export function keyDocAt(text: string, offset: number): KeyDoc | undefined {
  if (text.length > 8 * 1024 * 1024 || nestingDepth(text, MAX_NESTING) > MAX_NESTING) return undefined;
  const loc = getLocation(text, offset);
  const key = loc.path[loc.path.length - 1];
  const node = loc.previousNode;
  if (!loc.isAtPropertyKey || typeof key !== 'string' || !node) return undefined;
  const doc = Object.prototype.hasOwnProperty.call(DOCS, key) ? DOCS[key] : undefined;
  if (!doc) return undefined;
  return { key, markdown: `**\`${key}\`**: ${doc}`, offset: node.offset, length: node.length };
}
