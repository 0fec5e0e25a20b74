/** The typed arguments of `istio-cni-doctor diagnose`, read from the parsed option table. */
import { fail, ok, type Result } from '../../core/result';
import type { ParsedArgs, UsageError } from '../args';

export interface DiagnoseArgs {
  kubeconfig: string | undefined;
  context: string | undefined;
  snapshot: string | undefined;
  format: 'text' | 'json';
  /** `--request-timeout`: per request (headers, each silence, the whole request); undefined: the client's default. */
  requestTimeoutMs: number | undefined;
  /** `--timeout`: the whole command; 0 means none. With --watch: the first report. */
  timeoutMs: number;
  /** `--watch`: keep watching after the report. */
  watch: boolean;
  /** `--reconnect-timeout`: with --watch, exit 2 after this long without a connection. */
  reconnectTimeoutMs: number;
  /** Read each affected node's istio-cni-node log tail and (live) its net.d through pods/exec. */
  nodeEvidence: boolean;
  /** `diagnose pod NS/NAME`: the one pod to explain. */
  pod: string | undefined;
}

/** setTimeout's ceiling (~24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

export function diagnoseArgs(parsed: ParsedArgs): Result<DiagnoseArgs, UsageError> {
  const { kubeconfig, context, snapshot, format } = parsed.values;
  const durations: Record<'request-timeout' | 'timeout' | 'reconnect-timeout', number | undefined> = {
    'request-timeout': undefined,
    timeout: undefined,
    'reconnect-timeout': undefined,
  };
  for (const flag of ['request-timeout', 'timeout', 'reconnect-timeout'] as const) {
    const text = parsed.values[flag];
    if (text === undefined) continue;
    const ms = parseDuration(text);
    if (ms === undefined)
      return fail({
        kind: 'usage',
        message: `--${flag} must be a duration such as 30s, 2m or 1m30s (0 for none), not '${text}'`,
      });
    durations[flag] = Math.min(ms, MAX_TIMER_MS);
  }
  const request = durations['request-timeout'];
  return ok({
    kubeconfig,
    context,
    snapshot,
    format: format === 'json' ? 'json' : 'text',
    // 0 is kubectl's "no per-request limit"; the overall --timeout still ends the run.
    requestTimeoutMs: request === 0 ? MAX_TIMER_MS : request,
    timeoutMs: durations.timeout ?? 0,
    watch: parsed.values.watch === 'true',
    reconnectTimeoutMs: durations['reconnect-timeout'] || 120_000,
    nodeEvidence: parsed.values['node-evidence'] === 'true',
    pod: parsed.operands[0] === 'pod' ? parsed.operands[1] : undefined,
  });
}

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
