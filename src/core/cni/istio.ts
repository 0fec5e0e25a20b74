/**
 * Recognises istio-cni in CNI configs: current and pre-1.23 entry formats, the standalone
 * (Multus) file and the Istio-owned copy that 1.27+ writes in ambient mode.
 */
import { type ConfigFile, type PluginRef } from './parse';

export const ISTIO_TYPE = 'istio-cni';

export function istioEntries(file: ConfigFile): PluginRef[] {
  return file.plugins.filter((p) => p.type === ISTIO_TYPE);
}

/** A pre-1.23 entry: `log_level` / `log_uds_address` / `kubernetes.kubeconfig`, no `cni_agent_run_dir`. */
export function isLegacyEntry(p: PluginRef): boolean {
  const v = p.value;
  if ('cni_agent_run_dir' in v) return false;
  return 'log_level' in v || 'log_uds_address' in v || 'kubernetes' in v;
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
