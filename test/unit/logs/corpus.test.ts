/**
 * The golden corpus (test/fixtures/logs/corpus) against the catalog: every error/warning call site
 * has a pattern or a written reason, every pattern matches the real renderings of its call sites
 * in every format, normal lines stay silent, and each pattern's versions, severity and examples
 * agree with the source tags the corpus records.
 */
import * as assert from 'assert';
import { join } from 'path';
import { CATALOG, catalogMatcher, catalogPattern, parseLogLine } from '../../../src/core/logs';
import {
  compareTags,
  type CorpusRow,
  loadCorpus,
  renderMessage,
  SCAN_WINDOW,
  tagRange,
} from '../../../tools/logCorpus';
import { renderRow } from './corpusRender';

const ROOT = join(__dirname, '..', '..', '..', '..');
const CORPUS = loadCorpus(ROOT);
const matcher = catalogMatcher();

function rowsOf(id: string): CorpusRow[] {
  return CORPUS.filter((r) => r.pattern === id);
}

describe('logs: golden corpus', () => {
  it('has the call sites of every corpus file, each with a pattern or a written reason', () => {
    assert.ok(CORPUS.length > 150, `only ${CORPUS.length} rows`);
    const keys = CORPUS.map((r) => `${r.corpus} ${r.site} ${r.format} ${r.args.join('|')}`);
    assert.deepStrictEqual(
      keys.filter((k, i) => keys.indexOf(k) !== i),
      [],
      'duplicate rows',
    );
    for (const r of CORPUS) {
      const where = `${r.corpus}.tsv ${r.site} ${r.format.slice(0, 50)}`;
      if (r.pattern === 'normal')
        assert.ok(r.reason.trim().length >= 10, `${where}: normal without a reason`);
      else assert.ok(catalogPattern(r.pattern), `${where}: unknown pattern ${r.pattern}`);
      if (r.corpus !== 'runtime') {
        assert.match(r.site, /^[\w./-]+:\d+$/, `${where}: site`);
        assert.ok(compareTags(r.first, r.last) <= 0, `${where}: range`);
      }
    }
  });

  describe('every covered call site matches its pattern in every format', () => {
    for (const r of CORPUS.filter((x) => x.pattern !== 'normal')) {
      for (const rendered of renderRow(r)) {
        it(`${r.pattern} <- ${r.site} [${rendered.variant}]`, () => {
          const f = matcher.matchLine(rendered.line);
          assert.ok(f, `no finding for ${rendered.line}`);
          assert.strictEqual(f.patternId, r.pattern, rendered.line);
          assert.strictEqual(parseLogLine(rendered.line).format, rendered.format, rendered.line);
        });
      }
    }
  });

  describe('normal call sites are not findings', () => {
    for (const r of CORPUS.filter((x) => x.pattern === 'normal')) {
      it(`${r.site} ${r.format.slice(0, 50)}`, () => {
        for (const rendered of renderRow(r)) {
          const f = matcher.matchLine(rendered.line);
          assert.strictEqual(f, undefined, `${f?.patternId ?? ''} on ${rendered.line}`);
        }
      });
    }
  });

  it('gives every pattern the severity of the level its source logs at (the loudest of its call sites)', () => {
    const rank = { info: 0, warn: 1, error: 2, fatal: 2 } as const;
    const sev = ['info', 'warning', 'error'] as const;
    const wrong: string[] = [];
    for (const p of CATALOG) {
      const rows = rowsOf(p.id).filter((r) => r.corpus !== 'runtime');
      if (rows.length === 0) continue;
      const loudest = sev[Math.max(...rows.map((r) => (r.kind === 'event' ? 1 : rank[r.level])))];
      if (p.severity !== loudest) wrong.push(`${p.id}: ${p.severity}, logged at ${loudest ?? '?'}`);
    }
    assert.deepStrictEqual(wrong, []);
  });

  it('states the Istio version range its call sites exist in', () => {
    const wrong: string[] = [];
    for (const p of CATALOG) {
      const rows = rowsOf(p.id).filter((r) => r.corpus === 'istio' || r.corpus === 'ztunnel');
      if (rows.length === 0) continue;
      const stated = p.versions.split(' ')[0] ?? '';
      if (stated !== rangeOf(rows)) wrong.push(`${p.id}: "${p.versions}", source says ${rangeOf(rows)}`);
    }
    assert.deepStrictEqual(wrong, []);
  });

  it('uses only examples that are renderings of its own call sites', () => {
    const wrong: string[] = [];
    for (const p of CATALOG) {
      const rows = rowsOf(p.id);
      if (rows.length === 0) {
        if (!NOT_IN_CORPUS.has(p.id)) wrong.push(`${p.id}: no call site in the corpus`);
        continue;
      }
      const shapes = rows.map((r) => formatRegex(r));
      for (const ex of p.examples)
        if (!shapes.some((re) => re.test(ex)))
          wrong.push(`${p.id}: not a rendering of its call sites: ${ex}`);
    }
    assert.deepStrictEqual(wrong, []);
  });

  it('records the ranges issue 14 found wrong, as read from the tags', () => {
    const cases: [string, string, string][] = [
      [
        'istio-cni cmdAdd failed to signal node Istio CNI agent: %s',
        'cni-agent-unreachable',
        '1.21.0-1.25.1',
      ],
      ['Deleting broken pod: %s/%s', 'repair-deleted-broken-pod', '<=1.18.7'],
      ['Namespace %s is labeled for ambient mesh', 'namespace-excluded-ambient', '1.30.0+'],
      // podcgroupns.go from 1.24.4; the file is podcgroupns_linux.go from 1.26.
      ['found more than one netns for the same pod', 'netns-ambiguous', '1.24.4-1.25.5'],
      ['istio-cni cmdAdd failed to check ambient: %s', 'plugin-ambient-check-failed', '1.18.0-1.28.3'],
      ['istio-cni cmdAdd failed to check if pod is ambient', 'plugin-ambient-check-failed', '1.28.4+'],
      ['unable to push CNI event, error was %d', 'cni-event-push-failed', '1.21.0-1.22.2'],
      ['ztunnel acked error: err %v ackErr %s', 'ztunnel-ack-error', '1.21.0-1.24.6'],
    ];
    for (const [start, id, range] of cases) {
      const row = CORPUS.find((r) => r.format.includes(start) && r.pattern === id);
      assert.ok(row, start);
      assert.strictEqual(tagRange(row), range, start);
    }
  });

  it('renders formats with their arguments (sanity of the renderer)', () => {
    const row = CORPUS.find((r) => r.format.startsWith('failed to update POD inpod'));
    assert.ok(row);
    assert.match(renderMessage(row), /^failed to update POD inpod: \S+\/\S+ /);
  });
});

/**
 * Patterns whose source the corpus does not cover yet (Multus, dockershim and user-written
 * events): docs/coverage.md lists them under the same heading.
 */
export const NOT_IN_CORPUS = new Set([
  'multus-delegate-failed',
  'multus-no-istio-network',
  'multus-readiness-indicator-timeout',
  'sandbox-network-plugin-failed',
]);

/** `1.24.4+`, `<=1.26`, `all`, `1.21-1.25.1`: minors when a range starts at .0 or ends at a minor's last patch. */
function rangeOf(rows: CorpusRow[]): string {
  const first = rows.map((r) => r.first).sort(compareTags)[0] ?? '';
  const last =
    rows
      .map((r) => r.last)
      .sort(compareTags)
      .reverse()[0] ?? '';
  const w = SCAN_WINDOW[rows[0]?.corpus ?? 'istio'];
  const lo = first.endsWith('.0') ? first.slice(0, -2) : first;
  const fromStart = rows.some((r) => r.corpus === 'istio' && r.first === w?.oldest);
  const toEnd = w !== undefined && compareTags(last, w.newest) >= 0;
  const hi = LAST_PATCH.has(last) ? last.split('.').slice(0, 2).join('.') : last;
  if (fromStart && toEnd) return 'all';
  if (toEnd) return `${lo}+`;
  if (fromStart) return `<=${hi}`;
  return `${lo}-${hi}`;
}

/** The last patch release of each minor in the scan window (a range ending there is "to 1.N"). */
const LAST_PATCH = new Set([
  '1.14.6',
  '1.15.7',
  '1.16.7',
  '1.17.8',
  '1.18.7',
  '1.19.10',
  '1.20.8',
  '1.21.6',
  '1.22.8',
  '1.23.6',
  '1.24.6',
  '1.25.5',
  '1.26.8',
  '1.27.9',
  '1.28.10',
  '1.29.6',
]);

/** A row's format as a regex over whole messages: verbs match anything, the rest literally. */
function formatRegex(r: CorpusRow): RegExp {
  const marker = '\uE000';
  const masked = renderMessage({ ...r, args: r.args.length > 0 ? r.args.map(() => marker) : [] });
  const verbs =
    r.args.length > 0 ? masked : renderMessage({ ...r, args: new Array<string>(20).fill(marker) });
  const body = (verbs.split('\n')[0] ?? verbs)
    .split(marker)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*');
  return new RegExp(`(?:^|: )${body}$`);
}
