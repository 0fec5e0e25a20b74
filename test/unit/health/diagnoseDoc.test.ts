import * as assert from 'assert';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { REASONS } from '../../../src/core/health/reasons/index';
import { renderDiagnoseDoc } from '../../../tools/generateDiagnoseDoc';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('health: the reason registry and docs/diagnose.md', () => {
  it('docs/diagnose.md is up to date (run `node out/tools/generateDiagnoseDoc.js` after changing a reason)', () => {
    assert.strictEqual(readFileSync(join(ROOT, 'docs', 'diagnose.md'), 'utf8'), renderDiagnoseDoc());
  });

  it('every reason has a unique id, a cause, a fix, evidence, refs and an existing scenario', () => {
    const ids = new Set<string>();
    for (const r of REASONS) {
      assert.match(r.id, /^[a-z][a-z0-9-]+$/);
      assert.ok(!ids.has(r.id), `duplicate ${r.id}`);
      ids.add(r.id);
      assert.ok(r.title && r.cause && r.fix && r.evidence && r.refs.length, r.id);
      assert.ok(existsSync(join(ROOT, 'test', 'scenarios', `${r.scenario}.yaml`)), `${r.id}: ${r.scenario}`);
      assert.ok(
        r.scope !== 'pod' || (r.classify && r.priority !== undefined),
        `${r.id}: pod reasons classify`,
      );
      assert.ok(!['node', 'install'].includes(r.scope) || r.detect !== undefined, r.id);
      assert.ok(renderDiagnoseDoc().includes(`### ${r.id}\n`), r.id);
    }
  });
});
