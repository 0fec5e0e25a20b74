/** Argument parsing for `istio-cni-doctor diagnose`. */
import { fail, ok, type Result } from '../../core/result';

export interface DiagnoseArgs {
  kubeconfig: string | undefined;
  context: string | undefined;
  snapshot: string | undefined;
  format: 'text' | 'json';
}

const VALUE_FLAGS = ['--kubeconfig', '--context', '--snapshot', '--format'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

export function parseDiagnoseArgs(argv: string[]): Result<DiagnoseArgs, string> {
  const args: DiagnoseArgs = {
    kubeconfig: undefined,
    context: undefined,
    snapshot: undefined,
    format: 'text',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const eq = a.indexOf('=');
    const flag = (eq > 0 ? a.slice(0, eq) : a) as ValueFlag;
    if (!VALUE_FLAGS.includes(flag))
      return fail(a.startsWith('-') ? `unknown option '${a}'` : `unexpected argument '${a}'`);
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') return fail(`${flag} needs a value`);
    if (flag === '--format') {
      if (value !== 'text' && value !== 'json') return fail(`--format must be text or json, not '${value}'`);
      args.format = value;
    } else args[flag.slice(2) as 'kubeconfig' | 'context' | 'snapshot'] = value;
  }
  if (args.snapshot !== undefined && (args.kubeconfig !== undefined || args.context !== undefined)) {
    return fail('--snapshot reads a saved snapshot; it cannot be combined with --kubeconfig or --context');
  }
  return ok(args);
}
