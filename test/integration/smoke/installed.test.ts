/**
 * Smoke test of the packaged extension: code-server installed the built .vsix with
 * `--install-extension`; this suite runs from an empty development extension, finds the
 * INSTALLED Istio CNI Doctor (not the development folder), activates it and reaches its server.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../../src/protocol/ids';
import type { IstioCniDoctorApi } from '../../../src/extension/main';
import { metrics } from '../../support/testSummary';

describe('the installed .vsix', () => {
  it('is installed from the extensions folder, not from the development path', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    const expected = process.env.ISTIO_CNI_DOCTOR_EXTENSIONS_DIR;
    assert.ok(expected, 'the launcher names the extensions folder');
    assert.ok(ext.extensionPath.startsWith(expected), `${ext.extensionPath} is under ${expected}`);
  });

  it('activates and its bundled language server answers', async () => {
    const ext = vscode.extensions.getExtension<IstioCniDoctorApi>(EXTENSION_ID);
    assert.ok(ext);
    const api = await ext.activate();
    metrics.activationMs = api.activationMs;
    const info = await api.startLanguageServer();
    assert.strictEqual(info.name, 'istio-cni-doctor');
  });
});
