import * as assert from 'assert';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { main } from '../../../src/cli/main';
import { memoryIo } from '../../../src/cli/io';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'logs');
const fixture = (name: string): string => join(FIXTURES, name);

interface JsonOut {
  findings: {
    file: string;
    line: number;
    severity: string;
    pattern: string;
    title: string;
    message: string;
    fields: Record<string, string>;
  }[];
}

describe('logs: CLI', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'logs-cli-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exit 1 and one text line per finding when an error-severity finding exists', async () => {
    const io = memoryIo();
    const code = await main(['logs', fixture('validation-old-33986.log')], io);
    assert.strictEqual(code, 1);
    assert.deepStrictEqual(io.stdout.trimEnd().split('\n'), [
      `${fixture('validation-old-33986.log')}:4 error validation-connection-refused Traffic redirection missing in the pod (istio-validation): Error connecting to 127.0.0.6:15002: dial tcp 127.0.0.1:0->127.0.0.6:15002: connect: connection refused`,
      `${fixture('validation-old-33986.log')}:5 error validation-timeout istio-validation timed out: validation timeout`,
    ]);
    assert.strictEqual(io.stderr, '');
  });

  it('exit 0 for a clean log and for warnings only', async () => {
    const clean = memoryIo();
    assert.strictEqual(await main(['logs', fixture('normal-startup.log')], clean), 0);
    assert.strictEqual(clean.stdout, '');
    const onlyWarn = join(dir, 'warn.log');
    writeFileSync(
      onlyWarn,
      '2023-03-02T10:11:12.123456Z\tinfo\tcni-agent\tPod detected as broken, deleting: default/reviews-v1\n',
    );
    const io = memoryIo();
    assert.strictEqual(await main(['logs', onlyWarn], io), 0);
    assert.match(io.stdout, /:1 warning repair-deleted-broken-pod /);
  });

  it('json: exactly {findings:[{file,line,severity,pattern,title,message,fields}]} with 1-based lines', async () => {
    const io = memoryIo();
    const code = await main(['logs', '--format', 'json', fixture('kubelet-events.txt')], io);
    assert.strictEqual(code, 1);
    const out = JSON.parse(io.stdout) as JsonOut;
    assert.deepStrictEqual(Object.keys(out), ['findings']);
    assert.strictEqual(out.findings.length, 10);
    const first = out.findings[0];
    assert.ok(first);
    assert.deepStrictEqual(Object.keys(first), [
      'file',
      'line',
      'severity',
      'pattern',
      'title',
      'message',
      'fields',
    ]);
    assert.deepStrictEqual(
      [first.file, first.line, first.severity, first.pattern],
      [fixture('kubelet-events.txt'), 5, 'error', 'no-ztunnel-connection'],
    );
    assert.strictEqual(
      first.fields.sandbox,
      '16243b8acc1a117728e758c2f2a922bac3d574e2d518d9df08f6ce7e8eb3a97a',
    );
  });

  it('json with no findings is still a valid document', async () => {
    const io = memoryIo();
    assert.strictEqual(await main(['logs', '--format=json', fixture('normal-startup.json.log')], io), 0);
    assert.deepStrictEqual(JSON.parse(io.stdout), { findings: [] });
  });

  it("reads standard input for '-' and names it '-'", async () => {
    const io = memoryIo('foo\nvalidation timeout\n');
    assert.strictEqual(await main(['logs', '--format', 'json', '-'], io), 1);
    const out = JSON.parse(io.stdout) as JsonOut;
    assert.deepStrictEqual(
      out.findings.map((f) => [f.file, f.line, f.pattern]),
      [['-', 2, 'validation-timeout']],
    );
  });

  it('exit 2 on usage errors, with the reason on stderr', async () => {
    for (const args of [
      [],
      ['--format', 'xml', 'a.log'],
      ['--format'],
      ['--bogus', 'a.log'],
      ['--pattern-file'],
    ]) {
      const io = memoryIo();
      assert.strictEqual(await main(['logs', ...args], io), 2, args.join(' '));
      assert.match(io.stderr, /istio-cni-doctor logs: /);
    }
  });

  it('exit 2 on read errors naming the path and reason, still scanning the other files', async () => {
    const io = memoryIo();
    const missing = join(dir, 'missing.log');
    const code = await main(['logs', missing, dir, fixture('validation-old-33986.log')], io);
    assert.strictEqual(code, 2);
    assert.match(
      io.stderr,
      new RegExp(`cannot read '${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}': no such file`),
    );
    assert.match(io.stderr, /: is a directory/);
    assert.match(io.stdout, /validation-timeout/);
  });

  it('--pattern-file adds user patterns; invalid files exit 2 with the problem', async () => {
    const good = join(dir, 'patterns.json');
    writeFileSync(
      good,
      JSON.stringify([
        { id: 'oom-killed', regex: 'OOMKilled', severity: 'error', explanation: 'Out of memory.' },
      ]),
    );
    const log = join(dir, 'oom.log');
    writeFileSync(log, 'all good\nreason: OOMKilled\n');
    const io = memoryIo();
    assert.strictEqual(await main(['logs', '--pattern-file', good, log], io), 1);
    assert.strictEqual(io.stdout, `${log}:2 error oom-killed Out of memory: reason: OOMKilled\n`);

    const bad = join(dir, 'bad.json');
    for (const content of ['{not json', JSON.stringify([{ id: 'x-y', regex: '(a+)+' }])]) {
      writeFileSync(bad, content);
      const e = memoryIo();
      assert.strictEqual(await main(['logs', '--pattern-file', bad, log], e), 2);
      assert.match(e.stderr, /pattern file '.*bad\.json' (is not valid JSON|has invalid patterns)/);
    }
    const e = memoryIo();
    assert.strictEqual(await main(['logs', '--pattern-file', join(dir, 'nope.json'), log], e), 2);
    assert.match(e.stderr, /cannot read pattern file .*no such file/);
  });

  it('handles binary junk, CRLF and a file without a final newline', async () => {
    const junk = join(dir, 'junk.log');
    writeFileSync(
      junk,
      Buffer.concat([Buffer.from([0, 0xff, 0xfe, 10]), Buffer.from('foo\r\nvalidation timeout')]),
    );
    const io = memoryIo();
    assert.strictEqual(await main(['logs', junk], io), 1);
    assert.strictEqual(
      io.stdout,
      `${junk}:3 error validation-timeout istio-validation timed out: validation timeout\n`,
    );
  });

  it('streams a 20 MB file without keeping it (findings on the right lines)', async () => {
    const big = join(dir, 'big.log');
    const block = `${'2025-06-12T21:58:31.100401Z\tinfo\tcni-agent\tdetected changes to the node-level CNI setup\n'.repeat(9999)}validation timeout\n`;
    writeFileSync(big, block.repeat(20));
    const io = memoryIo();
    assert.strictEqual(await main(['logs', '--format', 'json', big], io), 1);
    const out = JSON.parse(io.stdout) as JsonOut;
    assert.deepStrictEqual(
      out.findings.map((f) => f.line),
      Array.from({ length: 20 }, (_, i) => (i + 1) * 10000),
    );
  });
});
