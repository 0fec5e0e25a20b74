/**
 * Turns a match into the named fields users care about (pod `ns/name`, node, sandbox, path,
 * error). The pattern's own groups come first; then the line's labels and a few shapes common to
 * every format (sandbox IDs, `pod=`, `ns= name=`, kubelet `K8S_POD_*` args).
 */
import { type FieldName, type LogRecord } from './types';

const MAX_FIELD = 500;
const SANDBOX_ID = /sandbox \\?"?([0-9a-f]{12,64})\b/;
const K8S_ARGS =
  /K8S_POD_NAMESPACE[:=](\S+?)[ ;}].*?K8S_POD_NAME[:=](\S+?)[ ;}]|K8S_POD_NAME[:=](\S+?)[ ;}].*?K8S_POD_NAMESPACE[:=](\S+?)[ ;}]/;
const FIELD_NAMES: ReadonlySet<string> = new Set<FieldName>(['pod', 'node', 'sandbox', 'path', 'error']);

export type Fields = Partial<Record<FieldName, string>>;

/** Picks the fields out of a regex match's named groups (`pod2` counts as `pod`, `ns` + `name` as `pod`). */
export function fieldsFromGroups(groups: Record<string, string | undefined> | undefined): Fields {
  const out: Fields = {};
  if (!groups) return out;
  let ns: string | undefined;
  let name: string | undefined;
  for (const rawKey in groups) {
    const value = groups[rawKey];
    if (value === undefined || value === '') continue;
    const key = stripDigits(rawKey);
    if (key === 'ns') ns = value;
    else if (key === 'name') name = value;
    else if (FIELD_NAMES.has(key) && out[key as FieldName] === undefined)
      out[key as FieldName] = clean(value);
  }
  if (out.pod === undefined && ns !== undefined && name !== undefined) out.pod = `${ns}/${name}`;
  return out;
}

/** `pod2` -> `pod` (alternatives of one pattern number their groups). */
function stripDigits(key: string): string {
  let end = key.length;
  while (end > 0 && key.charCodeAt(end - 1) >= 48 && key.charCodeAt(end - 1) <= 57) end--;
  return end === key.length ? key : key.slice(0, end);
}

/** Adds fields the pattern did not capture from the labels and common shapes of the line. */
export function addContextFields(fields: Fields, line: string, record: LogRecord): Fields {
  const labels = record.labels;
  if (fields.pod === undefined) {
    const pod = labels.pod?.includes('/') ? labels.pod : undefined;
    if (pod) fields.pod = pod;
    else if (labels.ns && labels.name) fields.pod = `${labels.ns}/${labels.name}`;
    else if (labels.namespace && labels.name) fields.pod = `${labels.namespace}/${labels.name}`;
    else if (line.includes('K8S_POD_')) {
      const args = K8S_ARGS.exec(line);
      if (args)
        fields.pod =
          args[1] !== undefined ? `${args[1]}/${args[2] ?? ''}` : `${args[4] ?? ''}/${args[3] ?? ''}`;
    }
  }
  if (fields.sandbox === undefined && line.includes('sandbox')) {
    const sandbox = SANDBOX_ID.exec(line)?.[1];
    if (sandbox) fields.sandbox = sandbox;
  }
  if (fields.node === undefined) {
    const node = labels.node ?? labels.host ?? nodeFromEventSource(labels.from);
    if (node) fields.node = node;
  }
  return fields;
}

/** `kubectl describe` "From" column of old clusters: `kubelet, node-1`. */
function nodeFromEventSource(from: string | undefined): string | undefined {
  const comma = from?.indexOf(', ') ?? -1;
  return from !== undefined && comma > 0 ? from.slice(comma + 2) : undefined;
}

function clean(value: string): string {
  const v = (value.includes('\\"') ? value.replace(/\\"/g, '"') : value).trimEnd();
  return v.length > MAX_FIELD ? `${v.slice(0, MAX_FIELD)}…` : v;
}
