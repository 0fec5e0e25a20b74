/**
 * The file reader of `logs` at its real chunk size: it reads ahead into a second buffer while the
 * scanner works on the first, so these check that a chunk is never refilled under the caller, and
 * that lines cut by a read edge (a multi-byte character, a literal, a CRLF) are found as in one
 * whole-text scan.
 */
import * as assert from 'assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { memoryIo } from '../../../src/cli/io';
import { openLogSource, READ_CHUNK } from '../../../src/cli/logs/logSource';
import { main } from '../../../src/cli/main';
import { CATALOG, LogMatcher } from '../../../src/core/logs';

const TS = '2025-06-12T21:58:31.100401Z';
const noStdin = (): NodeJS.ReadableStream => {
  throw new Error('no stdin in this test');
};

/** Appends ordinary agent lines to `parts` until the text is exactly `target` bytes long. */
function fillTo(parts: Buffer[], target: number): void {
  let size = parts.reduce((n, p) => n + p.length, 0);
  const line = (name: string) =>
    Buffer.from(`${TS}\tinfo\tcni-agent\tadding pod to the mesh\tns=default name=${name}\n`);
  const base = line('').length;
  for (let i = 0; size + 2 * 120 < target; i++) {
    const l = line(`app-${i}-7f8b9c-x7k2p`);
    parts.push(l);
    size += l.length;
  }
  const left = target - size;
  assert.ok(left >= 2 * base, `${left} bytes cannot be filled`);
  const half = Math.floor(left / 2);
  parts.push(line('a'.repeat(half - base)), line('b'.repeat(left - half - base)));
}

describe('logs: file reader at its real chunk size', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'logs-source-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a chunk stays intact until the next one is asked for, and the chunks are the file', async () => {
    const file = join(dir, 'bytes.log');
    const bytes = Buffer.alloc(3 * READ_CHUNK + 12345);
    for (let i = 0, x = 7; i < bytes.length; i++) bytes[i] = x = (x * 1103515245 + 12345) & 0xff;
    bytes[0] = 0x41; // not gzip, not UTF-16
    writeFileSync(file, bytes);
    const source = await openLogSource(file, noStdin);
    const copies: Buffer[] = [];
    for await (const chunk of source.chunks) {
      assert.ok(typeof chunk !== 'string');
      const copy = Buffer.from(chunk);
      // Give a read into the wrong buffer every chance to land before the check.
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.ok(copy.equals(chunk), `chunk ${copies.length} changed under the caller`);
      copies.push(copy);
    }
    assert.ok(copies.length >= 4, `${copies.length} chunks`);
    assert.ok(Buffer.concat(copies).equals(bytes));
    assert.strictEqual(source.bytesRead(), bytes.length);
  });

  it('finds lines cut by read edges (a multi-byte character, a literal, CRLF) as a whole-text scan does', async () => {
    const parts: Buffer[] = [];
    const at = () => parts.reduce((n, p) => n + p.length, 0);
    // 1. 'é' (2 bytes in UTF-8) split by the first read edge, inside a matching line.
    const write = `${TS}\terror\tcni-agent\tFailed to write CNI config file /host/etc/cni/net.d/10-calico-é.conflist: open /host/etc/cni/net.d/10-calico-é.conflist: read-only file system\n`;
    fillTo(parts, READ_CHUNK - Buffer.from(write).indexOf('é') - 1);
    parts.push(Buffer.from(write));
    // 2. The literal 'connection refused' split by the second edge.
    const refused = `${TS}\terror\tcni-agent\tError connecting to 127.0.0.6:15002: dial tcp 127.0.0.1:0->127.0.0.6:15002: connect: connection refused\n`;
    fillTo(parts, 2 * READ_CHUNK - refused.indexOf('connection refused') - 5);
    parts.push(Buffer.from(refused));
    // 3. CRLF split by the third edge: '\r' ends one read, '\n' starts the next.
    const crlf = `${TS}\terror\tcni-agent\tvalidation timeout\r\n`;
    fillTo(parts, 3 * READ_CHUNK - crlf.length + 1);
    parts.push(Buffer.from(crlf));
    assert.strictEqual(at(), 3 * READ_CHUNK + 1);
    // 4. A last line without a newline.
    parts.push(
      Buffer.from(`${TS}\tinfo\tcni-agent\tadding pod\n${TS}\terror\tcni-agent\tvalidation timeout`),
    );
    const text = Buffer.concat(parts);
    const file = join(dir, 'edges.log');
    writeFileSync(file, text);

    const io = memoryIo();
    assert.strictEqual(await main(['logs', '--format', 'json', file], io), 1);
    const got = (JSON.parse(io.stdout) as { findings: { line: number; pattern: string; message: string }[] })
      .findings;
    const expected = new LogMatcher(CATALOG)
      .scan(readFileSync(file, 'utf8'))
      .map((f) => ({ line: f.line + 1, pattern: f.patternId, message: f.message }));
    assert.deepStrictEqual(
      got.map((f) => ({ line: f.line, pattern: f.pattern, message: f.message })),
      expected,
    );
    assert.deepStrictEqual(
      got.map((f) => f.pattern),
      [
        'cni-config-write-failed',
        'validation-connection-refused',
        'validation-timeout',
        'validation-timeout',
      ],
    );
    assert.ok(got[0]?.message.includes('10-calico-é.conflist'), got[0]?.message);
    assert.ok(!got[2]?.message.endsWith('\r'));
  });
});
