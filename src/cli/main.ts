/**
 * `istio-cni-doctor`: the command-line front door over the same core and cluster code as the
 * extension. Exit codes: 0 nothing wrong found, 1 a problem was found, 2 usage or read error.
 */
import { redactSecrets } from '../core/redact';
import { PRODUCT_VERSION } from '../protocol/version';
import { helpText, parseCommandArgs, usageErrorText } from './args';
import { type CliIo } from './io';
import { SUBCOMMANDS, type Subcommand } from './subcommands';

const TOP_USAGE = 'Usage: istio-cni-doctor <command> [options]';

export const USAGE = `istio-cni-doctor ${PRODUCT_VERSION}: find out why Istio CNI breaks pods

${TOP_USAGE}

Commands:
${Object.values(SUBCOMMANDS)
  .map((c) => `  ${c.name.padEnd(10)}${c.summary}`)
  .join('\n')}

Options:
  -h, --help     Show help (also: istio-cni-doctor <command> --help)
  -v, --version  Print the version

Exit codes: 0 nothing wrong, 1 a problem found, 2 usage or read error.
`;

function subcommand(name: string): Subcommand | undefined {
  return Object.prototype.hasOwnProperty.call(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
}

export async function main(argv: string[], rawIo: CliIo): Promise<number> {
  // Whatever reaches stderr (server error bodies, plugin output) passes one redaction.
  const io: CliIo = { ...rawIo, err: (text) => rawIo.err(redactSecrets(text)) };
  const [first, ...rest] = argv;
  const helpFor = first === 'help' && rest[0] !== undefined ? subcommand(rest[0]) : undefined;
  if (helpFor) {
    io.out(helpText((await helpFor.load()).spec));
    return 0;
  }
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.out(USAGE);
    return first === undefined ? 2 : 0;
  }
  if (first === '-v' || first === '--version') {
    io.out(`${PRODUCT_VERSION}\n`);
    return 0;
  }
  const sub = subcommand(first);
  if (!sub) {
    const what = first.startsWith('-') ? 'option' : 'command';
    io.err(
      `istio-cni-doctor: unknown ${what} '${first}'\n${TOP_USAGE}\nRun 'istio-cni-doctor --help' for more.\n`,
    );
    return 2;
  }
  const command = await sub.load();
  const parsed = parseCommandArgs(command.spec, rest);
  if (!parsed.ok) {
    io.err(usageErrorText(command.spec, parsed.error));
    return 2;
  }
  if (parsed.value.help) {
    io.out(helpText(command.spec));
    return 0;
  }
  return command.run(parsed.value, io);
}
