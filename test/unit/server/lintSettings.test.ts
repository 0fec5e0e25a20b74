/** The server reads lint settings in their one wire shape and ignores malformed values. */
import * as assert from 'assert';
import { DEFAULT_LINT_SETTINGS, readLintSettings } from '../../../src/server/lintSettings';
import type { LintSettingsWire } from '../../../src/protocol/messages';
import { SETTING_DEFAULTS } from '../../../src/protocol/settings';

describe('server lint settings', () => {
  it('defaults match the contributed defaults', () => {
    assert.deepStrictEqual(DEFAULT_LINT_SETTINGS, {
      enable: SETTING_DEFAULTS['lint.enable'],
      runtime: SETTING_DEFAULTS['lint.runtime'],
      rules: SETTING_DEFAULTS['lint.rules'],
    });
  });

  it('reads the one wire shape, and nothing else (the nested configuration section is not a second shape)', () => {
    const wire: LintSettingsWire = {
      'lint.enable': false,
      'lint.runtime': 'cri-o',
      'lint.rules': { 'istio-cni-not-last': 'off' },
    };
    assert.deepStrictEqual(readLintSettings(wire), {
      enable: false,
      runtime: 'cri-o',
      rules: { 'istio-cni-not-last': 'off' },
    });
    assert.deepStrictEqual(
      readLintSettings({ istioCniDoctor: { lint: { enable: false, runtime: 'cri-o' } } }),
      DEFAULT_LINT_SETTINGS,
    );
  });

  it('drops unknown rule IDs and bad values, and keeps the previous value for malformed fields', () => {
    const prev = { enable: true, runtime: 'cri-o' as const, rules: {} };
    assert.deepStrictEqual(
      readLintSettings(
        {
          'lint.runtime': 'docker',
          'lint.enable': 'yes',
          'lint.rules': { 'no-such-rule': 'off', 'missing-name': 'fatal', 'missing-type': 'warning' },
        },
        prev,
      ),
      { enable: true, runtime: 'cri-o', rules: { 'missing-type': 'warning' } },
    );
    assert.deepStrictEqual(readLintSettings(null, prev), prev);
    assert.deepStrictEqual(readLintSettings('garbage', prev), prev);
  });
});
