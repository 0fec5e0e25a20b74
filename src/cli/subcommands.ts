/**
 * The CLI's subcommands, each in its own module under ./commands: an option table (`spec`, which
 * `main` parses the arguments against and renders `--help` from) and `run`, which gets the parsed
 * arguments and returns the process exit code.
 *
 * Only names and one-line summaries are here; a command's module is loaded (`import()`, a chunk
 * of its own in the bundle) when that command runs, so `logs` or `--version` never evaluate
 * `diagnose`'s cluster client (http, https, tls, client-node): that was ~0.5 s of every start-up.
 */
import { type CommandSpec, type ParsedArgs } from './args';
import { type CliIo } from './io';

/** What a command module exports. */
export interface CommandModule {
  readonly spec: CommandSpec;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

export interface Subcommand {
  readonly name: string;
  /** The line in the top-level command list (the same as the module's `spec.summary`). */
  readonly summary: string;
  load(): Promise<CommandModule>;
}

export const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  lint: {
    name: 'lint',
    summary: 'Lint CNI config files and directories (/etc/cni/net.d)',
    load: () => import('./commands/lint.js'),
  },
  logs: {
    name: 'logs',
    summary: 'Explain the Istio CNI lines in log files',
    load: () => import('./commands/logs.js'),
  },
  diagnose: {
    name: 'diagnose',
    summary: 'Report istio-cni health and affected workloads of a cluster or snapshot',
    load: () => import('./commands/diagnose.js'),
  },
};
