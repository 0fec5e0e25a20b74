/**
 * Reads the node evidence verdicts need, on demand and bounded: for each node with affected
 * pods (at most MAX_NODES, a few at a time), the tail of its istio-cni-node install-cni log
 * (bounded bytes) and, when exec is allowed, its net.d through the istio-cni-node pod (`ls` and
 * `cat` of plain file names, nothing else). A refused verb degrades to what is allowed and says
 * which permission would add what; cancellation stops before the next request.
 */
import type { NodeEvidence } from '../core/health/verdict/types';
import type { Result } from '../core/result';
import type { ClusterFailure, LogOptions } from './clusterClient';

export const MAX_NODES = 20;
export const LOG_TAIL_BYTES = 512 * 1024;
export const NODE_CNI_DIR = '/host/etc/cni/net.d';
const MAX_FILES = 20;
const CONCURRENCY = 4;
/** Names as they come from the node: only plain file names are read. */
const SAFE_NAME = /^[A-Za-z0-9._-]+$/;

export interface ExecInPod {
  (
    target: { namespace: string; pod: string; container: string },
    command: string[],
  ): Promise<Result<string, ClusterFailure>>;
}

export interface NodeEvidenceSources {
  podLog(options: LogOptions): Promise<Result<string, ClusterFailure>>;
  /** Absent when exec is not allowed (not asked, refused, untrusted workspace, snapshot): say why in `execWhy`. */
  exec?: ExecInPod;
  execWhy?: string;
}

export interface NodeToRead {
  node: string;
  cniPod: { namespace: string; name: string } | null;
}

export interface ReadOptions {
  /** Checked before each request. */
  cancelled?: () => boolean;
  onProgress?: (done: number, total: number, node: string) => void;
}

export interface ReadResult {
  evidence: NodeEvidence[];
  /** Nodes left out because of MAX_NODES or cancellation. */
  skipped: string[];
}

export async function readNodeEvidence(
  nodes: readonly NodeToRead[],
  sources: NodeEvidenceSources,
  options: ReadOptions = {},
): Promise<ReadResult> {
  const todo = nodes.slice(0, MAX_NODES);
  const skipped = nodes.slice(MAX_NODES).map((n) => n.node);
  const evidence: NodeEvidence[] = [];
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const n = todo[next++];
      if (!n) return;
      if (options.cancelled?.()) {
        skipped.push(n.node);
        continue;
      }
      evidence.push(await readOne(n, sources, options));
      options.onProgress?.(++done, todo.length, n.node);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, todo.length) }, worker));
  evidence.sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
  return { evidence, skipped };
}

async function readOne(
  n: NodeToRead,
  sources: NodeEvidenceSources,
  options: ReadOptions,
): Promise<NodeEvidence> {
  const pod = n.cniPod;
  if (!pod) {
    const why = `no istio-cni-node pod runs on ${n.node}`;
    return { node: n.node, logWhy: why, netdWhy: why };
  }
  const ev: NodeEvidence = { node: n.node };
  const log = await sources.podLog({
    namespace: pod.namespace,
    pod: pod.name,
    container: 'install-cni',
    limitBytes: LOG_TAIL_BYTES,
    tailLines: 5000,
  });
  if (log.ok) ev.log = log.value;
  else ev.logWhy = permissionNote(log.error, 'get pods/log', pod.namespace, 'the install errors in its log');
  if (!sources.exec)
    ev.netdWhy = sources.execWhy ?? 'reading net.d needs pods/exec, which is not allowed here';
  else if (options.cancelled?.()) ev.netdWhy = 'cancelled';
  else {
    const files = await readNetd(sources.exec, pod);
    if (files.ok) ev.netd = files.value;
    else
      ev.netdWhy = permissionNote(
        files.error,
        'create pods/exec',
        pod.namespace,
        'the CNI config files of the node',
      );
  }
  return ev;
}

/** The files of the node's CNI conf dir, read through its istio-cni-node pod. */
export async function readNetd(
  exec: ExecInPod,
  pod: { namespace: string; name: string },
): Promise<Result<{ path: string; text: string }[], ClusterFailure>> {
  const target = { namespace: pod.namespace, pod: pod.name, container: 'install-cni' };
  const listing = await exec(target, ['ls', '-1', NODE_CNI_DIR]);
  if (!listing.ok) return listing;
  const names = listing.value
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => SAFE_NAME.test(s))
    .slice(0, MAX_FILES);
  const files: { path: string; text: string }[] = [];
  for (const name of names) {
    const text = await exec(target, ['cat', `${NODE_CNI_DIR}/${name}`]);
    if (text.ok) files.push({ path: `${NODE_CNI_DIR}/${name}`, text: text.value });
  }
  return { ok: true, value: files };
}

/** "forbidden: get pods/log in istio-system (grant it to read the install errors in its log)" */
function permissionNote(f: ClusterFailure, verb: string, namespace: string, adds: string): string {
  if (f.kind === 'forbidden') return `forbidden: ${verb} in ${namespace} (this permission would add ${adds})`;
  return f.message;
}
