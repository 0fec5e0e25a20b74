/**
 * `istio-cni-doctor lint`: lints CNI config files and directories with the same core as the
 * editor. A directory is linted as one CNI config directory; a file is linted in the context
 * of its siblings and only its own findings are printed.
 */
import { lintDirectory } from '../../core/cni/lint';
import { RULES } from '../../core/cni/rules/index';
import { RUNTIMES, type Finding, type Runtime } from '../../core/cni/types';
import { type CommandSpec, type ParsedArgs } from '../args';
import { type CliIo } from '../io';
import { formatJson, formatSarif, formatText, type OutputFormat } from '../lint/formats';
import { readTargets } from '../lint/readTargets';

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export const spec: CommandSpec = {
  name: 'lint',
  summary: 'Lint CNI config files and directories (/etc/cni/net.d)',
  operands: '<file|dir>...',
  missingOperands: 'no file or directory given',
  description: `Lint CNI config files and directories (/etc/cni/net.d) for problems that break pods with
istio-cni: istio-cni chained into the wrong file or twice (Multus + Calico/Kube-OVN), circular
Multus delegation, files that make containerd refuse the directory, invalid JSON and more.

A directory is linted as one CNI config directory. A file is linted in the context of the
other files in its directory (they decide which file the runtime uses); only its findings are
printed.`,
  options: [
    {
      name: 'format',
      short: 'o',
      choices: FORMATS,
      default: 'text',
      help: 'Output format (default: text, "file:line:col severity rule message")',
    },
    {
      name: 'runtime',
      choices: RUNTIMES,
      default: 'containerd',
      help: 'Container runtime of the node (default: containerd). containerd\nrefuses the whole directory on an invalid file, CRI-O skips it.',
    },
    {
      name: 'istio-version',
      value: 'VERSION',
      help: "The node's Istio (istio-cni) version, e.g. 1.23.0. Version-aware rules\nuse it: an entry in the format that release writes is not reported.",
    },
  ],
  footer: `Exit codes: 0 no error-severity finding, 1 an error was found, 2 usage or read error.
Rule reference: docs/rules.md`,
};

export function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const format = args.values.format as OutputFormat;
  const runtime = args.values.runtime as Runtime;
  const istioVersion = args.values['istio-version'];
  if (istioVersion !== undefined && !/^v?\d+\.\d+(\.\d+)?([-+.][0-9A-Za-z.-]*)?$/.test(istioVersion)) {
    io.err(
      `istio-cni-doctor lint: --istio-version must look like 1.23.0 (got ${JSON.stringify(istioVersion.slice(0, 40))})\n`,
    );
    return Promise.resolve(2);
  }
  const { groups, errors } = readTargets([...args.operands]);
  const findings: Finding[] = [];
  for (const g of groups) {
    const found = lintDirectory(g.files, {
      runtime,
      ...(g.directory !== undefined ? { directory: g.directory } : {}),
      ...(istioVersion !== undefined ? { istioVersion } : {}),
    });
    findings.push(...(g.report ? found.filter((f) => g.report?.has(f.file)) : found));
  }
  for (const e of errors) io.err(`istio-cni-doctor lint: ${e}\n`);
  io.out(
    format === 'json'
      ? formatJson(findings)
      : format === 'sarif'
        ? formatSarif(findings, RULES)
        : formatText(findings),
  );
  if (errors.length > 0) return Promise.resolve(2);
  return Promise.resolve(findings.some((f) => f.severity === 'error') ? 1 : 0);
}
