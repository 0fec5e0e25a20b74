/**
 * `istio-cni-doctor logs`: explain the Istio CNI lines in log files. Files are streamed, so any
 * size works in bounded memory; `.gz` and UTF-16 files are read too. Exit 0: no error-severity
 * finding; 1: at least one; 2: usage or read error, or a user pattern had to be switched off
 * (reported on stderr; the other files and patterns are still scanned).
 */
import { CATALOG, LogMatcher, type LogPattern, USER_PATTERN_LINE_BUDGET_MS } from '../../core/logs';
import { type CommandSpec, type ParsedArgs } from '../args';
import { type CliIo } from '../io';
import { findingWriter, type LogsFormat } from '../logs/output';
import { scanSource } from '../logs/scanSource';

export const spec: CommandSpec = {
  name: 'logs',
  summary: 'Explain the Istio CNI lines in log files',
  operands: '<file...|->',
  missingOperands: "no log file given (use '-' for standard input)",
  description: `Explain the Istio CNI lines in log files: istio-cni-node (console or JSON), istio-validation,
kubelet/containerd journals, 'kubectl describe pod' events and ztunnel. '-' reads standard input.
Gzip-compressed and UTF-16 logs are decompressed and decoded (recognised by content, not name).`,
  options: [
    {
      name: 'format',
      short: 'o',
      choices: ['text', 'json'],
      default: 'text',
      help: `text (default): 'file:line severity pattern-id title: message' per finding;
json: {"findings":[{"file","line","severity","pattern","title","message","fields"}]}`,
    },
    {
      name: 'pattern-file',
      value: 'FILE',
      help: `JSON array of extra patterns: [{"id","regex","severity","explanation"}]; a pattern
that spends over ${USER_PATTERN_LINE_BUDGET_MS} ms on one line is switched off (exit 2)`,
    },
  ],
  footer: `Only the first 64 KB of a very long line are matched. Pattern docs: docs/patterns.md.
Exit codes: 0 no error-severity finding, 1 at least one, 2 usage or read error.`,
};

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const patternFile = args.values['pattern-file'];
  let extra: readonly LogPattern[] = [];
  // Pattern files and their worker are loaded only when asked for: their modules (fs/promises,
  // worker_threads) with zlib were ~2 ms of every start-up (61 runs, logs on an empty file).
  if (patternFile !== undefined) {
    const { loadPatternFile } = await import('../logs/patternFile.js');
    const loaded = await loadPatternFile(patternFile);
    if ('error' in loaded) {
      io.err(`istio-cni-doctor logs: ${loaded.error}\n`);
      return 2;
    }
    extra = loaded.patterns;
  }
  const matcher = new LogMatcher(CATALOG);
  const patterns = new Map<string, LogPattern>(extra.map((p) => [p.id, p]));
  const writer = findingWriter(args.values.format as LogsFormat, io);
  let file = '';
  const UserPatternRunner =
    extra.length > 0 ? (await import('../logs/userPatternRunner.js')).UserPatternRunner : undefined;
  const user = UserPatternRunner
    ? new UserPatternRunner(extra, (p, line, budget) => {
        writer.flush();
        io.err(
          `istio-cni-doctor logs: user pattern "${p.id}" took over ${budget} ms on line ${line + 1} of '${file}' and was switched off; the other patterns keep running. Simplify its regex (no nested or overlapping quantifiers such as (a+)+, (a|a)* or a*a*b).\n`,
        );
      })
    : undefined;
  let errors = 0;
  let readFailed = false;
  try {
    for (file of args.operands) {
      const outcome = await scanSource(file, io, matcher, {
        onFinding: (f) => {
          if (f.severity === 'error') errors++;
          writer.write(file, f, matcher.pattern(f.patternId) ?? patterns.get(f.patternId));
        },
        onSkip: (line, reason) => {
          writer.flush();
          io.err(
            `istio-cni-doctor logs: ${file}:${line + 1}: line skipped (${reason}); the rest of the file is scanned\n`,
          );
        },
        ...(io.progress
          ? { onProgress: (read: number, total?: number) => io.progress?.(progressText(file, read, total)) }
          : {}),
        ...(user ? { userPatterns: (text: string, first: number) => user.scan(text, first) } : {}),
      });
      io.progress?.('');
      writer.flush();
      if (outcome.kind.includes('utf-16le') || outcome.kind.includes('utf-16be'))
        io.err(
          `istio-cni-doctor logs: note: '${file}' is ${outcome.kind.filter((k) => k !== 'gzip').join('')} text; decoded\n`,
        );
      if (!outcome.ok) {
        readFailed = true;
        io.err(`istio-cni-doctor logs: cannot read '${file}': ${outcome.reason}\n`);
      }
    }
  } finally {
    user?.close();
  }
  writer.close();
  if (user && user.switchedOff.length > 0) readFailed = true;
  return readFailed ? 2 : errors > 0 ? 1 : 0;
}

function progressText(file: string, read: number, total: number | undefined): string {
  const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
  return `logs: ${file} ${mb(read)}${total !== undefined ? ` of ${mb(total)}` : ''}`;
}
