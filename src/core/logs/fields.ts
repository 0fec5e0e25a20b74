/**
 * Turns a match into the named fields users care about (pod `ns/name`, node, sandbox, path,
 * error). The pattern's own groups come first; then the line's labels and a few shapes common to
 * every format (sandbox IDs, `pod=`, `ns= name=`, kubelet `K8S_POD_*` args).
 */
import { type FieldName, type LogRecord } from './types';

const MAX_FIELD = 500;
const K8S_POD_NAME = 'K8S_POD_NAME';
const WHITESPACE = /\s/;
const SANDBOX_ID = /sandbox \\?"?([0-9a-f]{12,64})\b/;
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
      const pod = podFromK8sArgs(line);
      if (pod) fields.pod = pod;
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

/**
 * `ns/name` from kubelet's CNI_ARGS (`K8S_POD_NAMESPACE=ns;K8S_POD_NAME=name;...`), in either
 * order: the first key whose counterpart follows it, and the first such counterpart. One pass
 * over the occurrences (a regex with `.*?` between the keys took minutes on a crafted line).
 */
export function podFromK8sArgs(line: string): string | undefined {
  const keys: { ns: boolean; value: string; at: number }[] = [];
  // Where the last value scan stopped, and whether on a terminator: a key inside a value scanned
  // before stops at the same place, so every character is scanned once.
  let stop = -1;
  let terminated = false;
  for (let at = line.indexOf(K8S_POD_NAME); at !== -1; at = line.indexOf(K8S_POD_NAME, at + 1)) {
    const ns = line.startsWith('SPACE', at + K8S_POD_NAME.length);
    const sep = at + K8S_POD_NAME.length + (ns ? 5 : 0);
    const c = line[sep];
    if ((c !== ':' && c !== '=') || sep + 1 >= line.length || WHITESPACE.test(line[sep + 1] ?? ' ')) continue;
    // Like the regex `[:=](\S+?)[ ;}]`: the first character may be anything but whitespace.
    if (sep + 2 > stop) [stop, terminated] = valueEnd(line, sep + 2);
    if (terminated) keys.push({ ns, value: line.slice(sep + 1, stop), at });
  }
  // A key is usable if a key of the other kind follows it.
  let lastNs = -1;
  let lastName = -1;
  for (const k of keys) if (k.ns) lastNs = k.at;
  for (const k of keys) if (!k.ns) lastName = k.at;
  const first = keys.find((k) => (k.ns ? lastName : lastNs) > k.at);
  const other = first && keys.find((k) => k.ns !== first.ns && k.at > first.at);
  if (!first || !other) return undefined;
  return first.ns ? `${first.value}/${other.value}` : `${other.value}/${first.value}`;
}

/** From `from`, the index of the first ` `, `;` or `}` (true) or of other whitespace or the end (false). */
function valueEnd(line: string, from: number): [number, boolean] {
  for (let end = from; end < line.length; end++) {
    const c = line.charCodeAt(end);
    if (c === 32 || c === 59 /* ; */ || c === 125 /* } */) return [end, true];
    if (WHITESPACE.test(line[end] ?? '')) return [end, false];
  }
  return [line.length, false];
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
