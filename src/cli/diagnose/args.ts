/** The typed arguments of `istio-cni-doctor diagnose`, read from the parsed option table. */
import type { ParsedArgs } from '../args';

export interface DiagnoseArgs {
  kubeconfig: string | undefined;
  context: string | undefined;
  snapshot: string | undefined;
  format: 'text' | 'json';
  /** Read each affected node's istio-cni-node log tail and (live) its net.d through pods/exec. */
  nodeEvidence: boolean;
  /** `diagnose pod NS/NAME`: the one pod to explain. */
  pod: string | undefined;
}

export function diagnoseArgs(parsed: ParsedArgs): DiagnoseArgs {
  const { kubeconfig, context, snapshot, format } = parsed.values;
  return {
    kubeconfig,
    context,
    snapshot,
    format: format === 'json' ? 'json' : 'text',
    nodeEvidence: parsed.values['node-evidence'] === 'true',
    pod: parsed.operands[0] === 'pod' ? parsed.operands[1] : undefined,
  };
}
