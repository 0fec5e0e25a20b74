import * as assert from 'assert';
import { catalogMatcher, groupFindings } from '../../../src/core/logs';
import { loadScenario } from '../../scenarios/loadScenario';

const matcher = catalogMatcher();
const lookup = (id: string) => matcher.pattern(id);

describe('repeated log findings as one group (issue 13)', () => {
  it("the demo's worker-3 log: four deletions of productpage-v1 by repair are one eviction loop", () => {
    // The istio-cni-node log of worker-3 in the demo (real 1.18-era "Deleting broken pod" lines).
    const log = loadScenario('demo').logs.find((l) => l.pod === 'istio-cni-node-phh7t' && !l.previous);
    assert.ok(log, 'the demo has the log');
    const findings = matcher.scan(log.text);
    const groups = groupFindings(findings, lookup);
    const repair = groups.find((g) => g.patternId === 'repair-deleted-broken-pod');
    assert.ok(repair, groups.map((g) => g.label).join('\n'));
    assert.strictEqual(
      repair.label,
      '4 deletions of Deployment/productpage-v1 in bookinfo by repair: eviction loop',
    );
    assert.strictEqual(repair.findings.length, 4);
    assert.deepStrictEqual(
      repair.findings.map((f) => f.line),
      [...repair.findings.map((f) => f.line)].sort((a, b) => a - b),
    );
  });

  it('groups the 1.19+ wording by owner, keeps two owners apart, and leaves single findings alone', () => {
    // Format string: cni/pkg/repair/repaircontroller.go:135 (1.19-1.30) "Pod detected as broken, deleting: %s/%s".
    const line = (t: string, pod: string) =>
      `2025-06-12T21:2${t}.000000Z\tinfo\tcni-agent\tPod detected as broken, deleting: ${pod}`;
    const text = [
      line('0:01', 'bookinfo/reviews-v1-5b8d6d8f6d-x2x9k'),
      line('1:01', 'bookinfo/reviews-v1-5b8d6d8f6d-q7w4z'),
      line('2:01', 'shop/cart-7d9fb6c4c8-x9jdv'),
      '',
    ].join('\n');
    const groups = groupFindings(matcher.scan(text), lookup);
    assert.deepStrictEqual(
      groups.map((g) => g.label),
      ['2 deletions of Deployment/reviews-v1 in bookinfo by repair'],
      'two deletions are not yet a loop; cart was deleted once',
    );
  });
});
