/**
 * Log scanning benchmark on a generated istio-cni-style log (~1% problem lines). Each row says
 * what it includes:
 * - whole process: the shipped `node dist/cli.js logs FILE > out` against `rg -n -f patterns
 *   FILE > out` (the catalog's regexes, translated) on the same file, in the same run, both
 *   writing their matches to a pipe: start-up, reading, decoding, matching and output, on 50 MB
 *   and on BENCH_LOGS_BIG_MB (default 500), with our peak RSS;
 * - in memory: the matcher alone over a string already decoded (no start-up, I/O, decode or
 *   output), the combined-alternation alternative and the viewport (200 lines) time.
 */
import { spawnSync } from 'child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
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
    rows.push(...(await wholeProcess(dir, file, text)));
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

    const index = LineIndex.build(text);
    rows.push({
      name: 'in memory: line index build (50 MB)',
      value: bestOf(3, () => LineIndex.build(text)),
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

/** Runs `cmd args > out` as a whole process, timed from spawn to exit; best of `n` runs. */
function runProcess(cmd: string, args: string[], out: string, n: number): ProcessRun {
  let best: ProcessRun | undefined;
  const timed = existsSync(TIME);
  for (let i = 0; i < n; i++) {
    const rss = `${out}.rss`;
    const argv = timed ? ['-f', '%M', '-o', rss, cmd, ...args] : args;
    const t0 = performance.now();
    const r = spawnSync(timed ? TIME : cmd, argv, {
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1024 * 1024 * 1024,
      encoding: 'buffer',
    });
    const ms = performance.now() - t0;
    writeFileSync(out, r.stdout);
    const lines = r.stdout.toString('latin1').split('\n').length - 1;
    const rssMb = timed
      ? Number.parseInt(readFileSync(rss, 'utf8').trim().split('\n').pop() ?? '', 10) / 1024
      : undefined;
    if (!best || ms < best.ms) best = { ms, rssMb, code: r.status, lines };
  }
  return best as ProcessRun;
}

/**
 * The shipped CLI and rg as whole processes on the same file, same patterns class, output to a
 * pipe read by the bench each (the same destination for both). dist/cli.js is built if missing.
 */
async function wholeProcess(dir: string, small: string, text: string): Promise<BenchRow[]> {
  if (!existsSync(CLI)) {
    const built = spawnSync('npx', ['webpack', '--mode', 'production', '--config-name', 'cli'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    if (built.status !== 0 || !existsSync(CLI)) throw new Error('dist/cli.js is missing and webpack failed');
  }
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
  for (const [file, mb, target, runs] of [
    [small, TARGET_MB, '<= 2x rg', 3],
    [big, written / (1024 * 1024), '<= 1x rg, < 100 MB RSS', 2],
  ] as const) {
    const ours = runProcess(process.execPath, [CLI, 'logs', file], join(dir, 'ours.out'), runs);
    const rg = runProcess(RG, ['-n', '-f', patterns, file], join(dir, 'rg.out'), runs);
    const ok = ours.code === 1 && ours.lines === rg.lines;
    rows.push({
      name: `whole process: node dist/cli.js logs, ${mb.toFixed(0)} MB file (start-up + read + decode + match + output)`,
      value: ours.ms / 1000,
      unit: 's',
      target,
      reference:
        `rg -n -f (same file, output, run) ${(rg.ms / 1000).toFixed(2)} s: ${(ours.ms / rg.ms).toFixed(2)}x rg; ` +
        `RSS ours ${ours.rssMb?.toFixed(0) ?? '?'} MB, rg ${rg.rssMb?.toFixed(0) ?? '?'} MB (mmap); ` +
        (ok
          ? `${ours.lines} findings = rg lines`
          : `MISMATCH: exit ${ours.code}, ${ours.lines} findings vs rg ${rg.lines} lines`),
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
