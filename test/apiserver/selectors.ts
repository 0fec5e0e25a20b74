/**
 * Label and field selectors as the real API server parses them (k8s.io/apimachinery labels and
 * fields packages): `=`, `==`, `!=`, `in`, `notin`, `key`, `!key`. Bad syntax is a 400.
 *
 * Like the real watch cache, which keeps each object's label and field sets beside it
 * (k8s.io/apiserver cacher `storeElement{Labels, Fields}`), the store computes both once per
 * object (`selectableOf`, kept in its index next to the object), so a selective list of 150,000
 * pods costs a map lookup or two per pod. Walking each object's own labels instead cost ~1 us per
 * pod, which charged each extra query of a client far more than a real API server does (issue 15).
 */

/** Does `object` match; `sets` are its label and field sets when the store has them. */
export type Predicate = (object: Record<string, unknown>, sets?: Selectable) => boolean;

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

export interface Selectable {
  labels: Map<string, string>;
  fields: Map<string, string>;
}

/** An object's label set and its kind's field set (FIELD_LABELS). */
export function selectableOf(object: Record<string, unknown>): Selectable {
  const labels = (object.metadata as { labels?: Record<string, string> } | undefined)?.labels;
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const fields = new Map<string, string>();
  for (const field of FIELD_LABELS[kind] ?? ['metadata.name', 'metadata.namespace'])
    fields.set(field, fieldValue(object, field));
  return { labels: new Map(Object.entries(labels ?? {})), fields };
}

export function parseLabelSelector(text: string): Predicate {
  const reqs = terms(text).map((term): ((labels: Map<string, string>) => boolean) => {
    const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
    if (set) {
      const key = checkKey(set[1] ?? '', term);
      const values = new Set((set[3] ?? '').split(',').map((v) => v.trim()));
      return set[2] === 'in'
        ? (l) => values.has(l.get(key) as string)
        : (l) => !l.has(key) || !values.has(l.get(key) as string);
    }
    const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (cmp) {
      const key = checkKey(cmp[1] ?? '', term);
      const value = cmp[3] ?? '';
      return cmp[2] === '!=' ? (l) => l.get(key) !== value : (l) => l.get(key) === value;
    }
    if (term.startsWith('!')) {
      const key = checkKey(term.slice(1).trim(), term);
      return (l) => !l.has(key);
    }
    const key = checkKey(term, term);
    return (l) => l.has(key);
  });
  return (object, sets) => {
    const { labels } = sets ?? selectableOf(object);
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
  let cur: unknown = object;
  for (const part of (field === 'source' ? 'source.component' : field).split('.')) {
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
  }
  return typeof cur === 'string' || typeof cur === 'number' || typeof cur === 'boolean' ? String(cur) : '';
}

export function parseFieldSelector(text: string, kind: string): Predicate {
  const allowed = FIELD_LABELS[kind] ?? ['metadata.name', 'metadata.namespace'];
  const reqs = terms(text).map((term): ((fields: Map<string, string>) => boolean) => {
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (!m) throw new SelectorError(`invalid selector: '${text}'; can't understand '${term}'`);
    const field = m[1] ?? '';
    if (!allowed.includes(field)) throw new SelectorError(`field label not supported: ${field}`);
    const value = m[3] ?? '';
    return m[2] === '!=' ? (f) => f.get(field) !== value : (f) => f.get(field) === value;
  });
  return (object, sets) => {
    const { fields } = sets ?? selectableOf(object);
    return reqs.every((r) => r(fields));
  };
}
