/**
 * The golden log corpus: our own table of the error/warning log call sites of istio-cni, the
 * istio-validation init container, ztunnel's in-pod code and the kubelet/containerd wrappers of
 * CNI failures, read from the sources at their release tags (test/fixtures/logs/corpus/README.md).
 * Each row says where a message is printed, in which tags, at which level, its format string, and
 * which catalog pattern covers it ("normal" with a written reason when none should).
 *
 * Used by the corpus test (every row rendered in every real format) and by
 * tools/generateCoverageDoc.ts (docs/coverage.md).
 */
import { readFileSync } from 'fs';
import { join } from 'path';

/** How a row's message reaches the user; decides the formats it is rendered in. */
export type CorpusKind =
  /** install-cni container (installer, repair, ambient node agent): Istio console, JSON, --prefix. */
  | 'agent'
  /** the CNI plugin, forwarded by the agent under scope cni-plugin. */
  | 'plugin'
  /** istio-validation init container. */
  | 'validation'
  /** ztunnel's tracing output. */
  | 'ztunnel'
  /** kubelet/containerd: klog, journald, logrus and kubectl events. */
  | 'runtime'
  /** a Kubernetes Event istio-cni writes on a pod (kubectl describe / get events). */
  | 'event';

export interface CorpusRow {
  /** Which corpus file (istio, ztunnel, runtime). */
  corpus: string;
  /** `path:line` at `last` (for runtime rows the chain of call sites, `a.go:1 > b.go:2`). */
  site: string;
  /** First and last release tag of the repository that print this string (scan window in README). */
  first: string;
  last: string;
  level: 'error' | 'warn' | 'info' | 'fatal';
  kind: CorpusKind;
  /** The format string as written in the source (Go `%v` / Rust `{:?}` verbs, Go escapes kept). */
  format: string;
  /** Values for the verbs, in order (`\n` escapes decoded); empty means realistic defaults. */
  args: readonly string[];
  /** The catalog pattern that covers it, or `normal`. */
  pattern: string;
  /** Why a `normal` row is not a finding (required), or a note on a covered one. */
  reason: string;
}

export const CORPUS_FILES = ['istio', 'ztunnel', 'runtime'] as const;

/** Scan window per corpus: the oldest and newest release tag read (see the corpus README). */
export const SCAN_WINDOW: Record<string, { oldest: string; newest: string; repo: string }> = {
  istio: { oldest: '1.14.0', newest: '1.30.3', repo: 'istio/istio' },
  ztunnel: { oldest: '1.22.0', newest: '1.30.3', repo: 'istio/ztunnel' },
  runtime: { oldest: '', newest: '', repo: 'kubernetes/kubernetes, containerd/containerd' },
};

const LEVELS = new Set(['error', 'warn', 'info', 'fatal']);
const KINDS = new Set(['agent', 'plugin', 'validation', 'ztunnel', 'runtime', 'event']);

/** Parses one corpus TSV (header line, `#` comments). Throws with the line number on a bad row. */
export function parseCorpus(name: string, text: string): CorpusRow[] {
  const rows: CorpusRow[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (i === 0 || line.trim() === '' || line.startsWith('#')) return;
    const cols = line.split('\t');
    if (cols.length !== 9) throw new Error(`${name}.tsv:${i + 1}: ${cols.length} columns, want 9`);
    const [site, first, last, level, kind, format, args, pattern, reason] = cols as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (!LEVELS.has(level)) throw new Error(`${name}.tsv:${i + 1}: bad level ${level}`);
    if (!KINDS.has(kind)) throw new Error(`${name}.tsv:${i + 1}: bad kind ${kind}`);
    rows.push({
      corpus: name,
      site,
      first,
      last,
      level: level as CorpusRow['level'],
      kind: kind as CorpusKind,
      format,
      args: args === '' ? [] : args.split(' ‖ ').map(unescapeGo),
      pattern,
      reason,
    });
  });
  return rows;
}

/** All corpus rows, read from `root`/test/fixtures/logs/corpus. */
export function loadCorpus(root: string): CorpusRow[] {
  return CORPUS_FILES.flatMap((name) =>
    parseCorpus(name, readFileSync(join(root, 'test', 'fixtures', 'logs', 'corpus', `${name}.tsv`), 'utf8')),
  );
}

// Go verbs (%v %+v %s %q %d %w %[1]s %%) and Rust placeholders ({} {:?} {e} {wait:?}).
const GO_VERB = /%(?:\[(\d+)\])?[+#-]?[0-9]*([vsqdwxt%])/g;
const RUST_PLACEHOLDER = /\{\{|\}\}|\{([a-z_]*)(:\?)?\}/g;

const RUST_DEFAULT = 'Os { code: 2, kind: NotFound, message: "No such file or directory" }';

/** The message a row prints: the format with its args (or defaults) substituted, escapes decoded. */
export function renderMessage(row: CorpusRow): string {
  const args = row.args;
  let n = 0;
  const next = (explicit?: number): string => {
    const index = explicit ?? n++;
    return args[index] ?? (row.corpus === 'ztunnel' ? RUST_DEFAULT : defaultArg(row.format, index));
  };
  const re = row.corpus === 'ztunnel' ? RUST_PLACEHOLDER : GO_VERB;
  let out = '';
  let from = 0;
  for (const m of row.format.matchAll(re)) {
    out += unescapeGo(row.format.slice(from, m.index));
    from = m.index + m[0].length;
    if (m[0] === '%%' || m[0] === '{{' || m[0] === '}}') out += m[0][0];
    else if (row.corpus === 'ztunnel') out += next();
    else {
      const value = next(m[1] === undefined ? undefined : Number(m[1]) - 1);
      out += m[2] === 'q' && !value.startsWith('"') ? JSON.stringify(value) : value;
    }
  }
  return out + unescapeGo(row.format.slice(from));
}

/** Decodes the escapes of a Go/Rust string literal as written in the source. */
function unescapeGo(s: string): string {
  return s.replace(/\\([nt"\\])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** A realistic value for a verb nobody gave a value for (errors, pod names, paths). */
function defaultArg(format: string, index: number): string {
  const verbs = [...format.matchAll(GO_VERB)];
  const at = verbs[index]?.index ?? -1;
  const before = at >= 0 ? format.slice(Math.max(0, at - 12), at) : '';
  const after = at >= 0 ? format.slice(at + (verbs[index]?.[0].length ?? 0)) : '';
  if (after.startsWith('/')) return 'default';
  if (before.endsWith('/')) return 'httpbin-7f8b9c-x7k2p';
  if (/pod $/.test(before)) return 'httpbin-7f8b9c-x7k2p';
  if (/file $|dir $|directory for $/.test(before)) return '/host/etc/cni/net.d/10-calico.conflist';
  if (/ip $|IP $/.test(before)) return '10.244.1.17';
  return 'context deadline exceeded';
}

/** `1.24.4` -> [1, 24, 4]; a pre-release `1.31.0-rc.0` -> [1, 31, 0]. */
export function tagTuple(tag: string): number[] {
  return tag
    .split('.')
    .slice(0, 3)
    .map((x) => parseInt(x, 10));
}

/** Orders release tags numerically. */
export function compareTags(a: string, b: string): number {
  const x = tagTuple(a);
  const y = tagTuple(b);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** The human range of a row: `1.24.4+`, `<=1.22.8`, `1.21.0-1.25.1` (relative to the scan window). */
export function tagRange(row: CorpusRow): string {
  const w = SCAN_WINDOW[row.corpus];
  if (!w || w.oldest === '') return row.first === '' ? 'all' : `${row.first}+`;
  const fromStart = row.first === w.oldest;
  const toEnd = compareTags(row.last, w.newest) >= 0;
  if (fromStart && toEnd) return 'all';
  if (toEnd) return `${row.first}+`;
  if (fromStart) return `<=${row.last}`;
  return `${row.first}-${row.last}`;
}
