/**
 * The lint settings as the server sees them. Clients send them in different shapes: the flat
 * table of src/protocol/settings.ts in initializationOptions, or the nested configuration
 * section (`{ istioCniDoctor: { lint: {...} } }`) in workspace/didChangeConfiguration. Anything
 * malformed falls back to the defaults instead of breaking linting.
 */
import { RULES } from '../core/cni/rules/index';
import { type LintOptions } from '../core/cni/lint';
import {
  SETTING_DEFAULTS,
  SETTINGS_SECTION,
  type LintRuleSetting,
  type LintRuntime,
} from '../protocol/settings';

export interface LintSettings {
  enable: boolean;
  runtime: LintRuntime;
  rules: Record<string, LintRuleSetting>;
}

export const DEFAULT_LINT_SETTINGS: LintSettings = {
  enable: SETTING_DEFAULTS['lint.enable'],
  runtime: SETTING_DEFAULTS['lint.runtime'],
  rules: SETTING_DEFAULTS['lint.rules'],
};

const RULE_SETTINGS: readonly string[] = ['error', 'warning', 'info', 'off'];
const RULE_IDS = new Set(RULES.map((r) => r.id));

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Finds the lint values in any of the shapes clients send; undefined when there are none. */
export function readLintSettings(raw: unknown, previous: LintSettings = DEFAULT_LINT_SETTINGS): LintSettings {
  if (!isRecord(raw)) return previous;
  const root = isRecord(raw[SETTINGS_SECTION]) ? raw[SETTINGS_SECTION] : raw;
  const nested = isRecord(root.lint) ? root.lint : undefined;
  const pick = (key: string): unknown => (nested ? nested[key] : root[`lint.${key}`]);
  const enable = pick('enable');
  const runtime = pick('runtime');
  const rules = pick('rules');
  const cleanRules: Record<string, LintRuleSetting> = {};
  if (isRecord(rules)) {
    for (const [id, value] of Object.entries(rules)) {
      if (RULE_IDS.has(id) && typeof value === 'string' && RULE_SETTINGS.includes(value))
        cleanRules[id] = value as LintRuleSetting;
    }
  }
  return {
    enable: typeof enable === 'boolean' ? enable : previous.enable,
    runtime: runtime === 'containerd' || runtime === 'cri-o' ? runtime : previous.runtime,
    rules: isRecord(rules) ? cleanRules : previous.rules,
  };
}

export function lintOptions(s: LintSettings): LintOptions {
  return { runtime: s.runtime, rules: s.rules };
}
