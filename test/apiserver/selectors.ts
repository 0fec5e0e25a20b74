/**
 * Label and field selectors as the real API server parses them (k8s.io/apimachinery labels and
 * fields packages): `=`, `==`, `!=`, `in`, `notin`, `key`, `!key`. Bad syntax is a 400.
 */

export type Predicate = (object: Record<string, unknown>) => boolean;

export class SelectorError extends Error {}

/** Splits on commas that are not inside parentheses. */
function terms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((t) => t.trim()).filter((t) => t !== '');
}

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;

function checkKey(key: string, whole: string): string {
  if (!KEY.test(key))
    throw new SelectorError(`unable to parse requirement: invalid label key "${key}" in "${whole}"`);
  return key;
}

export function parseLabelSelector(text: string): Predicate {
  const reqs = terms(text).map((term): ((labels: Record<string, string>) => boolean) => {
    const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
    if (set) {
      const key = checkKey(set[1] ?? '', term);
      const values = new Set((set[3] ?? '').split(',').map((v) => v.trim()));
      return set[2] === 'in'
        ? (l) => l[key] !== undefined && values.has(l[key])
        : (l) => l[key] === undefined || !values.has(l[key]);
    }
    const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (cmp) {
      const key = checkKey(cmp[1] ?? '', term);
      const value = cmp[3] ?? '';
      return cmp[2] === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
    }
    if (term.startsWith('!')) {
      const key = checkKey(term.slice(1).trim(), term);
      return (l) => l[key] === undefined;
    }
    const key = checkKey(term, term);
    return (l) => l[key] !== undefined;
  });
  return (object) => {
    const labels = (object.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {};
    return reqs.every((r) => r(labels));
  };
}

/** Field labels each kind supports (others are a 400 "field label not supported"). */
export const FIELD_LABELS: Record<string, string[]> = {
  Pod: [
    'metadata.name',
    'metadata.namespace',
    'spec.nodeName',
    'status.phase',
    'spec.restartPolicy',
    'spec.serviceAccountName',
  ],
  Event: [
    'metadata.name',
    'metadata.namespace',
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Node: ['metadata.name', 'spec.unschedulable'],
  Namespace: ['metadata.name', 'status.phase'],
  DaemonSet: ['metadata.name', 'metadata.namespace'],
  ConfigMap: ['metadata.name', 'metadata.namespace'],
  ClusterRoleBinding: ['metadata.name'],
};

function fieldValue(object: Record<string, unknown>, field: string): string {
  if (field === 'source') field = 'source.component';
  let cur: unknown = object;
  for (const part of field.split('.')) {
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
  }
  return typeof cur === 'string' || typeof cur === 'number' || typeof cur === 'boolean' ? String(cur) : '';
}

export function parseFieldSelector(text: string, kind: string): Predicate {
  const allowed = FIELD_LABELS[kind] ?? ['metadata.name', 'metadata.namespace'];
  const reqs = terms(text).map((term): Predicate => {
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (!m) throw new SelectorError(`invalid selector: '${text}'; can't understand '${term}'`);
    const field = m[1] ?? '';
    if (!allowed.includes(field)) throw new SelectorError(`field label not supported: ${field}`);
    const value = m[3] ?? '';
    return m[2] === '!=' ? (o) => fieldValue(o, field) !== value : (o) => fieldValue(o, field) === value;
  });
  return (object) => reqs.every((r) => r(object));
}
