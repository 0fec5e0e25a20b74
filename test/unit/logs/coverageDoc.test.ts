import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { renderCoverageDoc } from '../../../tools/generateCoverageDoc';
import { loadCorpus } from '../../../tools/logCorpus';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('logs: docs/coverage.md', () => {
  it('is up to date with the corpus (run `node out/tools/generateCoverageDoc.js` after changing it)', () => {
    const onDisk = readFileSync(join(ROOT, 'docs', 'coverage.md'), 'utf8');
    assert.strictEqual(onDisk, renderCoverageDoc(loadCorpus(ROOT)));
  });

  it('lists every corpus row with its pattern or its reason', () => {
    const rows = loadCorpus(ROOT);
    const doc = renderCoverageDoc(rows);
    for (const r of rows) {
      if (r.pattern === 'normal') assert.ok(doc.includes(r.reason.replace(/\|/g, '\\|')), r.site);
      else assert.ok(doc.includes(`(patterns.md#${r.pattern})`), r.pattern);
    }
  });
});
