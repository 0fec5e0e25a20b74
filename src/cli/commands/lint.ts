/**
 * `istio-cni-doctor lint`: lints CNI config files and directories with the same core as the
 * editor. A directory is linted as one CNI config directory; a file is linted in the context
 * of its siblings and only its own findings are printed.
 */
import { lintDirectory } from '../../core/cni/lint';
import { RULES } from '../../core/cni/rules/index';
import { RUNTIMES, type Finding, type Runtime } from '../../core/cni/types';
import { type CliIo } from '../io';
import { formatJson, formatSarif, formatText, type OutputFormat } from '../lint/formats';
import { readTargets } from '../lint/readTargets';

export const summary = 'Lint CNI config files and directories (/etc/cni/net.d)';

export const help = `Usage: istio-cni-doctor lint [--format text|json|sarif] [--runtime containerd|cri-o] <file|dir>...

Lint CNI config files and directories (/etc/cni/net.d) for problems that break pods with
istio-cni: istio-cni chained into the wrong file or twice (Multus + Calico/Kube-OVN), circular
Multus delegation, files that make containerd refuse the directory, invalid JSON and more.

A directory is linted as one CNI config directory. A file is linted in the context of the
other files in its directory (they decide which file the runtime uses); only its findings are
printed.

Options:
  --format text|json|sarif   Output format (default: text, "file:line:col severity rule message")
  --runtime containerd|cri-o Container runtime of the node (default: containerd). containerd
                             refuses the whole directory on an invalid file, CRI-O skips it.

Exit codes: 0 no error-severity finding, 1 an error was found, 2 usage or read error.
Rule reference: docs/rules.md
`;

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

interface Parsed {
  format: OutputFormat;
  runtime: Runtime;
  paths: string[];
}

function parseArgs(args: string[]): Parsed | string {
  const out: Parsed = { format: 'text', runtime: 'containerd', paths: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      out.paths.push(...args.slice(i + 1));
      break;
    }
    const m = /^--(format|runtime)(?:=(.*))?$/.exec(arg);
    if (m) {
      const value = m[2] ?? args[++i];
      if (m[1] === 'format') {
        if (!FORMATS.includes(value as OutputFormat))
          return `--format must be one of ${FORMATS.join(', ')} (got ${value ?? 'nothing'})`;
        out.format = value as OutputFormat;
      } else {
        if (!RUNTIMES.includes(value as Runtime))
          return `--runtime must be one of ${RUNTIMES.join(', ')} (got ${value ?? 'nothing'})`;
        out.runtime = value as Runtime;
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unknown option '${arg}'`;
    } else {
      out.paths.push(arg);
    }
  }
  if (out.paths.length === 0) return 'no file or directory given';
  return out;
}

export function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.err(
      `istio-cni-doctor lint: ${parsed}\nUsage: istio-cni-doctor lint [--format text|json|sarif] [--runtime containerd|cri-o] <file|dir>...\n`,
    );
    return Promise.resolve(2);
  }
  const { groups, errors } = readTargets(parsed.paths);
  const findings: Finding[] = [];
  for (const g of groups) {
    const found = lintDirectory(g.files, {
      runtime: parsed.runtime,
      ...(g.directory !== undefined ? { directory: g.directory } : {}),
    });
    findings.push(...(g.report ? found.filter((f) => g.report?.has(f.file)) : found));
  }
  for (const e of errors) io.err(`istio-cni-doctor lint: ${e}\n`);
  io.out(
    parsed.format === 'json'
      ? formatJson(findings)
      : parsed.format === 'sarif'
        ? formatSarif(findings, RULES)
        : formatText(findings),
  );
  if (errors.length > 0) return Promise.resolve(2);
  return Promise.resolve(findings.some((f) => f.severity === 'error') ? 1 : 0);
}
