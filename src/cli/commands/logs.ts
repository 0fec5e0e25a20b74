/**
 * `istio-cni-doctor logs`: explain the Istio CNI lines in log files. Files are streamed, so any
 * size works in bounded memory. Exit 0: no error-severity finding; 1: at least one; 2: usage or
 * read error (reported on stderr with the path and reason; other files are still scanned).
 */
import { CATALOG, LogMatcher, type LogPattern } from '../../core/logs';
import { type CommandSpec, type ParsedArgs } from '../args';
import { type CliIo } from '../io';
import { findingWriter, type LogsFormat } from '../logs/output';
import { loadPatternFile } from '../logs/patternFile';
import { scanSource } from '../logs/scanSource';

export const spec: CommandSpec = {
  name: 'logs',
  summary: 'Explain the Istio CNI lines in log files',
  operands: '<file...|->',
  missingOperands: "no log file given (use '-' for standard input)",
  description: `Explain the Istio CNI lines in log files: istio-cni-node (console or JSON), istio-validation,
kubelet/containerd journals, 'kubectl describe pod' events and ztunnel. '-' reads standard input.`,
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
      help: 'JSON array of extra patterns: [{"id","regex","severity","explanation"}]',
    },
  ],
  footer: `Only the first 64 KB of a very long line are matched. Pattern docs: docs/patterns.md.
Exit codes: 0 no error-severity finding, 1 at least one, 2 usage or read error.`,
};

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const patternFile = args.values['pattern-file'];
  let extra: readonly LogPattern[] = [];
  if (patternFile !== undefined) {
    const loaded = await loadPatternFile(patternFile);
    if ('error' in loaded) {
      io.err(`istio-cni-doctor logs: ${loaded.error}\n`);
      return 2;
    }
    extra = loaded.patterns;
  }
  const matcher = new LogMatcher([...CATALOG, ...extra]);
  const writer = findingWriter(args.values.format as LogsFormat, io);
  let errors = 0;
  let readFailed = false;
  for (const file of args.operands) {
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
