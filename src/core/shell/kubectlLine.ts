/**
 * kubectl command lines we print or copy, built so they run as pasted: every argument
 * POSIX-shell-quoted, the connection's `--kubeconfig` (when not the default) and `--context`
 * attached with `=` so a value starting with `-` cannot become an option, and names checked
 * against Kubernetes' own grammar so a hostile name (from a shared bug-report, or an
 * ownerReference `kind`, which is free text) is refused instead of pasted into a terminal.
 */
import { fail, ok, type Result } from '../result';

/** Which cluster a command talks to; empty/undefined parts are left out. */
export interface KubectlConnection {
  context?: string | undefined;
  /** Only when the connection uses a non-default file (a setting, not $KUBECONFIG / ~/.kube/config). */
  kubeconfig?: string | undefined;
}

const SAFE = /^[A-Za-z0-9._/:=@,+%-]+$/;

/** One word for a POSIX shell: bare when it holds only safe characters, else single-quoted. */
export function shellQuote(s: string): string {
  if (s !== '' && SAFE.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** DNS-1123 subdomain (pod, node, workload names): at most 253 characters, alphanumeric at both ends. */
const SUBDOMAIN = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;
/** DNS-1123 label (namespaces). */
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** A resource kind: letters and digits, starting with a letter (`Deployment`, `StatefulSet`, `Rollout`). */
const KIND = /^[A-Za-z][A-Za-z0-9]{0,62}$/;

export type NameKind = 'namespace' | 'name' | 'kind';

/** Undefined when `value` is a valid Kubernetes `what`; otherwise why it is refused. */
export function invalidName(what: NameKind, value: string): string | undefined {
  const re = what === 'namespace' ? LABEL : what === 'kind' ? KIND : SUBDOMAIN;
  if (re.test(value)) return undefined;
  const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 59)}…` : value);
  return `${shown} is not a valid Kubernetes ${what === 'name' ? 'object name' : what}`;
}

/** An argument of a command line: literal text, or a name that must pass `invalidName`. */
export type Arg = string | { [K in NameKind]?: string };

/**
 * `kubectl [--kubeconfig=F] [--context=C] ARGS...`, or the reason it is refused. Literal
 * arguments are ours (verbs, flags); names come from the cluster and are validated.
 */
export function kubectlLine(conn: KubectlConnection, args: readonly Arg[]): Result<string, string> {
  const words = ['kubectl'];
  if (conn.kubeconfig) words.push(shellQuote(`--kubeconfig=${conn.kubeconfig}`));
  if (conn.context) words.push(shellQuote(`--context=${conn.context}`));
  for (const a of args) {
    if (typeof a === 'string') {
      words.push(shellQuote(a));
      continue;
    }
    for (const [what, value] of Object.entries(a) as [NameKind, string][]) {
      const bad = invalidName(what, value);
      if (bad) return fail(`refusing to build a kubectl command: ${bad}`);
      words.push(shellQuote(value));
    }
  }
  return ok(words.join(' '));
}

/** Like kubectlLine, for text that is shown (hints, next steps): the refusal reason in place of a command. */
export function kubectlText(conn: KubectlConnection, args: readonly Arg[]): string {
  const line = kubectlLine(conn, args);
  return line.ok ? line.value : `(${line.error})`;
}
