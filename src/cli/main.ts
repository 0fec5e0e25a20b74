/**
 * `istio-cni-doctor`: the command-line front door over the same core and cluster code as the
 * extension. Exit codes: 0 nothing wrong found, 1 a problem was found, 2 usage or read error.
 */
import { redactSecrets } from '../core/redact';
import { PRODUCT_VERSION } from '../protocol/messages';
import { type CliIo } from './io';
import { SUBCOMMANDS } from './subcommands';

export const USAGE = `istio-cni-doctor ${PRODUCT_VERSION}: find out why Istio CNI breaks pods

Usage:
  istio-cni-doctor <command> [options]

Commands:
${Object.entries(SUBCOMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`)
  .join('\n')}

Options:
  -h, --help     Show help (also: istio-cni-doctor <command> --help)
  -v, --version  Print the version

Exit codes: 0 nothing wrong, 1 a problem found, 2 usage or read error.
`;

export async function main(argv: string[], rawIo: CliIo): Promise<number> {
  // Whatever reaches stderr (server error bodies, plugin output) passes one redaction.
  const io: CliIo = { ...rawIo, err: (text) => rawIo.err(redactSecrets(text)) };
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.out(USAGE);
    return first === undefined ? 2 : 0;
  }
  if (first === '-v' || first === '--version') {
    io.out(`${PRODUCT_VERSION}\n`);
    return 0;
  }
  const sub = Object.prototype.hasOwnProperty.call(SUBCOMMANDS, first) ? SUBCOMMANDS[first] : undefined;
  if (!sub) {
    io.err(`istio-cni-doctor: unknown command '${first}'. Run 'istio-cni-doctor --help'.\n`);
    return 2;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    io.out(sub.help);
    return 0;
  }
  return sub.run(rest, io);
}
