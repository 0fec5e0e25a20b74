/**
 * `istio-cni-doctor logs`: explain the Istio CNI lines in log files. Files are streamed, so any
 * size works in bounded memory. Exit 0: no error-severity finding; 1: at least one; 2: usage or
 * read error (reported on stderr with the path and reason; other files are still scanned).
 */
import { CATALOG, LogMatcher, type LogPattern } from '../../core/logs';
import { type CliIo } from '../io';
import { parseLogsArgs } from '../logs/args';
import { findingWriter } from '../logs/output';
import { loadPatternFile } from '../logs/patternFile';
import { scanSource } from '../logs/scanSource';

export const summary = 'Explain the Istio CNI lines in log files';

export const help = `Usage: istio-cni-doctor logs [--format text|json] [--pattern-file F] <file...|->

Explain the Istio CNI lines in log files: istio-cni-node (console or JSON), istio-validation,
kubelet/containerd journals, 'kubectl describe pod' events and ztunnel. '-' reads standard input.

Options:
  --format text|json   text (default): 'file:line severity pattern-id title: message' per finding;
                       json: {"findings":[{"file","line","severity","pattern","title","message","fields"}]}
  --pattern-file F     JSON array of extra patterns: [{"id","regex","severity","explanation"}]

Only the first 64 KB of a very long line are matched. Pattern docs: docs/patterns.md.
Exit codes: 0 no error-severity finding, 1 at least one, 2 usage or read error.
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseLogsArgs(args);
  if ('error' in parsed) {
    io.err(`istio-cni-doctor logs: ${parsed.error}\n${help}`);
    return 2;
  }
  let extra: readonly LogPattern[] = [];
  if (parsed.patternFile !== undefined) {
    const loaded = await loadPatternFile(parsed.patternFile);
    if ('error' in loaded) {
      io.err(`istio-cni-doctor logs: ${loaded.error}\n`);
      return 2;
    }
    extra = loaded.patterns;
  }
  const matcher = new LogMatcher([...CATALOG, ...extra]);
  const writer = findingWriter(parsed.format, io);
  let errors = 0;
  let readFailed = false;
  for (const file of parsed.files) {
    const outcome = await scanSource(file, io, matcher, (f) => {
      if (f.severity === 'error') errors++;
      writer.write(file, f, matcher.pattern(f.patternId));
    });
    if (!outcome.ok) {
      readFailed = true;
      io.err(`istio-cni-doctor logs: cannot read '${file}': ${outcome.reason}\n`);
    }
  }
  writer.close();
  return readFailed ? 2 : errors > 0 ? 1 : 0;
}
