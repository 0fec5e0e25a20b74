/**
 * The CLI's subcommands, each in its own module under ./commands. A subcommand parses its
 * own arguments and returns the process exit code.
 */
import { type CliIo } from './io';
import * as diagnose from './commands/diagnose';
import * as lint from './commands/lint';
import * as logs from './commands/logs';

export interface Subcommand {
  summary: string;
  help: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export const SUBCOMMANDS: Record<string, Subcommand> = { lint, logs, diagnose };
