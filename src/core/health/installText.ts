/**
 * The install method and effective settings as short labelled lines, the same in the CLI report
 * and the explorer's Install rows.
 */
import { atLeast, type InstallInfo } from './install';

export interface SettingLine {
  /** Label: `Chained`, `Repair`, ... */
  label: string;
  value: string;
  /** A shorter value for a tree row (at most 30 characters) when `value` is longer. */
  short?: string;
  /** Where it was read from (tooltips): ConfigMap key, DaemonSet arg. */
  source: string;
}

const METHOD: Record<InstallInfo['method'], string> = {
  helm: 'Helm',
  istioctl: 'istioctl (IstioOperator)',
  sail: 'Sail operator (IstioCNI)',
  unknown: 'unknown (no install marker)',
};

/** `Helm release istio-cni in istio-system, Istio 1.26.1`. */
export function describeInstallMethod(i: InstallInfo): string {
  const who =
    i.method === 'helm' && i.release
      ? `Helm release ${i.release.name} in ${i.release.namespace}`
      : i.owner
        ? `${METHOD[i.method]}: ${i.owner.kind}/${i.owner.name}`
        : METHOD[i.method];
  return `${who}, Istio ${i.version || 'version unknown (image pinned by digest)'}`;
}

const onOff = (v: boolean | undefined, on: string, off: string): string =>
  v === undefined ? 'unknown' : v ? on : off;

export function settingLines(i: InstallInfo): SettingLine[] {
  const s = i.settings;
  const plugin = atLeast(i.version, '1.23')
    ? 'cni-plugin scope of --log_output_level'
    : 'LOG_LEVEL / log_level';
  return [
    {
      label: 'Install',
      value: describeInstallMethod(i),
      source: `${i.methodEvidence}; version from ${i.versionSource || 'nothing'}`,
    },
    {
      label: 'Mode',
      value: onOff(s.chained, 'chained into the primary CNI config', 'standalone (Multus)'),
      short: onOff(s.chained, 'chained', 'standalone (Multus)'),
      source: 'CHAINED_CNI_PLUGIN',
    },
    {
      label: 'Repair',
      value: s.repairMode ?? 'unknown',
      source: 'REPAIR_ENABLED, REPAIR_REPAIR_PODS, REPAIR_DELETE_PODS, REPAIR_LABEL_PODS',
    },
    {
      label: 'Excluded namespaces',
      value: s.excludeNamespaces ? s.excludeNamespaces.join(', ') || 'none' : 'unknown',
      source: 'EXCLUDE_NAMESPACES',
    },
    { label: 'Ambient', value: onOff(s.ambient, 'enabled', 'off'), source: 'AMBIENT_ENABLED' },
    {
      label: 'cniConfFileName',
      value:
        s.cniConfFileName === undefined
          ? 'unknown'
          : s.cniConfFileName || '(first valid file, as kubelet picks it)',
      ...(s.cniConfFileName === '' ? { short: '(first valid file)' } : {}),
      source: 'CNI_CONF_NAME',
    },
    ...(s.istioOwnedConfig !== undefined
      ? [
          {
            label: 'Istio-owned config',
            value: onOff(s.istioOwnedConfig, 'on', 'off'),
            source: 'ISTIO_OWNED_CNI_CONFIG',
          },
        ]
      : []),
    { label: 'Agent log level', value: s.logLevel ?? 'default (info)', source: '--log_output_level' },
    { label: 'Plugin log level', value: s.pluginLogLevel ?? 'default', source: plugin },
  ];
}
