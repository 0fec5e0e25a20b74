/**
 * The linter's front door: files of one directory in, sorted findings out. Rules never throw
 * on odd input by design, but a bug in one rule must not hide the others' findings, so each
 * runs in isolation and a failure becomes a finding of its own.
 */
import { buildDirectoryModel, type DirectoryModel } from './model';
import { RULES } from './rules/index';
import { type CniFileInput, type Finding, type Runtime, type Severity } from './types';

export type RuleSetting = Severity | 'off';

export interface LintOptions {
  runtime?: Runtime;
  /** Per-rule severity override or 'off', keyed by rule ID. */
  rules?: Record<string, RuleSetting | undefined>;
  /** The directory's path, so that an empty directory can still be reported. */
  directory?: string;
  /** The Istio version of the node's istio-cni, when known: version-aware rules use it. */
  istioVersion?: string;
}

export function lintDirectory(files: readonly CniFileInput[], options: LintOptions = {}): Finding[] {
  const context = { directory: options.directory, istioVersion: options.istioVersion };
  return lintModel(buildDirectoryModel(files, options.runtime ?? 'containerd', context), options);
}

export function lintModel(model: DirectoryModel, options: LintOptions = {}): Finding[] {
  const out: Finding[] = [];
  for (const rule of RULES) {
    const setting = options.rules?.[rule.id];
    if (setting === 'off') continue;
    let found: Finding[];
    try {
      found = rule.check(model);
    } catch (err) {
      const file = model.candidates[0]?.path ?? model.directory;
      if (!file) continue;
      found = [
        {
          file,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: 'info',
          ruleId: rule.id,
          message: `Internal error in rule ${rule.id}: ${err instanceof Error ? err.message : String(err)}. Please report it.`,
          related: [],
        },
      ];
    }
    for (const f of found) out.push(setting ? { ...f, severity: setting } : f);
  }
  return out.sort(compareFindings);
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

export function ruleById(id: string) {
  return RULES.find((r) => r.id === id);
}
