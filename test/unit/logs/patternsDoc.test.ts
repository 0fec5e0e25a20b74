import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { CATALOG } from '../../../src/core/logs';
import { patternSites, renderPatternsDoc } from '../../../tools/generatePatternsDoc';
import { loadCorpus } from '../../../tools/logCorpus';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('logs: docs/patterns.md', () => {
  it('is up to date with the catalog (run `node out/tools/generatePatternsDoc.js` after changing it)', () => {
    const onDisk = readFileSync(join(ROOT, 'docs', 'patterns.md'), 'utf8');
    assert.strictEqual(onDisk, renderPatternsDoc(CATALOG, patternSites(loadCorpus(ROOT))));
  });

  it('documents every pattern ID with its meaning, cause and fix', () => {
    const doc = renderPatternsDoc(CATALOG);
    for (const p of CATALOG) {
      assert.ok(doc.includes(`### ${p.id}\n`), p.id);
      assert.ok(doc.includes(p.meaning) && doc.includes(p.cause) && doc.includes(p.fix), p.id);
    }
  });
});
