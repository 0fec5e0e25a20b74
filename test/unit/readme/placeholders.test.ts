import * as assert from 'assert';
import { REASONS } from '../../../src/core/health/reasons/index';
import { CATALOG } from '../../../src/core/logs/catalog/index';

/** A placeholder a user would have to replace before a command runs. */
const PLACEHOLDER = /<(?:ns|namespace|pod|name|node|container)>/;

describe('hints name real things, never placeholders (issue 13)', () => {
  it('log pattern meanings, causes and fixes', () => {
    for (const p of CATALOG)
      for (const [field, text] of Object.entries({ meaning: p.meaning, cause: p.cause, fix: p.fix }))
        assert.doesNotMatch(text, PLACEHOLDER, `${p.id}.${field}`);
  });

  it('cluster reason causes and fixes (their {placeholders} are filled per entry)', () => {
    for (const r of REASONS)
      for (const [field, text] of Object.entries({ cause: r.cause, fix: r.fix }))
        assert.doesNotMatch(text, PLACEHOLDER, `${r.id}.${field}`);
  });
});
