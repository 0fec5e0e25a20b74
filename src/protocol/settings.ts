/**
 * The settings the extension contributes, with their types and defaults. The extension reads
 * them through one typed reader built on this table, the server receives the same shape, and a
 * unit test checks that package.json contributes exactly these keys with these defaults.
 */

/** The container runtime whose CNI loading rules the linter applies. */
export type LintRuntime = 'containerd' | 'cri-o';

/** A per-rule override of the CNI lint severity, or 'off'. */
export type LintRuleSetting = 'error' | 'warning' | 'info' | 'off';

export interface Settings {
  'lint.enable': boolean;
  'lint.runtime': LintRuntime;
  /** Rule ID -> severity or 'off' (docs/rules.md lists the IDs). */
  'lint.rules': Record<string, LintRuleSetting>;
  'logs.enable': boolean;
  /** Raw user patterns `{id, regex, severity, explanation}`; validated by core/logs. */
  'logs.userPatterns': unknown[];
  'logs.maxDecorations': number;
  'logs.showInProblems': boolean;
  /** Kubeconfig file for the explorer; '' means KUBECONFIG or ~/.kube/config, like kubectl. */
  'cluster.kubeconfig': string;
  /** Context for the explorer; '' means the kubeconfig's current-context. */
  'cluster.context': string;
  /** Seconds allowed per request to the API server (headers, each silence, a whole list page). */
  'cluster.requestTimeoutSeconds': number;
}

export const SETTINGS_SECTION = 'istioCniDoctor';

export const SETTING_DEFAULTS: Settings = {
  'lint.enable': true,
  'lint.runtime': 'containerd',
  'lint.rules': {},
  'logs.enable': true,
  'logs.userPatterns': [],
  'logs.maxDecorations': 5000,
  'logs.showInProblems': false,
  'cluster.kubeconfig': '',
  'cluster.context': '',
  'cluster.requestTimeoutSeconds': 15,
};

export type SettingKey = keyof Settings;

export const SETTING_KEYS = Object.keys(SETTING_DEFAULTS) as SettingKey[];
