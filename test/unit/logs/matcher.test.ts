import * as assert from 'assert';
import { CATALOG, catalogMatcher, LineIndex, LogMatcher, validateUserPatterns } from '../../../src/core/logs';

const SAMPLE = [
  '2025-06-12T20:58:31.500067Z\tinfo\tcni-agent\tCNI version: 1.26.1',
  '2024-05-02T10:00:00.001001Z\terror\tError connecting to 127.0.0.6:15002: dial tcp 127.0.0.1:0->127.0.0.6:15002: connect: connection refused',
  '2025-06-12T20:58:31.500067Z\tinfo\tcni-agent\tinitial installation complete, start watching for re-installation',
  '2021-07-12T19:57:33.687386Z     error   validation timeout',
  '2023-03-02T10:11:12.123456Z\tinfo\tcni-agent\tPod detected as broken, deleting: default/reviews-v1-5b8d6d8f6d-x2x9k',
  '2025-01-17T15:25:21.968829Z\twarn\tConfiguration has been reconciled multiple times in a short period of time. This may be due to a conflicting component constantly reverting our work.',
].join('\n');

describe('logs: matcher', () => {
  it('returns line, column range, pattern, severity and fields', () => {
    const findings = catalogMatcher().scan(SAMPLE);
    assert.deepStrictEqual(
      findings.map((f) => [f.line, f.patternId, f.severity]),
      [
        [1, 'validation-connection-refused', 'error'],
        [3, 'validation-timeout', 'error'],
        [4, 'repair-deleted-broken-pod', 'warning'],
        [5, 'config-reconciled-repeatedly', 'warning'],
      ],
    );
    const lines = SAMPLE.split('\n');
    const timeout = findings[1];
    assert.ok(timeout);
    assert.strictEqual(lines[3]?.slice(timeout.startColumn, timeout.endColumn), 'validation timeout');
    assert.strictEqual(findings[2]?.fields.pod, 'default/reviews-v1-5b8d6d8f6d-x2x9k');
    assert.strictEqual(
      findings[2]?.message,
      'Pod detected as broken, deleting: default/reviews-v1-5b8d6d8f6d-x2x9k',
    );
  });

  it('scans a line range with or without a line index, with absolute line numbers', () => {
    const m = catalogMatcher();
    const all = m.scan(SAMPLE);
    const index = LineIndex.build(SAMPLE, 'lf');
    for (let start = 0; start <= 6; start++) {
      for (let end = start; end <= 6; end++) {
        const expected = all.filter((f) => f.line >= start && f.line < end);
        assert.deepStrictEqual(
          m.scan(SAMPLE, { startLine: start, endLine: end, lineIndex: index }),
          expected,
          `${start}-${end} indexed`,
        );
        assert.deepStrictEqual(
          m.scan(SAMPLE, { startLine: start, endLine: end }),
          expected,
          `${start}-${end} counted`,
        );
      }
    }
  });

  it('lets a sink stop the scan early', () => {
    const seen: number[] = [];
    catalogMatcher().scanInto(SAMPLE, {}, (f) => {
      seen.push(f.line);
      return seen.length < 2;
    });
    assert.deepStrictEqual(seen, [1, 3]);
  });

  it('numbers lines by \\n only (as rg -n does), with or without an index, past \\r\\n and a lone \\r', () => {
    const m = catalogMatcher();
    // CRLF on the first line, a lone \r inside line 2: the findings stay on lines 1, 3, 4, 5.
    const text = SAMPLE.replace('\n', '\r\n').replace('initial installation', 'initial\rinstallation');
    assert.deepStrictEqual(
      m.scan(text).map((f) => f.line),
      [1, 3, 4, 5],
    );
    const index = LineIndex.build(text, 'lf');
    for (let start = 0; start <= 6; start++)
      assert.deepStrictEqual(
        m.scan(text, { startLine: start, lineIndex: index }),
        m.scan(text, { startLine: start }),
      );
    assert.throws(
      () => m.scan(text, { startLine: 1, lineIndex: LineIndex.build(text, 'editor') }),
      /'lf' rule/,
    );
  });

  it('LineIndex maps lines to offsets and back', () => {
    const text = 'a\nbb\n\nccc';
    const index = LineIndex.build(text, 'lf');
    assert.strictEqual(index.lineCount, 4);
    assert.deepStrictEqual(
      [0, 1, 2, 3, 9].map((l) => index.offsetOf(l)),
      [0, 2, 5, 6, 9],
    );
    assert.deepStrictEqual(
      [0, 1, 2, 4, 5, 6, 8].map((o) => index.lineAt(o)),
      [0, 0, 1, 1, 2, 3, 3],
    );
  });

  it('runs user patterns next to the catalog, each with its own findings', () => {
    const { patterns, problems } = validateUserPatterns([
      {
        id: 'my-oom',
        regex: 'OOMKilled \\w+',
        severity: 'error',
        explanation: 'Container ran out of memory.',
      },
    ]);
    assert.deepStrictEqual(problems, []);
    const m = new LogMatcher([...CATALOG, ...patterns]);
    const text = `${SAMPLE}\nreason OOMKilled badly\nOOMKilled again`;
    const found = m.scan(text).filter((f) => f.patternId === 'my-oom');
    assert.deepStrictEqual(
      found.map((f) => [f.line, f.startColumn, f.endColumn, f.severity]),
      [
        [6, 7, 22, 'error'],
        [7, 0, 15, 'error'],
      ],
    );
    assert.strictEqual(m.pattern('my-oom')?.title, 'Container ran out of memory');
    assert.deepStrictEqual(
      m.scan(text, { startLine: 7 }).map((f) => f.line),
      [7],
    );
  });

  it('is the same matcher whatever the order of the input patterns for disjoint lines', () => {
    const reversed = new LogMatcher([...CATALOG].reverse());
    assert.deepStrictEqual(
      reversed.scan(SAMPLE).map((f) => f.patternId),
      catalogMatcher()
        .scan(SAMPLE)
        .map((f) => f.patternId),
    );
  });
});
