/**
 * Recognises istio-cni in CNI configs: current and pre-1.23 entry formats, the standalone
 * (Multus) file and the Istio-owned copy that 1.27+ writes in ambient mode.
 */
import { type ConfigFile, type PluginRef } from './parse';

export const ISTIO_TYPE = 'istio-cni';

export function istioEntries(file: ConfigFile): PluginRef[] {
  return file.plugins.filter((p) => p.type === ISTIO_TYPE);
}

/**
 * An entry without `cni_agent_run_dir`, written by Istio 1.23.0 or older: `log_level` (<= 1.22) or
 * `plugin_log_level` (1.23.0), with `log_uds_address` and `kubernetes.kubeconfig`.
 */
export function isLegacyEntry(p: PluginRef): boolean {
  const v = p.value;
  if ('cni_agent_run_dir' in v) return false;
  return 'log_level' in v || 'log_uds_address' in v || 'kubernetes' in v;
}

/**
 * Which Istio release writes an entry of this shape (istio/istio, `cni/pkg/plugin/plugin.go`
 * `Config` at each tag): `log_level` up to 1.22, `plugin_log_level` with `log_uds_address` and
 * `kubernetes.kubeconfig` in 1.23.0, `cni_agent_run_dir` from 1.23.1.
 */
export type EntryFormat = '<=1.22' | '1.23.0' | '>=1.23.1';

export function entryFormat(p: PluginRef): EntryFormat {
  if (!isLegacyEntry(p)) return '>=1.23.1';
  return 'log_level' in p.value ? '<=1.22' : '1.23.0';
}

/** The entry format the installer of `version` writes, or undefined when the version does not parse. */
export function formatWrittenBy(version: string): EntryFormat | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!m) return undefined;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (major !== 1) return major > 1 ? '>=1.23.1' : '<=1.22';
  if (minor < 23) return '<=1.22';
  if (minor === 23 && patch === 0) return '1.23.0';
  return '>=1.23.1';
}

/** The legacy keys an entry really has, for messages (`plugin_log_level`, `kubernetes.kubeconfig` ...). */
export function legacyKeys(p: PluginRef): string[] {
  const v = p.value;
  const keys = ['log_level', 'plugin_log_level', 'log_uds_address', 'cni_event_address'].filter(
    (k) => k in v,
  );
  const k8s = v.kubernetes;
  if (typeof k8s === 'object' && k8s !== null && 'kubeconfig' in k8s) keys.push('kubernetes.kubeconfig');
  else if ('kubernetes' in v) keys.push('kubernetes');
  return keys;
}

/** The standalone single-plugin file (`YYY-istio-cni.conf`), meant for Multus's confDir. */
export function isStandaloneIstio(file: ConfigFile): boolean {
  return file.kind !== 'conflist' && file.value?.type === ISTIO_TYPE && !Array.isArray(file.value.plugins);
}

/** The Istio-owned copy of the primary config (`02-istio-cni.conflist` or a similar name). */
export function isIstioOwned(file: ConfigFile): boolean {
  return (
    file.kind === 'conflist' &&
    /istio-cni/.test(file.name) &&
    istioEntries(file).length > 0 &&
    file.plugins.length > 1
  );
}

/** Plugin types that set up the pod interface; anything else in a chain is a meta plugin. */
export function nonIstioTypes(file: ConfigFile): string[] {
  return file.plugins.map((p) => p.type).filter((t): t is string => t !== undefined && t !== ISTIO_TYPE);
}
