/**
 * User-defined patterns from settings or a --pattern-file: `{id, regex, severity, explanation}`.
 * Validation only checks shape and syntax and rejects the obviously catastrophic shapes (nested
 * quantifiers, backreferences); it cannot prove a regex safe, so the extension still runs user
 * patterns in a worker with a time budget.
 */
import { catalogPattern } from './catalog/index';
import { addContextFields, fieldsFromGroups } from './fields';
import { parseLogLine } from './lineReader';
import { type Finding, type LogPattern, type Severity } from './types';

const MAX_MESSAGE = 1000;

export interface UserPatternProblem {
  /** Index in the input array, or -1 for the whole input. */
  index: number;
  id?: string;
  message: string;
}

export interface UserPatternResult {
  patterns: LogPattern[];
  problems: UserPatternProblem[];
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SEVERITIES: ReadonlySet<string> = new Set<Severity>(['error', 'warning', 'info']);
const MAX_REGEX = 1000;
const MAX_PATTERNS = 200;
/** A group that contains a quantifier and is itself quantified: `(a+)+`, `(\w*x)*`, `(a|aa){2,}`. */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})/;
const BACKREFERENCE = /\\[1-9]|\\k</;

/** Validates raw user patterns (parsed JSON or settings value). Invalid entries are reported and dropped. */
export function validateUserPatterns(input: unknown): UserPatternResult {
  const result: UserPatternResult = { patterns: [], problems: [] };
  if (input === undefined || input === null) return result;
  if (!Array.isArray(input)) {
    result.problems.push({
      index: -1,
      message: 'User patterns must be an array of {id, regex, severity, explanation} objects.',
    });
    return result;
  }
  if (input.length > MAX_PATTERNS) {
    result.problems.push({
      index: -1,
      message: `Only the first ${MAX_PATTERNS} user patterns are used (${input.length} given).`,
    });
  }
  const seen = new Set<string>();
  input.slice(0, MAX_PATTERNS).forEach((raw: unknown, index) => {
    const checked = validateOne(raw, seen);
    if (typeof checked === 'string') {
      const id = isRecord(raw) && typeof raw.id === 'string' ? raw.id : undefined;
      result.problems.push({ index, ...(id !== undefined ? { id } : {}), message: checked });
    } else {
      seen.add(checked.id);
      result.patterns.push(checked);
    }
  });
  return result;
}

function validateOne(raw: unknown, seen: ReadonlySet<string>): LogPattern | string {
  if (!isRecord(raw)) return 'Each user pattern must be an object with id, regex, severity and explanation.';
  const { id, regex, severity, explanation, title } = raw;
  if (typeof id !== 'string' || !ID.test(id))
    return 'id must be kebab-case (lowercase letters, digits and dashes), e.g. "my-timeout".';
  if (catalogPattern(id)) return `id "${id}" is already used by a built-in pattern.`;
  if (seen.has(id)) return `id "${id}" is used twice.`;
  if (typeof regex !== 'string' || regex.length === 0) return `${id}: regex must be a non-empty string.`;
  if (regex.length > MAX_REGEX) return `${id}: regex is longer than ${MAX_REGEX} characters.`;
  if (severity !== undefined && (typeof severity !== 'string' || !SEVERITIES.has(severity))) {
    return `${id}: severity must be "error", "warning" or "info".`;
  }
  if (explanation !== undefined && typeof explanation !== 'string')
    return `${id}: explanation must be a string.`;
  let compiled: RegExp;
  try {
    compiled = new RegExp(regex);
  } catch (e) {
    return `${id}: invalid regular expression: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (compiled.test('')) return `${id}: regex matches the empty string, so it would match every line.`;
  if (NESTED_QUANTIFIER.test(regex))
    return `${id}: regex has a quantified group containing a quantifier (like (a+)+), which can take exponential time.`;
  if (BACKREFERENCE.test(regex))
    return `${id}: backreferences are not allowed in user patterns (they can take exponential time).`;
  const text = typeof explanation === 'string' ? explanation : '';
  return {
    id,
    severity: (severity as Severity | undefined) ?? 'warning',
    category: 'user',
    title: typeof title === 'string' && title ? title : text.split(/[.\n]/, 1)[0] || id,
    meaning: text,
    cause: '',
    fix: '',
    link: '',
    versions: 'all',
    source: 'agent',
    literals: [],
    regex: compiled,
    fields: [],
    examples: [],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Per-line time budget of a user pattern, in the CLI and the extension: a line that keeps one
 * pattern busy longer than this switches the pattern off (a linear regex takes ~1 ms on the
 * longest line matched, MAX_LINE_SCAN characters).
 */
export const USER_PATTERN_LINE_BUDGET_MS = 250;

/** A user pattern's match found elsewhere (in a worker), as a finding: no regex runs here. */
export function userPatternFinding(
  pattern: LogPattern,
  line: string,
  lineNumber: number,
  index: number,
  length: number,
  groups: Record<string, string | undefined> | undefined,
): Finding {
  const record = parseLogLine(line);
  const fields = addContextFields(fieldsFromGroups(groups), line, record);
  const message = record.message || line;
  return {
    line: lineNumber,
    startColumn: index,
    endColumn: Math.max(index + length, Math.min(index + 1, line.length)),
    patternId: pattern.id,
    severity: pattern.severity,
    fields,
    message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message,
    also: [],
  };
}
