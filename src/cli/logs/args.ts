/** Argument parsing for `istio-cni-doctor logs`. Errors are values so `run` can print and exit 2. */

export type LogsFormat = 'text' | 'json';

export interface LogsArgs {
  format: LogsFormat;
  patternFile?: string;
  /** Paths; `-` is standard input. */
  files: string[];
}

export function parseLogsArgs(args: readonly string[]): LogsArgs | { error: string } {
  const parsed: LogsArgs = { format: 'text', files: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    if (flag === '--format' || flag === '--pattern-file') {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') return { error: `${flag} needs a value` };
      if (flag === '--pattern-file') parsed.patternFile = value;
      else if (value === 'text' || value === 'json') parsed.format = value;
      else return { error: `--format must be text or json, not '${value}'` };
    } else if (arg === '--') {
      parsed.files.push(...args.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      return { error: `unknown option '${arg}'` };
    } else {
      parsed.files.push(arg);
    }
  }
  if (parsed.files.length === 0) return { error: "no log file given (use '-' for standard input)" };
  return parsed;
}
