import * as assert from 'assert';
import { execConsentKey, execDecision } from '../../../src/core/explorer/execConsent';

describe('pods/exec consent for node evidence', () => {
  it('never runs exec in an untrusted workspace, even after an earlier "allow"', () => {
    for (const stored of ['allow', 'deny', undefined] as const)
      assert.deepStrictEqual(execDecision('live', false, stored), {
        kind: 'refused',
        why: 'pods/exec never runs in an untrusted workspace',
      });
  });

  it('asks once per cluster: only while no answer is stored', () => {
    assert.deepStrictEqual(execDecision('live', true, undefined), { kind: 'ask' });
    assert.deepStrictEqual(execDecision('live', true, 'allow'), { kind: 'allowed' });
    const denied = execDecision('live', true, 'deny');
    assert.strictEqual(denied.kind, 'refused');
    assert.match(denied.kind === 'refused' ? denied.why : '', /Reset pods\/exec Consent for This Workspace/);
    assert.notStrictEqual(execConsentKey('kind-a'), execConsentKey('kind-b'));
  });

  it('never asks for a snapshot (no node files to read)', () => {
    assert.deepStrictEqual(execDecision('snapshot', true, undefined), {
      kind: 'refused',
      why: 'a snapshot holds no node files',
    });
  });
});
