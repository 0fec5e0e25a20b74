import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { RELIABILITY_DOC_PATH, renderReliabilityDoc } from '../../../tools/generateReliabilityDoc';
import { loadReliabilityAreas } from './loadCases';

const areas = loadReliabilityAreas();

describe('reliability: every fault and bad input we test (docs/reliability.md)', () => {
  for (const area of areas) {
    describe(area.title, () => {
      for (const c of area.cases) {
        const t = it(`${c.id}: ${c.fault}`, async () => {
          await c.run();
        });
        if (c.timeoutMs !== undefined) t.timeout(c.timeoutMs);
      }
    });
  }

  it('case IDs are unique kebab-case and every case says what the user gets', () => {
    const seen = new Set<string>();
    for (const c of areas.flatMap((a) => a.cases)) {
      assert.match(c.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, c.id);
      assert.ok(!seen.has(c.id), `duplicate case ID ${c.id}`);
      seen.add(c.id);
      assert.ok(c.fault.length > 10 && c.behaviour.length > 10, c.id);
    }
  });

  it('docs/reliability.md is up to date (run `node out/tools/generateReliabilityDoc.js` after changing a case)', () => {
    const file = path.resolve(__dirname, '../../../..', RELIABILITY_DOC_PATH);
    assert.ok(fs.existsSync(file), `${RELIABILITY_DOC_PATH} exists`);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), renderReliabilityDoc(areas));
  });
});
