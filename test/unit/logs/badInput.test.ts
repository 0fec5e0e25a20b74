import * as assert from 'assert';
import {
  catalogMatcher,
  LogStreamScanner,
  looksLikeIstioLog,
  parseLogLine,
  summarize,
} from '../../../src/core/logs';

const REFUSED =
  '2024-05-02T10:00:00.001001Z\terror\tError connecting to 127.0.0.6:15002: dial tcp 127.0.0.1:0->127.0.0.6:15002: connect: connection refused';

describe('logs: bad input', () => {
  const m = catalogMatcher();

  it('empty text: no findings, no crash', () => {
    assert.deepStrictEqual(m.scan(''), []);
    assert.deepStrictEqual(m.scan('', { startLine: 5, endLine: 10 }), []);
    const s = new LogStreamScanner(m);
    assert.deepStrictEqual([...s.push(new Uint8Array(0)), ...s.end()], []);
    assert.strictEqual(looksLikeIstioLog(''), false);
  });

  it('NUL bytes around a matching line', () => {
    const text = `\u0000\u0000\n${REFUSED}\u0000\n\u0000validation timeout`;
    assert.deepStrictEqual(
      m.scan(text).map((f) => [f.line, f.patternId]),
      [
        [1, 'validation-connection-refused'],
        [2, 'validation-timeout'],
      ],
    );
  });

  it('invalid UTF-8 is replaced, not fatal', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a]),
      Buffer.from(`${REFUSED}\n`),
      Buffer.from([0xe2, 0x82]),
    ]);
    const s = new LogStreamScanner(m);
    const got = [...s.push(bytes), ...s.end()];
    assert.deepStrictEqual(
      got.map((f) => f.line),
      [1],
    );
  });

  it('one 10 MB line: matched on its head only, and fast', () => {
    const huge = `validation timeout ${'y'.repeat(10 * 1024 * 1024)} validation timeout`;
    const started = Date.now();
    const got = m.scan(`${huge}\n${REFUSED}`);
    assert.deepStrictEqual(
      got.map((f) => [f.line, f.startColumn]),
      [
        [0, 0],
        [1, REFUSED.indexOf('Error connecting')],
      ],
    );
    assert.ok(Date.now() - started < 5000);
    const tailOnly = m.scan(`${'y'.repeat(10 * 1024 * 1024)} validation timeout`);
    assert.deepStrictEqual(tailOnly, [], 'a match beyond the scan cap is not reported');
    assert.strictEqual(parseLogLine(huge).format, 'plain');
  });

  it('500,000 matching lines: every one found, counted and summarised', function () {
    this.timeout(60000); // ~3 s of CPU; the machine may be shared
    const text = `${REFUSED}\n`.repeat(500_000);
    const summary = { n: 0, last: -1 };
    const counts = new Map<string, number>();
    m.scanInto(text, {}, (f) => {
      summary.n++;
      summary.last = f.line;
      counts.set(f.patternId, (counts.get(f.patternId) ?? 0) + 1);
    });
    assert.strictEqual(summary.n, 500_000);
    assert.strictEqual(summary.last, 499_999);
    assert.deepStrictEqual([...counts], [['validation-connection-refused', 500_000]]);
    const some = m.scan(text, { startLine: 250_000, endLine: 250_010 });
    assert.strictEqual(summarize(some, (id) => m.pattern(id)).text, '10 validation failures');
  });

  it('CRLF line endings: same lines, columns exclude the CR', () => {
    const lf = `${REFUSED}\nfoo\nvalidation timeout`;
    const crlf = lf.replace(/\n/g, '\r\n');
    assert.deepStrictEqual(m.scan(crlf), m.scan(lf));
    const timeout = m.scan(crlf)[1];
    assert.strictEqual(timeout?.endColumn, 'validation timeout'.length);
  });

  it('ANSI colour codes: the line still matches and the message is clean', () => {
    const coloured =
      '\x1b[90m2024-05-02T10:00:00.001001Z\x1b[0m\t\x1b[31merror\x1b[0m\t\x1b[1mvalidation timeout\x1b[0m';
    const [f] = m.scan(coloured);
    assert.strictEqual(f?.patternId, 'validation-timeout');
    assert.strictEqual(f.message, 'validation timeout');
    assert.strictEqual(coloured.slice(f.startColumn, f.endColumn), 'validation timeout');
  });

  it('line readers and matcher stay linear on 64 KB adversarial lines of every format', function () {
    this.timeout(120000);
    // Not a speed test: a super-linear regex takes seconds here, a linear one a few ms.
    const heads = [
      '2024-11-10T13:54:13.762966Z\terror\tcni-agent\t',
      '2024-11-10T13:54:13.762966Z\terror\tinpod::x\t',
      'E1111 19:19:23.250596    7321 kubelet.go:2855] ',
      'Nov 11 19:19:23 node-1 kubelet[7321]: ',
      'time="x" level=error ',
      '  Warning  FailedCreatePodSandBox  3m  kubelet  ',
      '{"level":"info","msg":"',
      'istio-cni-node-qctjq ',
    ];
    const fillers = [
      `${'  a=b'.repeat(13000)} x`,
      `${' a=b'.repeat(16000)}  x`,
      'a="'.repeat(20000),
      'a=\\"'.repeat(16000),
      `${' '.repeat(64000)}x`,
      'ab-'.repeat(20000),
      '"x" '.repeat(16000),
    ];
    for (const head of heads) {
      for (const filler of fillers) {
        const line = `${head}${filler}`.slice(0, 65536);
        const started = Date.now();
        parseLogLine(line);
        m.matchLine(line);
        assert.ok(
          Date.now() - started < 1000,
          `slow on ${JSON.stringify(head)} + ${JSON.stringify(filler.slice(0, 6))}`,
        );
      }
    }
  });

  it('binary-looking text is not detected as an Istio log', () => {
    assert.strictEqual(looksLikeIstioLog('\u0000\u0001\u0002 istio cni \u0000'), false);
  });
});
