/**
 * The CLI's subcommands, each in its own module under ./commands: an option table (`spec`, which
 * `main` parses the arguments against and renders `--help` from) and `run`, which gets the parsed
 * arguments and returns the process exit code.
 */
import { type CommandSpec, type ParsedArgs } from './args';
import { type CliIo } from './io';
import * as diagnose from './commands/diagnose';
import * as lint from './commands/lint';
import * as logs from './commands/logs';

export interface Subcommand {
  readonly spec: CommandSpec;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

export const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = { lint, logs, diagnose };
