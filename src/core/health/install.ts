/**
 * How istio-cni was installed and with which effective settings, read from the istio-cni-node
 * DaemonSet (labels, annotations, ownerReferences, image tag, env, args) and the
 * `istio-cni-config` ConfigMap (facts §B.1, §B.6, §G). The method decides how every fix is
 * worded (installFix.ts); the settings are what the explorer shows and some reasons read.
 */
import { imageTag } from './cniNode';
import type { K8sConfigMap, K8sDaemonSet } from './k8s';

export type InstallMethod = 'helm' | 'istioctl' | 'sail' | 'unknown';

export type RepairMode = 'repairPods' | 'deletePods' | 'labelPods' | 'off';

export interface CniSettings {
  /** `CHAINED_CNI_PLUGIN`: false is the standalone (Multus) mode. */
  chained: boolean | undefined;
  repairMode: RepairMode | undefined;
  excludeNamespaces: string[] | undefined;
  ambient: boolean | undefined;
  /** `CNI_CONF_NAME`; '' when unset (the first valid file, as kubelet picks it). */
  cniConfFileName: string | undefined;
  /** `ISTIO_OWNED_CNI_CONFIG` (1.27+). */
  istioOwnedConfig: boolean | undefined;
  /** `--log_output_level` of install-cni (per scope, e.g. `default:info,cni-plugin:debug`). */
  logLevel: string | undefined;
  /** The plugin's level: the `cni-plugin` scope (1.23+), or `LOG_LEVEL` / `log_level` before. */
  pluginLogLevel: string | undefined;
}

export interface InstallInfo {
  method: InstallMethod;
  /** What told us the method, e.g. `annotation meta.helm.sh/release-name=istio-cni`. */
  methodEvidence: string;
  /** Helm release (Helm and Sail installs). */
  release: { name: string; namespace: string } | undefined;
  /** The owning IstioOperator (istioctl) or IstioCNI (Sail). */
  owner: { kind: string; name: string; namespace: string | undefined } | undefined;
  /** The DaemonSet's namespace. */
  namespace: string;
  /** Istio version `1.26.1` ('' when the image is pinned by digest and nothing else says). */
  version: string;
  /** Where the version came from: `image tag`, `CURRENT_AGENT_VERSION`, a label, or ''. */
  versionSource: string;
  settings: CniSettings;
  /** The install-cni container's args, as deployed (for DaemonSet patches). */
  args: string[];
}

const VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?/;

/** `[major, minor, patch]` of a version string or tag, undefined when it is not one. */
export function parseVersion(v: string | undefined): [number, number, number] | undefined {
  const m = VERSION.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** True when `version` is at least `min` (`1.23`, `1.23.1`); unknown versions count as new. */
export function atLeast(version: string | undefined, min: string): boolean {
  const v = parseVersion(version);
  const m = parseVersion(min);
  if (!v || !m) return true;
  for (let i = 0; i < 3; i++) if ((v[i] ?? 0) !== (m[i] ?? 0)) return (v[i] ?? 0) > (m[i] ?? 0);
  return true;
}

function detectMethod(
  ds: K8sDaemonSet,
): Pick<InstallInfo, 'method' | 'methodEvidence' | 'release' | 'owner'> {
  const meta = ds.metadata ?? {};
  const labels = meta.labels ?? {};
  const ann = meta.annotations ?? {};
  const release = ann['meta.helm.sh/release-name']
    ? {
        name: ann['meta.helm.sh/release-name'],
        namespace: ann['meta.helm.sh/release-namespace'] ?? meta.namespace ?? '',
      }
    : undefined;
  const sailOwner = meta.ownerReferences?.find((o) => o.kind === 'IstioCNI');
  if (sailOwner || labels['managed-by'] === 'sail-operator')
    return {
      method: 'sail',
      methodEvidence: sailOwner
        ? `ownerReference IstioCNI/${sailOwner.name ?? 'default'}`
        : 'label managed-by=sail-operator',
      release,
      owner: { kind: 'IstioCNI', name: sailOwner?.name ?? 'default', namespace: undefined },
    };
  if (
    labels['operator.istio.io/managed'] === 'Reconcile' ||
    labels['operator.istio.io/version'] !== undefined
  ) {
    const name = labels['install.operator.istio.io/owning-resource'];
    return {
      method: 'istioctl',
      methodEvidence: `label operator.istio.io/${labels['operator.istio.io/managed'] ? 'managed=Reconcile' : 'version'}`,
      release: undefined,
      owner:
        name && name !== 'unknown'
          ? {
              kind: 'IstioOperator',
              name,
              namespace: labels['install.operator.istio.io/owning-resource-namespace'] ?? meta.namespace,
            }
          : undefined,
    };
  }
  if (release)
    return {
      method: 'helm',
      methodEvidence: `annotation meta.helm.sh/release-name=${release.name}`,
      release,
      owner: undefined,
    };
  return {
    method: 'unknown',
    methodEvidence:
      labels['app.kubernetes.io/managed-by'] === 'Helm'
        ? 'label app.kubernetes.io/managed-by=Helm only (rendered manifests, no Helm release annotations)'
        : 'no Helm, IstioOperator or Sail markers',
    release: undefined,
    owner: undefined,
  };
}

const bool = (v: string | undefined): boolean | undefined =>
  v === undefined ? undefined : v.trim().toLowerCase() === 'true';

/** The level of one scope in an istio `--log_output_level` value (`default:info,cni-plugin:debug`). */
export function scopeLevel(spec: string | undefined, scope: string): string | undefined {
  if (spec === undefined) return undefined;
  let fallback: string | undefined;
  for (const part of spec.split(',')) {
    const [s, l] = part.includes(':') ? part.split(':', 2) : ['default', part];
    if (s?.trim() === scope) return l?.trim();
    if (s?.trim() === 'default') fallback = l?.trim();
  }
  return fallback;
}

/** Settings from the 1.22 `cni_network_config` JSON template (its placeholders make it not quite JSON). */
function legacyTemplate(text: string | undefined): { logLevel?: string; exclude?: string[] } {
  if (!text) return {};
  const level = /"log_level"\s*:\s*"([^"]*)"/.exec(text)?.[1];
  const ex = /"exclude_namespaces"\s*:\s*\[([^\]]*)\]/.exec(text)?.[1];
  return {
    ...(level !== undefined ? { logLevel: level } : {}),
    ...(ex !== undefined
      ? {
          exclude: ex
            .split(',')
            .map((s) => s.trim().replace(/^"|"$/g, ''))
            .filter(Boolean),
        }
      : {}),
  };
}

export function installInfo(ds: K8sDaemonSet | undefined, cm: K8sConfigMap | undefined): InstallInfo | null {
  if (!ds) return null;
  const container =
    ds.spec?.template?.spec?.containers?.find((c) => c.name === 'install-cni') ??
    ds.spec?.template?.spec?.containers?.[0];
  const env = new Map<string, string>();
  for (const [k, v] of Object.entries(cm?.data ?? {})) if (typeof v === 'string') env.set(k, v.trim());
  // Explicit env entries win over envFrom, as in the kubelet.
  for (const e of container?.env ?? []) if (e.name && e.value !== undefined) env.set(e.name, e.value);
  const args = container?.args ?? [];
  const logArg = args.find((a) => a.startsWith('--log_output_level='));
  const logLevel = logArg ? logArg.slice('--log_output_level='.length) : undefined;
  const legacy = legacyTemplate(cm?.data?.['cni_network_config']);
  const { version, versionSource } = versionOf(ds, env);
  const old = !atLeast(version, '1.23');
  const repairEnabled = bool(env.get('REPAIR_ENABLED'));
  const repairMode: RepairMode | undefined =
    repairEnabled === false
      ? 'off'
      : bool(env.get('REPAIR_REPAIR_PODS'))
        ? 'repairPods'
        : bool(env.get('REPAIR_DELETE_PODS'))
          ? 'deletePods'
          : bool(env.get('REPAIR_LABEL_PODS'))
            ? 'labelPods'
            : env.has('REPAIR_REPAIR_PODS')
              ? 'off'
              : undefined;
  const exclude = env.get('EXCLUDE_NAMESPACES') ?? env.get('EXCLUDED_NAMESPACES');
  return {
    ...detectMethod(ds),
    namespace: ds.metadata?.namespace ?? '',
    version,
    versionSource,
    args,
    settings: {
      chained: bool(env.get('CHAINED_CNI_PLUGIN')),
      repairMode,
      excludeNamespaces:
        exclude !== undefined
          ? exclude
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : legacy.exclude,
      ambient: bool(env.get('AMBIENT_ENABLED')),
      cniConfFileName: env.get('CNI_CONF_NAME') ?? (cm ? '' : undefined),
      istioOwnedConfig: bool(env.get('ISTIO_OWNED_CNI_CONFIG')),
      logLevel,
      pluginLogLevel: old ? (env.get('LOG_LEVEL') ?? legacy.logLevel) : scopeLevel(logLevel, 'cni-plugin'),
    },
  };
}

function versionOf(ds: K8sDaemonSet, env: Map<string, string>): { version: string; versionSource: string } {
  const containers = ds.spec?.template?.spec?.containers ?? [];
  const image = (containers.find((c) => c.name === 'install-cni') ?? containers[0])?.image;
  const candidates: [string | undefined, string][] = [
    [imageTag(image), 'image tag'],
    [env.get('CURRENT_AGENT_VERSION'), 'CURRENT_AGENT_VERSION'],
    [ds.metadata?.labels?.['app.kubernetes.io/version'], 'label app.kubernetes.io/version'],
    [ds.metadata?.labels?.['operator.istio.io/version'], 'label operator.istio.io/version'],
  ];
  for (const [v, source] of candidates) {
    const p = parseVersion(v);
    if (p) return { version: `${p[0]}.${p[1]}.${p[2]}`, versionSource: source };
  }
  return { version: '', versionSource: '' };
}
