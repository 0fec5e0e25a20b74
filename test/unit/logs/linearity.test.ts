/**
 * Every built-in regex is linear on adversarial input: lines generated from each regex's own
 * structure (adversarial.ts) of MAX_LINE_SCAN characters, the most a line is matched on. Two
 * checks per line: an absolute bound (a super-linear regex took minutes on one such line), and
 * the growth from a quarter of the line to the whole (x4 when linear, x16 when quadratic), which
 * catches a quadratic regex while it is still fast at this length.
 */
import * as assert from 'assert';
import { CATALOG, catalogMatcher, MAX_LINE_SCAN, parseLogLine } from '../../../src/core/logs';
import { LINE_READER_REGEXES } from '../../../src/core/logs/lineReader';
import { adversarialLines, describeLine, matchHeads, slowestLine } from './adversarial';

/** Per line of MAX_LINE_SCAN characters; linear regexes take ~1 ms (the machine is shared). */
const BOUND_MS = 1000;
/** Growth from a quarter-length line that counts as super-linear (linear: ~4). */
const MAX_GROWTH = 10;
/** Lines faster than this are not checked for growth: too fast to time reliably. */
const GROWTH_FLOOR_MS = 50;

/** The fastest of five runs: the machine is shared, a pause is not the regex. */
function best(line: string, work: (line: string) => unknown): number {
  return Math.min(...[0, 1, 2, 3, 4].map(() => slowestLine([line], work, Infinity).ms));
}

function assertLinear(name: string, lines: readonly string[], work: (line: string) => unknown): void {
  for (const line of lines) {
    const { ms } = slowestLine([line], work, BOUND_MS);
    assert.ok(ms < BOUND_MS, `${name}: ${ms.toFixed(0)} ms on ${describeLine(line)}`);
    if (ms < GROWTH_FLOOR_MS) continue;
    let whole = Math.min(ms, best(line, work));
    if (whole < GROWTH_FLOOR_MS) continue;
    let quarter = best(line.slice(0, line.length / 4), work);
    // A pause on a loaded machine can land in either measurement: measure both again before
    // calling the growth super-linear (a quadratic regex grows x16 every time).
    if (whole >= Math.max(quarter, 1) * MAX_GROWTH) {
      whole = Math.min(whole, best(line, work));
      quarter = Math.min(quarter, best(line.slice(0, line.length / 4), work));
    }
    assert.ok(
      whole < Math.max(quarter, 1) * MAX_GROWTH,
      `${name}: ${quarter.toFixed(1)} ms on a quarter of ${describeLine(line)}, ${whole.toFixed(1)} ms on all of it`,
    );
  }
}

describe('logs: every built-in regex is linear on adversarial lines built from its own structure', function () {
  this.timeout(300_000);
  const matcher = catalogMatcher();

  for (const p of CATALOG) {
    it(`catalog ${p.id}`, () => {
      const lines = adversarialLines(p.regex, MAX_LINE_SCAN, [
        ...p.literals,
        ...matchHeads(p.regex, p.examples),
      ]);
      assert.ok(lines.length > 10, `${p.id}: ${lines.length} lines generated`);
      assertLinear(p.id, lines, (l) => p.regex.exec(l));
      // The whole path of a candidate line: readers, every candidate regex, fields.
      assertLinear(`${p.id} (matcher)`, lines, (l) => matcher.matchLine(l));
    });
  }

  it('line readers and field extraction (parseLogLine, K8S_POD_* args, labels tail)', () => {
    for (const re of LINE_READER_REGEXES) {
      const lines = adversarialLines(re, MAX_LINE_SCAN);
      assertLinear(`reader ${re.source.slice(0, 40)}`, lines, (l) => parseLogLine(l));
      // With a timestamp and level in front, the Istio console reader runs on the rest.
      assertLinear(`reader (console) ${re.source.slice(0, 40)}`, lines, (l) =>
        parseLogLine(`2024-05-02T10:00:00.001001Z\terror\t${l}`),
      );
    }
    const k8sArgs = /K8S_POD_NAMESPACE[:=](\S+?)[ ;}].*?K8S_POD_NAME[:=](\S+?)[ ;}]/; // the shape looked for
    const prefix = 'plugin type="istio-cni" name="istio-cni" failed (add): ';
    assertLinear('K8S_POD_* fields', adversarialLines(k8sArgs, MAX_LINE_SCAN - prefix.length), (l) =>
      matcher.matchLine(prefix + l),
    );
  });

  it('the generator finds the shapes that broke the old regexes', () => {
    const old = /(?:\t| {2,})((?:[A-Za-z_][\w.-]*=\S*)(?: [A-Za-z_][\w.-]*=\S*)*)$/;
    const lines = adversarialLines(old, 8 * 1024);
    const worst = slowestLine(lines, (l) => old.exec(l), 0);
    // Quadratic: ~30x a linear regex even at 8 KB, and x16 per x4 length.
    assert.ok(worst.ms > 20, `old LABELS_TAIL took ${worst.ms.toFixed(1)} ms on ${describeLine(worst.line)}`);
  });
});
