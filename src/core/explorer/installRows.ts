/**
 * The DaemonSet row's children: how istio-cni was installed and its effective settings (one row
 * each, the source in the tooltip), and the "Raise the CNI log level" action row whose tooltip
 * previews the change in the install's own terms.
 */
import type { HealthModel } from '../health/model';
import { settingLines } from '../health/installText';
import { COLORS, type ExplorerItem } from './item';
import { escapeMarkdown as md } from './markdown';
import { fitDescription } from './rowText';

const METHOD = {
  helm: 'Helm',
  istioctl: 'istioctl',
  sail: 'Sail operator',
  unknown: 'no install marker',
} as const;

/** `Helm · Istio 1.26.1`: the method and version; the release or owner is in the tooltip. */
function installShort(install: NonNullable<HealthModel['install']>): string {
  return fitDescription([METHOD[install.method], install.version && `Istio ${install.version}`]);
}

export function installRows(model: HealthModel): ExplorerItem[] {
  const install = model.install;
  if (!install) return [];
  const rows: ExplorerItem[] = settingLines(install).map((l) => ({
    id: `daemonset/setting/${l.label}`,
    kind: 'hint',
    label: l.label,
    description: l.label === 'Install' ? installShort(install) : fitDescription([l.short ?? l.value]),
    tooltip: `**${md(l.label)}**: ${md(l.value)}\n\nRead from ${md(l.source)}.`,
    icon: l.label === 'Install' ? 'package' : 'settings-gear',
    color: undefined,
    contextValue: 'setting',
    collapsible: 'none',
    children: [],
    target: {},
  }));
  const fix = model.logLevelFix;
  if (fix)
    rows.push({
      id: 'daemonset/action/logLevel',
      kind: 'hint',
      label: 'Raise the CNI log level',
      description: 'preview the change',
      tooltip:
        `**Raise the CNI log level** (the troubleshooting guide's first step): ${md(fix.summary)}\n\n` +
        '```yaml\n' +
        fix.snippet +
        '\n```\n\n`' +
        fix.command.replace(/`/g, "'") +
        '`',
      icon: 'debug-console',
      color: COLORS.info,
      contextValue: 'action.logLevel',
      collapsible: 'none',
      children: [],
      target: {},
    });
  return rows;
}
