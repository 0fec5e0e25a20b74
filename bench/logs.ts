/**
 * Log scanning benchmark: on a generated 50 MB istio-cni-style log (~1% problem lines) measures
 * the catalog matcher's full-scan throughput against ripgrep with the same patterns on the same
 * file in the same run, the combined-alternation alternative, the viewport (200 lines) time, and
 * the streaming CLI on a bigger file (BENCH_LOGS_CLI_MB, default 200; 1024 for the 1 GB check)
 * in a child process with a 64 MB heap cap.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CATALOG, catalogMatcher, LineIndex } from '../src/core/logs';
import { type BenchRow } from './types';

const TARGET_MB = 50;
const RG = '/usr/bin/rg';
/** V8 old-space cap for the streamed CLI run: a file many times larger must still pass. */
const HEAP_CAP_MB = 64;

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
    const rg = ripgrep(dir, file);
    rows.push({
      name: `matcher full scan (${mb.toFixed(0)} MB, ${CATALOG.length} patterns, prefilter)`,
      value: mb / (scanMs / 1000),
      unit: 'MB/s',
      target: '>= 300 MB/s, within 2x of rg',
      reference: rg
        ? `rg ${(mb / (rg.ms / 1000)).toFixed(0)} MB/s; matcher ${(rg.ms / scanMs).toFixed(2)}x rg speed`
        : 'rg not found',
    });
    rows.push({
      name: 'matcher full scan time',
      value: scanMs,
      unit: 'ms',
      reference: rg ? `rg ${rg.ms.toFixed(0)} ms` : undefined,
    });
    rows.push({
      name: 'combined alternation (one regex, no prefilter)',
      value: mb / (combinedMs / 1000),
      unit: 'MB/s',
      reference: `prefilter ${(mb / (scanMs / 1000)).toFixed(0)} MB/s`,
    });
    rows.push({
      name: 'matched lines: matcher',
      value: findings,
      unit: 'lines',
      reference: `rg ${rg?.count ?? '-'} lines, combined ${combinedLines.n}`,
    });

    const index = LineIndex.build(text);
    rows.push({
      name: 'line index build (50 MB)',
      value: bestOf(3, () => LineIndex.build(text)),
      unit: 'ms',
    });
    const viewport = viewportTimes(text, index, 2000);
    rows.push({
      name: 'viewport scan 200 lines p50',
      value: viewport.p50,
      unit: 'ms',
      target: '<= 1 ms (p95)',
    });
    rows.push({ name: 'viewport scan 200 lines p95', value: viewport.p95, unit: 'ms', target: '<= 1 ms' });

    rows.push(...(await cliStream(dir, text)));
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

function ripgrep(dir: string, file: string): { ms: number; count: number } | undefined {
  const patterns = join(dir, 'patterns.txt');
  writeFileSync(patterns, `${rgPatterns().join('\n')}\n`);
  let count = 0;
  let failed: string | undefined;
  const ms = bestOf(3, () => {
    const r = spawnSync(RG, ['-c', '-f', patterns, file], { encoding: 'utf8' });
    if (r.error || (r.status !== 0 && r.status !== 1)) failed = r.error?.message ?? r.stderr;
    count = Number.parseInt(r.stdout.trim() || '0', 10);
  });
  if (failed !== undefined) throw new Error(`rg failed: ${failed}`);
  return { ms, count };
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

/**
 * Runs the real CLI (`node out/src/cli/bin.js logs --format json big.log > /dev/null`) on a big
 * file in a child process whose V8 heap is capped at HEAP_CAP_MB: finishing at all shows the
 * memory is bounded, whatever the file size.
 */
async function cliStream(dir: string, text: string): Promise<BenchRow[]> {
  const targetMb = Number(process.env.BENCH_LOGS_CLI_MB ?? 200);
  const file = join(dir, 'big.log');
  const out = createWriteStream(file);
  let written = 0;
  while (written < targetMb * 1024 * 1024) {
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
    written += Buffer.byteLength(text);
  }
  await new Promise<void>((r) => out.end(() => r()));
  const bin = join(__dirname, '..', 'src', 'cli', 'bin.js');
  const t0 = performance.now();
  const child = spawnSync(
    process.execPath,
    [`--max-old-space-size=${HEAP_CAP_MB}`, bin, 'logs', '--format', 'json', file],
    { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
  );
  const ms = performance.now() - t0;
  const mb = written / (1024 * 1024);
  const ok = child.status === 1; // the generated log has error-severity findings
  return [
    {
      name: `CLI logs --format json, child process, ${mb.toFixed(0)} MB file`,
      value: mb / (ms / 1000),
      unit: 'MB/s',
      reference: ok
        ? `exit 1 as expected, heap capped at ${HEAP_CAP_MB} MB`
        : `FAILED: exit ${child.status ?? child.signal ?? '?'} ${child.stderr.slice(0, 200)}`,
    },
  ];
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
