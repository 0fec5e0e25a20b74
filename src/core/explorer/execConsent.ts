/**
 * When "Read Node Evidence" may run `pods/exec` (ls and cat of net.d in the istio-cni-node pod):
 * exec is a privileged verb, so it is asked once per cluster context and the answer is kept in
 * workspace state; it never runs in an untrusted workspace and never for a snapshot. Pure, so
 * the rule is tested without VS Code.
 */

export type ExecConsent = 'allow' | 'deny';

export type ExecDecision =
  | { kind: 'allowed' }
  | { kind: 'ask' }
  /** `why` is what the evidence says instead of the net.d files. */
  | { kind: 'refused'; why: string };

export function execDecision(
  source: 'live' | 'snapshot',
  trusted: boolean,
  stored: ExecConsent | undefined,
): ExecDecision {
  if (source !== 'live') return { kind: 'refused', why: 'a snapshot holds no node files' };
  if (!trusted) return { kind: 'refused', why: 'pods/exec never runs in an untrusted workspace' };
  if (stored === 'allow') return { kind: 'allowed' };
  if (stored === 'deny')
    return {
      kind: 'refused',
      why: 'pods/exec refused for this cluster (answer again after "Istio CNI Doctor: Reset pods/exec Consent for This Workspace")',
    };
  return { kind: 'ask' };
}

/** The workspace-state key of a context's answer. */
export const execConsentKey = (context: string): string => `istioCniDoctor.execConsent:${context}`;
