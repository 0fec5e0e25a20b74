/** Argument parsing for `istio-cni-doctor diagnose`. */
import { fail, ok, type Result } from '../../core/result';

export interface DiagnoseArgs {
  kubeconfig: string | undefined;
  context: string | undefined;
  snapshot: string | undefined;
  format: 'text' | 'json';
  /** `--request-timeout`: per request (headers, each silence, the whole request); undefined: the client's default. */
  requestTimeoutMs: number | undefined;
  /** `--timeout`: the whole command; 0 means none. */
  timeoutMs: number;
}

/** The default of `--timeout`: a run that has not finished by then exits 2 rather than hang. */
export const DEFAULT_TIMEOUT_MS = 5 * 60_000;

const VALUE_FLAGS = [
  '--kubeconfig',
  '--context',
  '--snapshot',
  '--format',
  '--request-timeout',
  '--timeout',
] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

export function parseDiagnoseArgs(argv: string[]): Result<DiagnoseArgs, string> {
  const args: DiagnoseArgs = {
    kubeconfig: undefined,
    context: undefined,
    snapshot: undefined,
    format: 'text',
    requestTimeoutMs: undefined,
    timeoutMs: DEFAULT_TIMEOUT_MS,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const eq = a.indexOf('=');
    const flag = (eq > 0 ? a.slice(0, eq) : a) as ValueFlag;
    if (!VALUE_FLAGS.includes(flag))
      return fail(a.startsWith('-') ? `unknown option '${a}'` : `unexpected argument '${a}'`);
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') return fail(`${flag} needs a value`);
    if (flag === '--format') {
      if (value !== 'text' && value !== 'json') return fail(`--format must be text or json, not '${value}'`);
      args.format = value;
    } else if (flag === '--request-timeout' || flag === '--timeout') {
      const ms = parseDuration(value);
      if (ms === undefined)
        return fail(`${flag} must be a duration such as 30s, 2m or 1m30s (0 for none), not '${value}'`);
      if (flag === '--timeout') args.timeoutMs = Math.min(ms, MAX_TIMER_MS);
      // 0 is kubectl's "no per-request limit"; the overall --timeout still ends the run.
      else args.requestTimeoutMs = ms === 0 ? MAX_TIMER_MS : Math.min(ms, MAX_TIMER_MS);
    } else args[flag.slice(2) as 'kubeconfig' | 'context' | 'snapshot'] = value;
  }
  if (args.snapshot !== undefined && (args.kubeconfig !== undefined || args.context !== undefined)) {
    return fail('--snapshot reads a saved snapshot; it cannot be combined with --kubeconfig or --context');
  }
  return ok(args);
}

/** setTimeout's ceiling (~24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A kubectl/Go duration ("30s", "1m30s", "500ms", "1.5h") or a bare number of seconds, as
 * kubectl's --request-timeout takes; undefined when it is not one. Scanned piece by piece.
 */
export function parseDuration(text: string): number | undefined {
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  const piece = /(\d{1,9}(?:\.\d{1,9})?)(ms|s|m|h)/y;
  let total = 0;
  let at = 0;
  while (at < text.length) {
    piece.lastIndex = at;
    const m = piece.exec(text);
    if (!m) return undefined;
    total += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? 0);
    at = piece.lastIndex;
  }
  return text.length > 0 ? Math.round(total) : undefined;
}
