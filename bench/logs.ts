/**
 * Log scanning benchmark on a generated istio-cni-style log (~1% problem lines). Each row says
 * what it includes:
 * - start-up: `node dist/cli.js --version` and `logs` on an empty file against `node -e 0`;
 * - whole process: the shipped `node dist/cli.js logs FILE` against `rg -n -f patterns FILE` (the
 *   catalog's regexes, translated) on the same file, both writing their matches to a pipe read by
 *   the bench: start-up, reading, decoding, matching and output, on 50 MB and on
 *   BENCH_LOGS_BIG_MB (default 500), with our peak RSS (from /usr/bin/time). The two run
 *   interleaved (ours, rg, ours, rg, ...) so both see the same load on a shared machine; the
 *   ratio row is the median of the per-pair ratios (BENCH_LOGS_RUNS pairs, default 7 and 3);
 * - in memory: the matcher alone over a string already decoded (no start-up, I/O, decode or
 *   output), the combined-alternation alternative and the viewport (200 lines) time.
 * The CLI must be built first (`npm run build`): the bench times dist/cli.js as shipped.
 */
import { spawnSync } from 'child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { loadavg, tmpdir } from 'os';
import { join } from 'path';
import { CATALOG, catalogMatcher, LineIndex } from '../src/core/logs';
import { type BenchRow } from './types';

const TARGET_MB = 50;
const RG = '/usr/bin/rg';
const TIME = '/usr/bin/time';
const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-logs-'));
  try {
    const file = join(dir, 'istio-cni-50mb.log');
    writeFileSync(file, generateLog(TARGET_MB * 1024 * 1024, 1));
    const text = readFileSync(file, 'utf8');
    const mb = Buffer.byteLength(text) / (1024 * 1024);
    const rows: BenchRow[] = [];

    const matcher = catalogMatcher();
    let findings = 0;
    const scanMs = bestOf(5, () => {
      findings = matcher.scan(text).length;
    });
    const combinedLines = { n: 0 };
    const combinedMs = bestOf(3, () => {
      combinedLines.n = combinedScan(text);
    });
    const rg = ripgrepCount(dir, file);
    const load = loadavg()[0] ?? NaN;
    rows.push(...startupRows(dir));
    rows.push(...(await wholeProcess(dir, file, text)));
    rows.push({
      name: 'machine load while timing (1-minute load average, 2 cores shared)',
      value: load,
      unit: '',
      reference: `after the whole-process rows: ${(loadavg()[0] ?? NaN).toFixed(1)}`,
    });
    rows.push({
      name: `in memory: matcher over a decoded ${mb.toFixed(0)} MB string (no start-up, I/O, decode, output)`,
      value: mb / (scanMs / 1000),
      unit: 'MB/s',
      target: '>= 300 MB/s',
      reference: `${scanMs.toFixed(0)} ms; not comparable with rg's whole process (rows above)`,
    });
    rows.push({
      name: 'in memory: combined alternation (one regex, no prefilter)',
      value: mb / (combinedMs / 1000),
      unit: 'MB/s',
      reference: `prefilter ${(mb / (scanMs / 1000)).toFixed(0)} MB/s`,
    });
    rows.push({
      name: 'matched lines: matcher',
      value: findings,
      unit: 'lines',
      reference: `rg ${rg.count} lines, combined ${combinedLines.n}`,
    });

    const index = LineIndex.build(text, 'lf');
    rows.push({
      name: 'in memory: line index build (50 MB)',
      value: bestOf(3, () => LineIndex.build(text, 'lf')),
      unit: 'ms',
    });
    const viewport = viewportTimes(text, index, 2000);
    rows.push({
      name: 'in memory: viewport scan 200 lines p50',
      value: viewport.p50,
      unit: 'ms',
      target: '<= 1 ms (p95)',
    });
    rows.push({
      name: 'in memory: viewport scan 200 lines p95',
      value: viewport.p95,
      unit: 'ms',
      target: '<= 1 ms',
    });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A deterministic log: agent, plugin, kubelet, containerd and JSON lines; `percent`% problem lines. */
export function generateLog(bytes: number, percent: number): string {
  let seed = 42;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const problems = CATALOG.flatMap((p) => p.examples.map((e) => ({ p, e })));
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const ts = `2025-06-12T${String(10 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:31.${String(i % 1e6).padStart(6, '0')}Z`;
    let line: string;
    if (rand() * 100 < percent) {
      const pick = problems[Math.floor(rand() * problems.length)];
      line = `${ts}\terror\tcni-agent\t${pick?.e ?? ''}`;
    } else {
      line = normalLine(i, ts, Math.floor(rand() * 6));
    }
    parts.push(line);
    size += line.length + 1;
  }
  return `${parts.join('\n')}\n`;
}

function normalLine(i: number, ts: string, kind: number): string {
  switch (kind) {
    case 0:
      return `${ts}\tinfo\tcni-agent\tadding pod to the mesh\tns=default name=app-${i}-7f8b9c-x7k2p`;
    case 1:
      return `${ts}\tinfo\tcni-plugin\t============= Start iptables configuration for app-${i}-7f8b9c-x7k2p =============`;
    case 2:
      return `${ts}\tinfo\tcni-agent\tdetected changes to the node-level CNI setup, checking to see if configs or binaries need redeploying`;
    case 3:
      return `I1111 19:19:23.250596    7321 kubelet.go:2400] "SyncLoop ADD" source="api" pods=["default/app-${i}-7f8b9c-x7k2p"]`;
    case 4:
      return `{"level":"info","time":"${ts}","scope":"cni-agent","msg":"valid Istio config present in node-level CNI file /host/etc/cni/net.d/10-calico.conflist, not modifying"}`;
    default:
      return `time="${ts}" level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:app-${i},Uid:0b7c,Namespace:default,Attempt:0,} returns sandbox id"`;
  }
}

/** The alternative design: all pattern regexes in one alternation, run over the whole text. */
function combinedScan(text: string): number {
  const sources = CATALOG.map((p) => `(?:${p.regex.source.replace(/\(\?<[a-z0-9]+>/g, '(?:')})`);
  const re = new RegExp(sources.join('|'), 'g');
  let lines = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    lines++;
    const nl = text.indexOf('\n', m.index);
    re.lastIndex = nl === -1 ? text.length : nl + 1;
  }
  return lines;
}

/** Translates the catalog to Rust regex syntax (no lookaround: those patterns use their literals). */
function rgPatterns(): string[] {
  return CATALOG.map((p) => {
    const src = p.regex.source;
    if (/\(\?<?[=!]/.test(src))
      return p.literals.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    return src.replace(/\(\?<[a-z0-9]+>/g, '(?:').replace(/\\\//g, '/');
  });
}

function patternFile(dir: string): string {
  const patterns = join(dir, 'patterns.txt');
  writeFileSync(patterns, `${rgPatterns().join('\n')}\n`);
  return patterns;
}

/** rg's count of matching lines (a check that both find the same lines, not a timing). */
function ripgrepCount(dir: string, file: string): { count: number } {
  const r = spawnSync(RG, ['-c', '-f', patternFile(dir), file], { encoding: 'utf8' });
  if (r.error || (r.status !== 0 && r.status !== 1))
    throw new Error(`rg failed: ${r.error?.message ?? r.stderr}`);
  return { count: Number.parseInt(r.stdout.trim() || '0', 10) };
}

function viewportTimes(text: string, index: LineIndex, iterations: number): { p50: number; p95: number } {
  const matcher = catalogMatcher();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = Math.floor((((i * 7919) % 997) / 997) * (index.lineCount - 200));
    const t0 = process.hrtime.bigint();
    matcher.scan(text, { startLine: start, endLine: start + 200, lineIndex: index });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return {
    p50: times[Math.floor(times.length * 0.5)] ?? NaN,
    p95: times[Math.floor(times.length * 0.95)] ?? NaN,
  };
}

interface ProcessRun {
  ms: number;
  /** Peak RSS in MB (from /usr/bin/time), when available. */
  rssMb: number | undefined;
  code: number | null;
  lines: number;
}

/** Runs `cmd args` once as a whole process, stdout to a pipe read here, timed from spawn to exit. */
function runOnce(cmd: string, args: string[], rssFile: string): ProcessRun {
  const timed = existsSync(TIME);
  const t0 = performance.now();
  const r = spawnSync(timed ? TIME : cmd, timed ? ['-f', '%M', '-o', rssFile, cmd, ...args] : args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1024 * 1024 * 1024,
    encoding: 'buffer',
  });
  const ms = performance.now() - t0;
  if (r.error) throw new Error(`${cmd} failed: ${r.error.message}`);
  let lines = 0;
  for (let at = r.stdout.indexOf(10); at !== -1; at = r.stdout.indexOf(10, at + 1)) lines++;
  const rssMb = timed
    ? Number.parseInt(readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '', 10) / 1024
    : undefined;
  return { ms, rssMb, code: r.status, lines };
}

interface Pairs {
  ours: ProcessRun[];
  ref: ProcessRun[];
  /** ours / ref of each pair, sorted. */
  ratios: number[];
}

/** `n` pairs run interleaved (ours then the reference), so both see the same machine load. */
function interleaved(n: number, ours: [string, string[]], ref: [string, string[]], dir: string): Pairs {
  const pairs: Pairs = { ours: [], ref: [], ratios: [] };
  runOnce(...ours, join(dir, 'rss')); // warm the page cache and the disk for both
  runOnce(...ref, join(dir, 'rss'));
  for (let i = 0; i < n; i++) {
    const a = runOnce(...ours, join(dir, 'rss'));
    const b = runOnce(...ref, join(dir, 'rss'));
    pairs.ours.push(a);
    pairs.ref.push(b);
    pairs.ratios.push(a.ms / b.ms);
  }
  pairs.ratios.sort((x, y) => x - y);
  return pairs;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0
    ? NaN
    : s.length % 2
      ? (s[s.length >> 1] as number)
      : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
}

function maxRss(runs: ProcessRun[]): number | undefined {
  const known = runs.map((r) => r.rssMb).filter((x): x is number => x !== undefined);
  return known.length > 0 ? Math.max(...known) : undefined;
}

function runsOf(env: string | undefined, fallback: number): number {
  const n = Number(env);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** `node dist/cli.js --version` and `logs` on an empty file against `node -e 0`. */
function startupRows(dir: string): BenchRow[] {
  const node = process.execPath;
  const empty = join(dir, 'empty.log');
  writeFileSync(empty, '');
  const n = runsOf(process.env.BENCH_LOGS_RUNS, 7) * 2;
  return (
    [
      ['--version', [CLI, '--version']],
      ['logs on an empty file', [CLI, 'logs', empty]],
    ] as const
  ).map(([what, args]) => {
    const p = interleaved(n, [node, [...args]], [node, ['-e', '0']], dir);
    const ours = median(p.ours.map((r) => r.ms));
    const bare = median(p.ref.map((r) => r.ms));
    return {
      name: `start-up: node dist/cli.js ${what} (whole process: Node start, bundle load, run, exit)`,
      value: ours,
      unit: 'ms',
      reference: `node -e 0 ${bare.toFixed(0)} ms (median, ${n} interleaved pairs): ours adds ${(ours - bare).toFixed(0)} ms; RSS ${maxRss(p.ours)?.toFixed(0) ?? '?'} MB`,
    };
  });
}

/**
 * The shipped CLI and rg as whole processes on the same file, same patterns class, output to a
 * pipe read by the bench each (the same destination for both), run interleaved.
 */
async function wholeProcess(dir: string, small: string, text: string): Promise<BenchRow[]> {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const patterns = patternFile(dir);
  const bigMb = Number(process.env.BENCH_LOGS_BIG_MB ?? 500);
  const big = join(dir, 'big.log');
  const stream = createWriteStream(big);
  let written = 0;
  while (written < bigMb * 1024 * 1024) {
    if (!stream.write(text)) await new Promise<void>((r) => stream.once('drain', () => r()));
    written += Buffer.byteLength(text);
  }
  await new Promise<void>((r) => stream.end(() => r()));
  const rows: BenchRow[] = [];
  for (const [file, mb, limit, runs] of [
    [small, TARGET_MB, 2, runsOf(process.env.BENCH_LOGS_RUNS, 7)],
    [big, written / (1024 * 1024), 1, runsOf(process.env.BENCH_LOGS_RUNS, 3)],
  ] as const) {
    const p = interleaved(
      runs,
      [process.execPath, [CLI, 'logs', file]],
      [RG, ['-n', '-f', patterns, file]],
      dir,
    );
    const size = `${mb.toFixed(0)} MB`;
    const ours = median(p.ours.map((r) => r.ms)) / 1000;
    const rg = median(p.ref.map((r) => r.ms)) / 1000;
    const ratio = median(p.ratios);
    const bad = p.ours.find((r, i) => r.code !== 1 || r.lines !== p.ref[i]?.lines);
    rows.push({
      name: `whole process: node dist/cli.js logs, ${size} (start-up + read + decode + match + output to a pipe)`,
      value: ours,
      unit: 's',
      reference:
        `rg -n -f, same file, output and load: ${rg.toFixed(2)} s (medians of ${runs} interleaved pairs); ` +
        (bad
          ? `MISMATCH: exit ${bad.code}, ${bad.lines} findings vs rg ${p.ref[0]?.lines ?? '?'} lines`
          : `${p.ours[0]?.lines ?? 0} findings = rg lines`),
    });
    rows.push({
      name: `ratio to rg, ${size} (median of the per-pair ratios)`,
      value: ratio,
      unit: 'x rg',
      target: `<= ${limit}x rg`,
      reference: `${ratio <= limit ? 'met' : 'NOT met'}; pairs ${p.ratios.map((r) => r.toFixed(2)).join(', ')}`,
    });
    rows.push({
      name: `peak RSS, node dist/cli.js logs, ${size}`,
      value: maxRss(p.ours) ?? NaN,
      unit: 'MB',
      target: '< 100 MB',
      reference: `rg ${maxRss(p.ref)?.toFixed(0) ?? '?'} MB (it maps the file)`,
    });
  }
  rmSync(big, { force: true });
  return rows;
}

function bestOf(n: number, fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

if (require.main === module) {
  void run().then((rows) => console.table(rows));
}
