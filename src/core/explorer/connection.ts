/**
 * The explorer's view of the connection: the ConnectionState of src/cluster plus "no
 * kubeconfig" and "no context", mapped to one label, icon, colour and the user's next step.
 * Pure, so the tree, the status bar and the notification all word a state the same way.
 */
import { COLORS } from './item';

/** Structurally the same as src/cluster's ClusterFailure (core cannot import src/cluster). */
export interface FailureView {
  kind: string;
  message: string;
  verb?: string;
  resource?: string;
  namespace?: string;
}

export type ExplorerConnection =
  | { phase: 'idle' }
  /** `progress`: what the load is reading ("pods 40,000…, events…"), once it has started. */
  | { phase: 'connecting'; context: string; progress?: string }
  /** `insecure`: the kubeconfig sets insecure-skip-tls-verify (the server's identity is not checked). */
  | { phase: 'connected'; context: string; server: string; insecure?: boolean }
  | { phase: 'offline'; context: string; source: string }
  | { phase: 'failed'; context: string; failure: FailureView; retryInMs?: number };

/** The user-facing states of the issue: one per distinct thing to do about it. */
export type StateName =
  | 'idle'
  | 'connecting'
  | 'connected'
  | 'offline'
  | 'no-kubeconfig'
  | 'bad-kubeconfig'
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'bad-snapshot'
  | 'error';

export interface StateView {
  state: StateName;
  /** Short, for the tree description and the status bar: `connected`, `forbidden: list pods`. */
  text: string;
  icon: string;
  color: string | undefined;
  /** Markdown: what happened and what to do. */
  detail: string;
}

const FAILURE_STATES: Record<string, StateName> = {
  'no-kubeconfig': 'no-kubeconfig',
  'bad-kubeconfig': 'bad-kubeconfig',
  unreachable: 'unreachable',
  timeout: 'unreachable',
  'server-error': 'unreachable',
  unauthorized: 'unauthorized',
  'exec-plugin-failed': 'unauthorized',
  'exec-plugin-blocked': 'unauthorized',
  forbidden: 'forbidden',
  'bad-snapshot': 'bad-snapshot',
};

/** `list pods in istio-system`, or '' when the failure does not name it. */
export function missingPermission(f: FailureView): string {
  if (!f.verb && !f.resource) return '';
  return (
    [f.verb, f.resource].filter(Boolean).join(' ') + (f.namespace ? ` in ${f.namespace}` : ' (cluster-wide)')
  );
}

export function stateView(c: ExplorerConnection): StateView {
  switch (c.phase) {
    case 'idle':
      return {
        state: 'idle',
        text: 'not connected',
        icon: 'debug-disconnect',
        color: COLORS.muted,
        detail: 'Not connected yet.',
      };
    case 'connecting':
      return {
        state: 'connecting',
        text: c.progress ? `reading ${c.progress}` : 'connecting…',
        icon: 'sync~spin',
        color: undefined,
        detail: `Connecting to context \`${c.context}\`…${c.progress ? ` Reading ${c.progress}` : ''}`,
      };
    case 'connected':
      if (c.insecure)
        return {
          state: 'connected',
          text: 'connected (TLS not verified)',
          icon: 'warning',
          color: COLORS.warning,
          detail: `Connected to \`${c.context}\` (${c.server}), watching for changes.\n\n**Warning:** this context sets \`insecure-skip-tls-verify: true\`: the server's certificate is not checked, so anyone on the path can pose as the API server and receive your credentials. Set \`certificate-authority-data\` in the kubeconfig instead.`,
        };
      return {
        state: 'connected',
        text: 'connected',
        icon: 'vm-active',
        color: COLORS.ok,
        detail: `Connected to \`${c.context}\` (${c.server}), watching for changes.`,
      };
    case 'offline':
      return {
        state: 'offline',
        text: 'offline snapshot',
        icon: 'archive',
        color: COLORS.info,
        detail: `Offline snapshot read from \`${c.source}\`; it does not change.`,
      };
    case 'failed':
      return failedView(c.failure, c.retryInMs);
  }
}

function failedView(f: FailureView, retryInMs: number | undefined): StateView {
  const state = FAILURE_STATES[f.kind] ?? 'error';
  const retry =
    retryInMs !== undefined ? `\n\nRetrying in ${Math.max(1, Math.round(retryInMs / 1000))} s.` : '';
  const base = { state, color: COLORS.error, detail: `${f.message}${retry}` };
  switch (state) {
    case 'no-kubeconfig':
      return { ...base, text: 'no kubeconfig', icon: 'warning', color: COLORS.warning };
    case 'bad-kubeconfig':
      return { ...base, text: 'bad kubeconfig', icon: 'warning' };
    case 'unreachable':
      return {
        ...base,
        text: f.kind === 'timeout' ? 'unreachable (timeout)' : 'unreachable',
        icon: 'debug-disconnect',
      };
    case 'unauthorized':
      return { ...base, text: 'unauthorized', icon: 'lock' };
    case 'forbidden': {
      const perm = missingPermission(f);
      const need = perm ? `\n\nMissing permission: \`${perm}\`. Ask for a Role that grants it.` : '';
      return {
        ...base,
        text: perm ? `forbidden: ${perm}` : 'forbidden',
        icon: 'shield',
        detail: `${f.message}${need}${retry}`,
      };
    }
    case 'bad-snapshot':
      return { ...base, text: 'unreadable snapshot', icon: 'archive' };
    default:
      return { ...base, text: 'error', icon: 'error' };
  }
}

/** The context a connection is about ('' when none). */
export const contextOf = (c: ExplorerConnection): string => (c.phase === 'idle' ? '' : c.context);
