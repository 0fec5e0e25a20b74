import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { catalogMatcher, LogStreamScanner, MAX_STREAM_LINE, scanChunks } from '../../../src/core/logs';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'logs');

describe('logs: streaming scanner', () => {
  const text = [
    'kubelet-events.txt',
    'ambient-no-ztunnel-53843.log',
    'normal-startup.log',
    'validation-failed.log',
  ]
    .map((f) => readFileSync(join(FIXTURES, f), 'utf8'))
    .join('\n');
  const whole = catalogMatcher().scan(text);

  it('gives the same findings as a whole-text scan for any chunk size', () => {
    const bytes = Buffer.from(text, 'utf8');
    for (const size of [1, 7, 64, 1000, 65536]) {
      const scanner = new LogStreamScanner(catalogMatcher());
      const got = [];
      for (let i = 0; i < bytes.length; i += size) got.push(...scanner.push(bytes.subarray(i, i + size)));
      got.push(...scanner.end());
      assert.deepStrictEqual(got, whole, `chunk size ${size}`);
    }
  });

  it('keeps nothing that points into a chunk: the caller may reuse one read buffer', () => {
    const bytes = Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8');
    const crlf = catalogMatcher().scan(text.replace(/\n/g, '\r\n'));
    for (const size of [13, 4096]) {
      const buffer = Buffer.alloc(size);
      const scanner = new LogStreamScanner(catalogMatcher());
      const got = [];
      for (let i = 0; i < bytes.length; i += size) {
        const n = bytes.copy(buffer, 0, i, i + size);
        got.push(...scanner.push(buffer.subarray(0, n)));
        buffer.fill(0x78); // overwritten before the next read
      }
      got.push(...scanner.end());
      assert.deepStrictEqual(got, crlf, `chunk size ${size}`);
    }
  });

  it('decodes multi-byte characters split across chunks', () => {
    const line =
      '2024-05-02T10:00:00.001001Z\terror\tError connecting to 127.0.0.6:15002: ünïcødé → connection refused\n';
    const bytes = Buffer.from(`héllo\n${line}`, 'utf8');
    const scanner = new LogStreamScanner(catalogMatcher());
    const got = [...bytes].flatMap((b) => scanner.push(Uint8Array.of(b))).concat(scanner.end());
    assert.strictEqual(got.length, 1);
    assert.strictEqual(got[0]?.line, 1);
    assert.ok(got[0]?.fields.error?.includes('ünïcødé → connection refused'));
  });

  it('scans async chunk sources and counts lines', async () => {
    async function* source() {
      yield 'validation timeout\nfoo\n';
      await Promise.resolve();
      yield Buffer.from('bar\nvalidation timeout');
    }
    const got = [];
    for await (const f of scanChunks(source(), catalogMatcher())) got.push(f.line);
    assert.deepStrictEqual(got, [0, 3]);
  });

  it('keeps at most one bounded partial line for a huge line without newlines', () => {
    const scanner = new LogStreamScanner(catalogMatcher());
    const chunk = 'x'.repeat(256 * 1024);
    const found = scanner.push('validation timeout ');
    for (let i = 0; i < 40; i++) found.push(...scanner.push(chunk)); // 10 MB line
    found.push(...scanner.push('validation timeout\nvalidation timeout\n'));
    found.push(...scanner.end());
    // The head of the long line is matched, its tail skipped, and the following line counted right.
    assert.deepStrictEqual(
      found.map((f) => f.line),
      [0, 1],
    );
    assert.strictEqual(scanner.linesRead, 2);
    assert.ok((scanner as unknown as { carry: string }).carry.length <= MAX_STREAM_LINE);
  });
});
