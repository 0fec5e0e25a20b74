/**
 * The rule catalog is an API: stable kebab-case IDs (including the ones the issue promises),
 * real titles and help text, and a docs page that is regenerated whenever a rule changes.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../../src/core/cni/rules/index';
import { renderRulesDoc, RULES_DOC_PATH } from '../../../tools/generateRulesDoc';

const REQUIRED = [
  'invalid-json',
  'missing-name',
  'missing-plugins',
  'missing-type',
  'conf-is-conflist',
  'missing-cni-version',
  'unknown-cni-version',
  'duplicate-istio-cni',
  'istio-cni-first',
  'legacy-istio-cni-entry',
  'istio-cni-runs-twice',
  'circular-delegation',
  'istio-cni-not-in-effective-chain',
  'stale-istio-cni-entry',
  'conf-and-conflist-both-exist',
  'invalid-file-before-effective',
  'multiple-primary-configs',
];

describe('CNI lint rule catalog', () => {
  it('has every rule ID the issue promises, each unique and kebab-case', () => {
    const ids = RULES.map((r) => r.id);
    for (const id of REQUIRED) assert.ok(ids.includes(id), id);
    assert.strictEqual(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('gives each rule a title, a source a reader can open and help text that says what happens', () => {
    for (const r of RULES) {
      assert.ok(r.title.length > 5 && !r.title.endsWith('.'), r.id);
      assert.ok(r.description.length > 80, `${r.id} has real help text`);
      // Sources cite what a reader can open: Istio docs, issues, source at a tag, the CNI spec or code.
      assert.doesNotMatch(r.source, /\bC-[A-Z]\d\d\b/, r.id);
      assert.match(
        r.source,
        /(istio\/istio|Istio docs|CNI spec|libcni|containerd|multus-cni|cilium\/cilium|kube-ovn)/,
        r.id,
      );
    }
  });

  it('docs/rules.md is up to date (run `node out/tools/generateRulesDoc.js` after changing a rule)', () => {
    const file = path.resolve(__dirname, '../../../..', RULES_DOC_PATH);
    assert.ok(fs.existsSync(file), `${RULES_DOC_PATH} exists`);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), renderRulesDoc());
  });
});
