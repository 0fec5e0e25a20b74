/**
 * Paths of the read-only log documents the explorer opens. VS Code titles a tab with the last
 * segment of the path, so a pod log at `.../ratings-v1-abc/istio-validation.log` would read
 * "istio-validation.log" and two pods' logs would look the same. The last segment therefore
 * names the pod and the container, joined by U+2215 DIVISION SLASH: it looks like "/" in the tab
 * ("ratings-v1-abc∕istio-validation.log") but is not a path separator. The namespace stays a
 * folder (it shows in the tab's tooltip and when two tabs share a title).
 */

/** Looks like "/" in a tab title; never a path separator. */
export const TITLE_SLASH = '\u2215';

export interface LogDocument {
  namespace: string;
  pod: string;
  /** Undefined when the API server chose (a pod with one container). */
  container?: string | undefined;
  previous?: boolean | undefined;
}

/** A pod's log: the tab reads `<pod>∕<container>.log`, `<pod>∕<container> (previous).log`, or `<pod>.log`. */
export function podLogPath(l: LogDocument, folder = 'logs'): string {
  const container = l.container ? `${TITLE_SLASH}${segment(l.container)}` : '';
  return `${folder}/${segment(l.namespace)}/${segment(l.pod)}${container}${l.previous ? ' (previous)' : ''}.log`;
}

/** Lines of a node's istio-cni-node log that name `pod`: the tab reads `<pod>∕istio-cni lines.log`. */
export function podCniLinesPath(namespace: string, pod: string): string {
  return `cni-lines/${segment(namespace)}/${segment(pod)}${TITLE_SLASH}istio-cni lines.log`;
}

/** A Kubernetes name never holds "/", but a path segment built from one must not either. */
const segment = (s: string): string => s.replace(/[/\\]/g, '_');
