/**
 * The CLI's one argument parser: `node:util` `parseArgs` over an option table per subcommand,
 * with one error shape (`UsageError`) for all of them and the usage line and help text rendered
 * from the same table, so a flag cannot be accepted without being documented or vice versa.
 *
 * kubectl conventions: `--flag value` and `--flag=value`, `-o` for `--format`, `--help`/`-h` on
 * every subcommand, `--` ends the options, `-` is an operand (standard input).
 */
import { parseArgs } from 'node:util';
import { fail, ok, type Result } from '../core/result';

/** One option of a subcommand. Every option but `--help` takes a value. */
export interface OptionSpec {
  /** Long name without the dashes. */
  readonly name: string;
  /** One-letter alias, e.g. `o` for `format`. */
  readonly short?: string;
  /** What the value is, shown in usage and help when there are no `choices` (e.g. `FILE`). */
  readonly value?: string;
  /** Allowed values; anything else is a usage error. */
  readonly choices?: readonly string[];
  readonly default?: string;
  /** A flag without a value (`--watch`); its value reads 'true' when given. */
  readonly flag?: boolean;
  /** Options this one cannot be combined with. */
  readonly conflicts?: readonly string[];
  /** Help text; lines after the first are indented under it. */
  readonly help: string;
}

/** A subcommand's arguments: what `--help` shows and what the parser accepts. */
export interface CommandSpec {
  readonly name: string;
  /** One line for the top-level command list. */
  readonly summary: string;
  /** Operands in the usage line, e.g. `<file|dir>...`; absent when the command takes none. */
  readonly operands?: string;
  /** The usage error when `operands` is set and none is given. */
  readonly missingOperands?: string;
  /** The operands may be left out (`diagnose` alone, or `diagnose pod NS/NAME`). */
  readonly operandsOptional?: true;
  readonly options: readonly OptionSpec[];
  /** Paragraphs between the usage line and the options. */
  readonly description: string;
  /** Text after the options: exit codes, references. */
  readonly footer: string;
}

/** The one error shape of every subcommand's arguments; printed by `main` with the usage line. */
export interface UsageError {
  readonly kind: 'usage';
  readonly message: string;
}

export interface ParsedArgs {
  /** Option values by long name, defaults applied; absent when not given and without default. */
  readonly values: Readonly<Record<string, string | undefined>>;
  readonly operands: readonly string[];
  readonly help: boolean;
}

const usage = (message: string): Result<never, UsageError> => fail({ kind: 'usage', message });

const HELP_OPTION = { type: 'boolean', short: 'h' } as const;

/** Parses `argv` (the arguments after the subcommand name) against `spec`. */
export function parseCommandArgs(spec: CommandSpec, argv: readonly string[]): Result<ParsedArgs, UsageError> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: HELP_OPTION };
  for (const o of spec.options)
    options[o.name] = {
      type: o.flag ? 'boolean' : 'string',
      ...(o.short ? { short: o.short } : {}),
    };
  // strict: false so every problem becomes our message, not parseArgs' wording; tokens tell us what was seen.
  const { tokens } = parseArgs({
    args: [...argv],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) {
    return ok({ values: {}, operands: [], help: true });
  }
  const values: Record<string, string | undefined> = {};
  const operands: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') operands.push(t.value);
    if (t.kind !== 'option') continue;
    const o = spec.options.find((x) => x.name === t.name);
    if (!o) return usage(`unknown option '${t.rawName}'`);
    if (o.flag) {
      if (t.value !== undefined) return usage(`--${o.name} takes no value`);
      values[o.name] = 'true';
      continue;
    }
    if (t.value === undefined || t.value === '') return usage(`--${o.name} needs a value`);
    if (o.choices && !o.choices.includes(t.value)) {
      return usage(`--${o.name} must be one of ${o.choices.join(', ')} (got '${t.value}')`);
    }
    values[o.name] = t.value;
  }
  for (const o of spec.options) {
    const clash = o.conflicts?.find((c) => values[c] !== undefined);
    if (values[o.name] !== undefined && clash !== undefined) {
      return usage(`--${o.name} cannot be combined with --${clash}`);
    }
    if (values[o.name] === undefined && o.default !== undefined) values[o.name] = o.default;
  }
  if (spec.operands === undefined && operands[0] !== undefined) {
    return usage(`unexpected argument '${operands[0]}'`);
  }
  if (spec.operands !== undefined && !spec.operandsOptional && operands.length === 0) {
    return usage(spec.missingOperands ?? `no ${spec.operands} given`);
  }
  return ok({ values, operands, help: false });
}

const valueOf = (o: OptionSpec): string =>
  o.flag ? '' : o.choices ? o.choices.join('|') : (o.value ?? 'VALUE');
const optionText = (o: OptionSpec): string => (o.flag ? `--${o.name}` : `--${o.name} ${valueOf(o)}`);

/** `Usage: istio-cni-doctor lint [--format text|json|sarif] ... <file|dir>...` */
export function usageLine(spec: CommandSpec): string {
  const parts = spec.options.map((o) => `[${optionText(o)}]`);
  if (spec.operands !== undefined) parts.push(spec.operands);
  return `Usage: istio-cni-doctor ${spec.name} ${parts.join(' ')}`;
}

/** The `--help` text: usage line, description, the option table, footer. */
export function helpText(spec: CommandSpec): string {
  const heads = spec.options.map((o) => `${o.short ? `-${o.short}, ` : '    '}${optionText(o)}`);
  heads.push('-h, --help');
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  const rows = [...spec.options.map((o) => o.help), 'Show this help'].map((text, i) => {
    const [first = '', ...rest] = text.split('\n');
    const pad = ' '.repeat(width + 2);
    return [`  ${(heads[i] ?? '').padEnd(width)}${first}`, ...rest.map((l) => `${pad}${l}`)].join('\n');
  });
  return `${usageLine(spec)}\n\n${spec.description.trimEnd()}\n\nOptions:\n${rows.join('\n')}\n\n${spec.footer.trimEnd()}\n`;
}

/** What `main` prints on stderr for a usage error: the reason, the usage line, where help is. */
export function usageErrorText(spec: CommandSpec, e: UsageError): string {
  return `istio-cni-doctor ${spec.name}: ${e.message}\n${usageLine(spec)}\nRun 'istio-cni-doctor ${spec.name} --help' for more.\n`;
}
