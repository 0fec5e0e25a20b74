/**
 * Reads a snapshot directory into loose Kubernetes objects and container logs.
 *
 * Supported layouts (anything else in the directory is skipped):
 * - `kubectl get ... -o yaml` or `-o json` output in any file name ending `.yaml`, `.yml` or
 *   `.json`: single objects, `List`/`PodList`/... documents, multi-document YAML;
 * - an extracted `istioctl bug-report` archive (the `bug-report/` folder or its parent):
 *   `cluster/k8s-resources` (a `kubectl get -o yaml` List without an extension), `cluster/nodes`
 *   (`kubectl describe nodes` text: names, labels, taints, Ready) and `cluster/cluster-context`;
 * - container logs at `<namespace>/<pod>/<container>.log` anywhere in the tree (the bug-report
 *   layout); `<container>.previous.log` is the previous instance.
 * - `kind: PodLog` documents of the test scenario format (test/scenarios/README.md).
 * Not supported: the `.tar.gz` itself (extract it first), `kubectl describe` text other than
 * nodes, `cluster/events` (the wide table; events come from k8s-resources instead).
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import type { K8sNode } from '../../core/health/k8s';
import type { ContainerLog } from '../../core/health/fromObjects';
import { fail, ok, type Result } from '../../core/result';
import { parseDescribeNodes } from './describeNodes';

export interface SnapshotContents {
  docs: unknown[];
  logs: ContainerLog[];
  /** From a bug-report's `cluster/cluster-context`: the context name and API server URL. */
  context: string | undefined;
  server: string | undefined;
  /** Files read as objects, logs or nodes (relative paths), for the report's source line. */
  files: string[];
}

export type SnapshotError = { message: string };

const MAX_FILES = 20_000;
const MAX_DEPTH = 12;
/** Object files above this are refused (a 5,000-pod List is ~35 MB of YAML). */
const MAX_OBJECT_FILE_BYTES = 256 * 1024 * 1024;
/** Logs are read from their end, at most this much per container. */
const MAX_LOG_BYTES = 8 * 1024 * 1024;
const OBJECT_EXT = /\.(ya?ml|json)$/i;
const LOOKS_LIKE_YAML = /^(?:\s*#.*\n|\s*---\s*\n)*\s*(?:apiVersion|kind|items|metadata)\s*:/;

export async function readSnapshot(root: string): Promise<Result<SnapshotContents, SnapshotError>> {
  if (/\.(tar\.gz|tgz|tar)$/i.test(root))
    return fail({
      message: `${root} is an archive: extract it first (tar xzf ${path.basename(root)}) and pass the extracted directory`,
    });
  let st;
  try {
    st = await fs.stat(root);
  } catch (e) {
    return fail({ message: `cannot read ${root}: ${errText(e)}` });
  }
  const out: SnapshotContents = { docs: [], logs: [], context: undefined, server: undefined, files: [] };
  const files = st.isDirectory() ? await walk(root) : { ok: true as const, value: [root] };
  if (!files.ok) return files;
  for (const file of files.value) {
    const rel = st.isDirectory() ? path.relative(root, file) : path.basename(file);
    const r = await readOne(file, rel, out);
    if (!r.ok) return r;
  }
  if (out.docs.length === 0)
    return fail({
      message: `no Kubernetes objects found in ${root} (expected kubectl get -o yaml|json files or an extracted istioctl bug-report)`,
    });
  return ok(out);
}

async function walk(root: string): Promise<Result<string[], SnapshotError>> {
  const files: string[] = [];
  const visit = async (dir: string, depth: number): Promise<SnapshotError | undefined> => {
    if (depth > MAX_DEPTH) return undefined;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      return { message: `cannot read directory ${dir}: ${errText(e)}` };
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        const err = await visit(p, depth + 1);
        if (err) return err;
      } else if (e.isFile()) {
        if (files.length >= MAX_FILES)
          return {
            message: `${root} has more than ${MAX_FILES} files: point --snapshot at the folder with the dumps`,
          };
        files.push(p);
      }
    }
    return undefined;
  };
  const err = await visit(root, 0);
  return err ? fail(err) : ok(files);
}

async function readOne(
  file: string,
  rel: string,
  out: SnapshotContents,
): Promise<Result<void, SnapshotError>> {
  const base = path.basename(file);
  const parts = rel.split(path.sep);
  if (base.endsWith('.log') && parts.length >= 3) {
    const text = await readTail(file);
    if (!text.ok) return text;
    const previous = base.endsWith('.previous.log');
    const container = base.slice(0, -(previous ? '.previous.log' : '.log').length);
    out.logs.push({
      namespace: parts[parts.length - 3] ?? '',
      pod: parts[parts.length - 2] ?? '',
      container,
      previous,
      text: text.value,
    });
    out.files.push(rel);
    return ok(undefined);
  }
  const inCluster = parts[parts.length - 2] === 'cluster';
  if (inCluster && base === 'cluster-context') {
    const text = await readSmall(file);
    if (!text.ok) return text;
    const [context, server] = text.value.split('\n').map((l) => l.trim());
    out.context = context || undefined;
    out.server = server || undefined;
    return ok(undefined);
  }
  if (inCluster && base === 'nodes') {
    const text = await readSmall(file);
    if (!text.ok) return text;
    const nodes: K8sNode[] = parseDescribeNodes(text.value);
    out.docs.push(...nodes);
    if (nodes.length) out.files.push(rel);
    return ok(undefined);
  }
  const named = OBJECT_EXT.test(base);
  if (!named && path.extname(base) !== '') return ok(undefined);
  const text = await readSmall(file);
  if (!text.ok) return text;
  if (text.value.includes('\u0000')) {
    return named ? fail({ message: `${rel} is not a text file (binary content)` }) : ok(undefined);
  }
  if (!named && !LOOKS_LIKE_YAML.test(text.value.slice(0, 4096))) return ok(undefined);
  const docs = parseDocs(text.value, rel);
  if (!docs.ok) return docs;
  for (const d of docs.value) {
    const log = podLogDoc(d);
    if (log) out.logs.push(log);
    else out.docs.push(d);
  }
  out.files.push(rel);
  return ok(undefined);
}

/** A `kind: PodLog` document of the test scenario format (test/scenarios/README.md), so scenarios work as snapshots. */
function podLogDoc(d: unknown): ContainerLog | undefined {
  if (typeof d !== 'object' || d === null) return undefined;
  const o = d as {
    kind?: unknown;
    metadata?: { namespace?: unknown; name?: unknown };
    container?: unknown;
    previous?: unknown;
    text?: unknown;
  };
  if (o.kind !== 'PodLog' || typeof o.text !== 'string' || typeof o.metadata?.name !== 'string')
    return undefined;
  return {
    namespace: typeof o.metadata.namespace === 'string' ? o.metadata.namespace : 'default',
    pod: o.metadata.name,
    container: typeof o.container === 'string' ? o.container : '',
    previous: o.previous === true,
    text: o.text,
  };
}

export function parseDocs(text: string, rel: string): Result<unknown[], SnapshotError> {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  try {
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      const v: unknown = JSON.parse(trimmed);
      return ok(Array.isArray(v) ? v : [v]);
    }
    return ok(yaml.loadAll(trimmed, undefined, { json: true }).filter((d) => d !== null && d !== undefined));
  } catch (e) {
    const format = trimmed.startsWith('{') || trimmed.startsWith('[') ? 'JSON' : 'YAML';
    return fail({ message: `${rel} is not valid ${format}: ${errText(e).split('\n')[0] ?? ''}` });
  }
}

async function readSmall(file: string): Promise<Result<string, SnapshotError>> {
  try {
    const st = await fs.stat(file);
    if (st.size > MAX_OBJECT_FILE_BYTES)
      return fail({
        message: `${file} is too large (${Math.round(st.size / 1048576)} MB, limit ${MAX_OBJECT_FILE_BYTES / 1048576} MB)`,
      });
    const buf = await fs.readFile(file);
    if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
      // PowerShell's `>` writes UTF-16; say so rather than "binary".
      return fail({
        message: `${file} is UTF-16 encoded: save it as UTF-8 (kubectl ... | Out-File -Encoding utf8)`,
      });
    }
    return ok(buf.toString('utf8'));
  } catch (e) {
    return fail({ message: `cannot read ${file}: ${errText(e)}` });
  }
}

async function readTail(file: string): Promise<Result<string, SnapshotError>> {
  let handle;
  try {
    handle = await fs.open(file, 'r');
    const size = (await handle.stat()).size;
    const length = Math.min(size, MAX_LOG_BYTES);
    const buf = Buffer.alloc(length);
    await handle.read(buf, 0, length, size - length);
    const text = buf.toString('utf8');
    // Starting mid-file: drop the partial first line.
    return ok(length < size ? text.slice(text.indexOf('\n') + 1) : text);
  } catch (e) {
    return fail({ message: `cannot read ${file}: ${errText(e)}` });
  } finally {
    await handle?.close();
  }
}

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
