/** The typed arguments of `istio-cni-doctor diagnose`, read from the parsed option table. */
import type { ParsedArgs } from '../args';

export interface DiagnoseArgs {
  kubeconfig: string | undefined;
  context: string | undefined;
  snapshot: string | undefined;
  format: 'text' | 'json';
  watch: boolean;
}

export function diagnoseArgs(parsed: ParsedArgs): DiagnoseArgs {
  const { kubeconfig, context, snapshot, format, watch } = parsed.values;
  return {
    kubeconfig,
    context,
    snapshot,
    format: format === 'json' ? 'json' : 'text',
    watch: watch === 'true',
  };
}
