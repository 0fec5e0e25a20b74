/**
 * The lint settings as the server keeps them, read from their one wire shape
 * (`LintSettingsWire` in src/protocol/messages.ts). Anything malformed keeps the previous value
 * instead of breaking linting.
 */
import { RULES } from '../core/cni/rules/index';
import { type LintOptions } from '../core/cni/lint';
import { SETTING_DEFAULTS, type LintRuleSetting, type LintRuntime } from '../protocol/settings';

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

/** Reads a `LintSettingsWire` that arrived over the wire; every field is checked. */
export function readLintSettings(raw: unknown, previous: LintSettings = DEFAULT_LINT_SETTINGS): LintSettings {
  if (!isRecord(raw)) return previous;
  const enable = raw['lint.enable'];
  const runtime = raw['lint.runtime'];
  const rules = raw['lint.rules'];
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
