import * as assert from 'assert';
import { CATALOG, catalogMatcher, MAX_LINE_SCAN, MIN_LITERAL, parseLogLine } from '../../../src/core/logs';
import { renderAll } from './render';

const REQUIRED_IDS = [
  'validation-connection-refused',
  'validation-timeout',
  'validation-failed',
  'repair-deleted-broken-pod',
  'repair-labeled-broken-pod',
  'repair-pod-repaired',
  'sandbox-istio-cni-failed',
  'no-ztunnel-connection',
  'cni-agent-unreachable',
  'istio-cni-binary-not-found',
  'cni-plugin-not-initialized',
  'config-reconciled-repeatedly',
  'istio-cni-config-removed',
  'ipset-entry-exists',
  'cni-unauthorized',
];

describe('logs: pattern catalog', () => {
  it('has at least 40 patterns with unique kebab-case IDs, including every ID the issue names', () => {
    assert.ok(CATALOG.length >= 40, `only ${CATALOG.length} patterns`);
    const ids = CATALOG.map((p) => p.id);
    assert.strictEqual(new Set(ids).size, ids.length, 'duplicate IDs');
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)+$/);
    for (const id of REQUIRED_IDS) assert.ok(ids.includes(id), `missing ${id}`);
  });

  it('documents every pattern (title, meaning, cause, fix, link, versions, examples)', () => {
    for (const p of CATALOG) {
      for (const key of ['title', 'meaning', 'cause', 'fix', 'versions'] as const) {
        assert.ok(p[key].trim().length > 0, `${p.id}: empty ${key}`);
      }
      assert.match(p.link, /^https:\/\//, `${p.id}: link`);
      assert.ok(p.examples.length > 0, `${p.id}: no example`);
      assert.ok(['error', 'warning', 'info'].includes(p.severity));
      assert.strictEqual(p.regex.flags, '', `${p.id}: catalog regexes take no flags`);
    }
  });

  it('gives every pattern literals that occur in each of its examples (the prefilter relies on it)', () => {
    for (const p of CATALOG) {
      assert.ok(p.literals.length > 0, `${p.id}: no literals`);
      for (const l of p.literals)
        assert.ok(l.length >= MIN_LITERAL, `${p.id}: literal "${l}" is shorter than ${MIN_LITERAL}`);
      for (const ex of p.examples)
        assert.ok(
          p.literals.some((l) => ex.includes(l)),
          `${p.id}: no literal in "${ex}"`,
        );
    }
  });

  describe('every example in every format its source logs in', () => {
    for (const p of CATALOG) {
      for (const ex of p.examples) {
        for (const r of renderAll(p.source, ex, p.severity)) {
          it(`${p.id} [${r.variant}] ${ex.slice(0, 60)}`, () => {
            const finding = catalogMatcher().matchLine(r.line, 7);
            assert.ok(finding, `no finding for ${r.line}`);
            assert.strictEqual(finding.patternId, p.id);
            assert.strictEqual(finding.severity, p.severity);
            assert.strictEqual(finding.line, 7);
            assert.strictEqual(parseLogLine(r.line).format, r.format);
            // The column range covers text of the line that the pattern's regex matches.
            assert.ok(
              finding.startColumn >= 0 &&
                finding.endColumn > finding.startColumn &&
                finding.endColumn <= r.line.length,
            );
            assert.ok(
              p.regex.test(r.line.slice(finding.startColumn, finding.endColumn)),
              'range does not cover the match',
            );
            // Fields come out unescaped whatever the format.
            for (const value of Object.values(finding.fields))
              assert.ok(!value.includes('\\"'), `escaped field ${value}`);
          });
        }
      }
    }
  });

  it('has no catalog regex that backtracks badly on a 64 KB adversarial line', function () {
    this.timeout(120000);
    // Not a speed test: a super-linear regex takes many seconds on these lines, a linear one ~1 ms.
    const fillers = [
      'a/'.repeat(16000),
      ' '.repeat(32000),
      '"'.repeat(32000),
      '\\"'.repeat(16000),
      'x: '.repeat(10000),
      '[/'.repeat(16000),
    ];
    for (const p of CATALOG) {
      for (const lit of p.literals) {
        for (const f of fillers) {
          const line = `${lit}${f}${lit}${f}`.slice(0, MAX_LINE_SCAN);
          const started = Date.now();
          p.regex.exec(line);
          assert.ok(Date.now() - started < 1000, `${p.id} backtracks on "${lit}" + "${f.slice(0, 4)}..."`);
        }
      }
    }
  });

  it('extracts the documented fields from the examples', () => {
    const m = catalogMatcher();
    const cases: [string, string, Record<string, string>][] = [
      [
        'repair-deleted-broken-pod',
        'Pod detected as broken, deleting: default/reviews-v1-5b8d6d8f6d-x2x9k',
        { pod: 'default/reviews-v1-5b8d6d8f6d-x2x9k' },
      ],
      [
        'istio-cni-binary-not-found',
        'failed to setup network for sandbox "16243b8acc1a": plugin type="istio-cni" name="istio-cni" failed (add): failed to find plugin "istio-cni" in path [/opt/cni/bin]',
        { path: '/opt/cni/bin', sandbox: '16243b8acc1a' },
      ],
      [
        'istio-cni-config-removed',
        'istio-cni CNI config removed from CNI config file: /host/etc/cni/net.d/05-cilium.conflist',
        { path: '/host/etc/cni/net.d/05-cilium.conflist' },
      ],
      [
        'validation-connection-refused',
        'Error connecting to 127.0.0.6:15002: dial tcp 127.0.0.1:0->127.0.0.6:15002: connect: connection refused',
        { error: 'dial tcp 127.0.0.1:0->127.0.0.6:15002: connect: connection refused' },
      ],
      [
        'sandbox-network-plugin-failed',
        'NetworkPlugin cni failed to set up pod "productpage-v1-6b746f74dc-9stvs_default" network: exit status 1',
        { pod: 'default/productpage-v1-6b746f74dc-9stvs', error: 'exit status 1' },
      ],
      [
        'pod-cache-miss',
        'got an event for pod httpbin-7f8b9c in namespace prod not found in current pod cache, retry 1 of 3',
        { pod: 'prod/httpbin-7f8b9c' },
      ],
    ];
    for (const [id, line, expected] of cases) {
      const f = m.matchLine(line);
      assert.strictEqual(f?.patternId, id, line);
      for (const [k, v] of Object.entries(expected))
        assert.strictEqual(f.fields[k as 'pod'], v, `${id}.${k}`);
    }
  });
});
