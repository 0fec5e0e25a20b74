/**
 * Counts findings for the one-line summary at the top of a log ("3 validation failures,
 * 1 repair, 2 sandbox failures") and for the CLI.
 */
import { type Category, type Finding, type LogPattern, type Severity } from './types';

const CATEGORY_NOUNS: Record<Category, [singular: string, plural: string]> = {
  validation: ['validation failure', 'validation failures'],
  repair: ['repair', 'repairs'],
  sandbox: ['sandbox failure', 'sandbox failures'],
  node: ['node network problem', 'node network problems'],
  config: ['CNI config problem', 'CNI config problems'],
  ambient: ['ambient problem', 'ambient problems'],
  plugin: ['plugin error', 'plugin errors'],
  multus: ['Multus problem', 'Multus problems'],
  user: ['user pattern match', 'user pattern matches'],
};

/** Summary order: what users look at first. */
const CATEGORY_ORDER: readonly Category[] = [
  'validation',
  'repair',
  'sandbox',
  'ambient',
  'plugin',
  'config',
  'multus',
  'node',
  'user',
];

export interface LogSummary {
  total: number;
  bySeverity: Record<Severity, number>;
  byPattern: Record<string, number>;
  byCategory: Partial<Record<Category, number>>;
  /** "3 validation failures, 1 repair, 2 sandbox failures", or "No Istio CNI problems found". */
  text: string;
}

/**
 * Counts `findings`; `lookup` maps a pattern ID to its pattern (a matcher's `pattern` method).
 * Findings of unknown patterns count under `user`.
 */
export function summarize(
  findings: Iterable<Finding>,
  lookup: (id: string) => LogPattern | undefined,
): LogSummary {
  const summary: LogSummary = {
    total: 0,
    bySeverity: { error: 0, warning: 0, info: 0 },
    byPattern: {},
    byCategory: {},
    text: '',
  };
  for (const f of findings) addToSummary(summary, f, lookup(f.patternId)?.category ?? 'user');
  summary.text = summaryText(summary);
  return summary;
}

/** Adds one finding to a running summary (for streams); call `summaryText` at the end. */
export function addToSummary(summary: LogSummary, finding: Finding, category: Category): void {
  summary.total++;
  summary.bySeverity[finding.severity]++;
  summary.byPattern[finding.patternId] = (summary.byPattern[finding.patternId] ?? 0) + 1;
  summary.byCategory[category] = (summary.byCategory[category] ?? 0) + 1;
}

export function summaryText(summary: LogSummary): string {
  const parts: string[] = [];
  for (const category of CATEGORY_ORDER) {
    const n = summary.byCategory[category];
    if (!n) continue;
    const [one, many] = CATEGORY_NOUNS[category];
    parts.push(`${n} ${n === 1 ? one : many}`);
  }
  return parts.length > 0 ? parts.join(', ') : 'No Istio CNI problems found';
}
