/**
 * Logs (issue 10): crafted log lines and patterns, compressed and UTF-16 logs, pattern files
 * that are FIFOs or devices. Cases that could hang on a regression run the real CLI as a child
 * process with a deadline, so a hang fails the case instead of the test run.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { memoryIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { catalogMatcher, MAX_LINE_SCAN, parseLogLine } from '../../../src/core/logs';
import type { ReliabilityArea } from './reliabilityCase';

const BIN = join(__dirname, '..', '..', '..', 'src', 'cli', 'bin.js');
const REFUSED =
  '2024-05-02T10:00:00.001001Z\terror\tError connecting to 127.0.0.6:15002: dial tcp 127.0.0.1:0->127.0.0.6:15002: connect: connection refused';
const TIMEOUT = '2024-05-02T10:00:01.001001Z\terror\tvalidation timeout';

let dir: string | undefined;
function tmp(name: string): string {
  dir ??= mkdtempSync(join(tmpdir(), 'logs-reliability-'));
  return join(dir, name);
}

/** Runs `istio-cni-doctor logs ...` as a process; a hang past `deadlineMs` fails the case. */
function cli(args: string[], deadlineMs = 30_000): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'logs', ...args], { encoding: 'utf8', timeout: deadlineMs });
  assert.ok(
    r.error === undefined && r.signal === null,
    `logs ${args.join(' ')} did not finish in ${deadlineMs} ms`,
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function within(ms: number, what: string, fn: () => void): void {
  const t0 = Date.now();
  fn();
  const took = Date.now() - t0;
  assert.ok(took < ms, `${what} took ${took} ms (bound ${ms} ms)`);
}

/** The two findings every sample log below must keep, whatever else is in it. */
function assertBothFound(stdout: string, file: string): void {
  assert.match(stdout, new RegExp(`${escape(file)}:\\d+ error validation-connection-refused `));
  assert.match(stdout, new RegExp(`${escape(file)}:\\d+ error validation-timeout `));
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const area: ReliabilityArea = {
  title: 'Logs (crafted lines and patterns, compressed and UTF-16 logs, pattern files)',
  order: 50,
  cases: [
    {
      id: 'logs-k8s-args-crafted-line',
      fault:
        'A 64 KB kubelet line with `K8S_POD_NAMESPACE=a;a;a;…` and no `K8S_POD_NAME` (the pod-field lookup used to take over 60 s on it)',
      behaviour:
        'The line is matched in milliseconds: pod fields come from a one-pass scan of the `K8S_POD_*` arguments',
      run: () => {
        const head = 'plugin type="istio-cni" name="istio-cni" failed (add): CNI_ARGS K8S_POD_NAMESPACE=';
        const line = (head + 'a;'.repeat(MAX_LINE_SCAN)).slice(0, MAX_LINE_SCAN);
        within(2000, 'the crafted line', () => assert.ok(catalogMatcher().matchLine(line)));
        const f = catalogMatcher().matchLine(
          `${head}default;K8S_POD_NAME=web-1;K8S_POD_INFRA_CONTAINER_ID=abc exit status 1`,
        );
        assert.strictEqual(f?.fields.pod, 'default/web-1');
      },
      timeoutMs: 120_000,
    },
    {
      id: 'logs-trailing-spaces-line',
      fault: 'An Istio log line followed by 65,000 spaces (the trailing-labels split used to take 6 s on it)',
      behaviour: 'Parsed in milliseconds: labels are looked for only after the last tab or double space',
      run: () => {
        const line = `2024-05-02T10:00:00.001001Z\terror\tcni-agent\tsome message${' '.repeat(65_000)}x`;
        within(1000, 'the line', () => parseLogLine(line));
        const labelled = parseLogLine(
          '2024-05-02T10:00:00.001001Z\tinfo\tcni-agent\tadding pod\tns=default name=web-1',
        );
        assert.deepStrictEqual(labelled.labels, { ns: 'default', name: 'web-1' });
      },
      timeoutMs: 60_000,
    },
    {
      id: 'logs-catalog-repeated-literal',
      fault:
        'A 64 KB line repeating a pattern\'s text without its ending ("failed to reconcile inpod rules for pod" …, "node agent announcement failed (" …)',
      behaviour:
        'Every built-in regex stays linear (bounded repetitions); the catalogue test checks each regex on lines generated from its own structure',
      run: () => {
        const m = catalogMatcher();
        for (const unit of [
          'failed to reconcile inpod rules for pod a',
          'node agent announcement failed ( ',
          'failed to contact node Istio CNI agent: a',
          'failed to find plugin "istio-cni" in path [a',
        ]) {
          // Linear: x4 time for x4 length, ~1-4 ms (these were x16 and 100-400 ms). Fastest of 5 runs.
          const time = (n: number) => {
            const line = unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
            let best = Infinity;
            for (let i = 0; i < 5; i++) {
              const t0 = performance.now();
              m.matchLine(line);
              best = Math.min(best, performance.now() - t0);
            }
            return best;
          };
          const quarter = time(MAX_LINE_SCAN / 4);
          const whole = time(MAX_LINE_SCAN);
          assert.ok(
            whole < Math.max(quarter * 10, 50),
            `"${unit}…": ${quarter.toFixed(1)} ms at 16 KB, ${whole.toFixed(1)} ms at 64 KB`,
          );
        }
      },
    },
    {
      id: 'logs-user-pattern-catastrophic',
      fault:
        '`logs --pattern-file` with `(a|a)*b` and `a*a*a*a*a*b` next to a good pattern, on lines of `a`s (the CLI used to hang for minutes)',
      behaviour:
        'Each bad pattern is switched off after 250 ms on one line with a message naming it and the line; the good pattern and the catalog still find everything; exit 2',
      run: () => {
        const patterns = tmp('patterns.json');
        writeFileSync(
          patterns,
          JSON.stringify([
            { id: 'alt-star', regex: '(a|a)*b', severity: 'warning', explanation: 'bad' },
            { id: 'star-chain', regex: 'a*a*a*a*a*b', severity: 'warning', explanation: 'bad' },
            {
              id: 'my-deadline',
              regex: 'deadline (?<error>exceeded)',
              severity: 'error',
              explanation: 'good',
            },
          ]),
        );
        const log = tmp('user.log');
        writeFileSync(
          log,
          `${'a'.repeat(28)}\n${REFUSED}\n${'a'.repeat(5000)}\ncontext deadline exceeded\n${TIMEOUT}\n`,
        );
        const r = cli(['--pattern-file', patterns, log]);
        assert.strictEqual(r.code, 2, r.stderr);
        assert.match(
          r.stderr,
          /user pattern "alt-star" took over 250 ms on line 1 of .* and was switched off/,
        );
        assert.match(
          r.stderr,
          /user pattern "star-chain" took over 250 ms on line 3 of .* and was switched off/,
        );
        assertBothFound(r.stdout, log);
        assert.match(r.stdout, /user\.log:4 error my-deadline good: context deadline exceeded/);
      },
      timeoutMs: 60_000,
    },
    {
      id: 'logs-deeply-nested-json-line',
      fault:
        'One JSON log line nested 30,000 levels deep among good lines (it used to abort the whole file with "Maximum call stack size exceeded")',
      behaviour:
        "The other lines' findings are all reported; the deep line is matched or skipped with a note on stderr, never the file",
      run: async () => {
        const deep = `{"level":"error","msg":"validation timeout","x":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
        const log = tmp('deep.log');
        writeFileSync(log, `${REFUSED}\n${deep}\n${TIMEOUT}\n`);
        const io = memoryIo();
        const code = await main(['logs', log], io);
        assert.strictEqual(code, 1, io.stderr);
        assertBothFound(io.stdout, log);
        assert.match(io.stdout, /deep\.log:3 error validation-timeout/);
      },
    },
    {
      id: 'logs-gzip',
      fault: 'A gzip-compressed log (`istio-cni.log.gz`, used to scan as empty: exit 0, no output)',
      behaviour:
        'Decompressed by its magic bytes and scanned; a truncated .gz is exit 2 "not a valid gzip file" after the findings read so far',
      run: async () => {
        const text = `${REFUSED}\n${TIMEOUT}\n`;
        const gz = tmp('istio-cni.log.gz');
        writeFileSync(gz, gzipSync(text));
        const io = memoryIo();
        assert.strictEqual(await main(['logs', gz], io), 1, io.stderr);
        assertBothFound(io.stdout, gz);
        const truncated = tmp('cut.log.gz');
        writeFileSync(truncated, gzipSync(text.repeat(1000)).subarray(0, 200));
        const cut = memoryIo();
        assert.strictEqual(await main(['logs', truncated], cut), 2);
        assert.match(cut.stderr, /cannot read '.*cut\.log\.gz': not a valid gzip file/);
      },
    },
    {
      id: 'logs-utf16',
      fault:
        'A UTF-16 log, with a byte-order mark (saved by PowerShell/Notepad) or without one (used to scan as empty: exit 0)',
      behaviour: 'Decoded and scanned, with a note on stderr saying the file was UTF-16',
      run: async () => {
        const text = `${REFUSED}\r\n${TIMEOUT}\r\n`;
        const le = tmp('le.log');
        writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
        const be = tmp('be.log');
        writeFileSync(be, Buffer.from(text, 'utf16le').swap16());
        for (const [file, kind] of [
          [le, 'utf-16le'],
          [be, 'utf-16be'],
        ] as const) {
          const io = memoryIo();
          assert.strictEqual(await main(['logs', file], io), 1, io.stderr);
          assertBothFound(io.stdout, file);
          assert.match(io.stderr, new RegExp(`is ${kind} text; decoded`));
        }
      },
    },
    {
      id: 'logs-pattern-file-fifo-or-device',
      fault:
        '`--pattern-file` naming a FIFO with no writer, or `/dev/zero` (used to block forever, or read 600 MB before failing)',
      behaviour:
        'Refused at once without reading: exit 2, "cannot read pattern file …: not a regular file (a FIFO)" / "(a device)"',
      run: () => {
        const fifo = tmp('patterns.fifo');
        const made = spawnSync('/bin/sh', ['-c', 'mkfifo "$1"', 'sh', fifo]);
        assert.strictEqual(made.status, 0, 'mkfifo');
        const log = tmp('plain.log');
        writeFileSync(log, `${REFUSED}\n`);
        const a = cli(['--pattern-file', fifo, log], 10_000);
        assert.strictEqual(a.code, 2);
        assert.match(a.stderr, /cannot read pattern file '.*patterns\.fifo': not a regular file \(a FIFO\)/);
        const b = cli(['--pattern-file', '/dev/zero', log], 10_000);
        assert.strictEqual(b.code, 2);
        assert.match(b.stderr, /cannot read pattern file '\/dev\/zero': not a regular file \(a device\)/);
      },
      timeoutMs: 30_000,
    },
  ],
};
