/**
 * Wiring checks inside a real VS Code: the extension activates from what it contributes, every
 * contributed command is registered, the view container opens, and the language client reaches
 * the running server over IPC.
 */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, LANGUAGES } from '../../../src/protocol/ids';
import type { IstioCniDoctorApi } from '../../../src/extension/main';
import { metrics } from '../../support/testSummary';
import { waitFor, workspaceFile } from './helpers';

interface ManifestCommands {
  version: string;
  contributes: { commands: { command: string }[] };
}

describe('Istio CNI Doctor in VS Code', () => {
  let api: IstioCniDoctorApi;
  const extension = () => {
    const ext = vscode.extensions.getExtension<IstioCniDoctorApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    return ext;
  };

  it('is not active before anything it contributes is used, then activates', async () => {
    const ext = extension();
    assert.strictEqual(ext.isActive, false, 'no eager activation');
    api = await ext.activate();
    assert.ok(ext.isActive);
    metrics.activationMs = api.activationMs;
  });

  it('registers a handler for every contributed command', async () => {
    const manifest = extension().packageJSON as ManifestCommands;
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, []);
  });

  it('opens the Istio CNI view container and its explorer view, which starts connecting', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.istioCniDoctor');
    await vscode.commands.executeCommand('istioCniDoctor.explorer.focus');
    await waitFor('the explorer view to show', () => api.explorer.visible() || undefined);
    // Opening the view is what first connects (activation alone never does).
    await waitFor('the explorer to leave idle', () =>
      api.explorer.state.phase !== 'idle' ? true : undefined,
    );
  });

  it('starts the language server as its own process and reaches it over IPC', async () => {
    const info = await api.startLanguageServer();
    assert.strictEqual(info.name, 'istio-cni-doctor');
    assert.strictEqual(info.version, (extension().packageJSON as ManifestCommands).version);
    assert.notStrictEqual(info.pid, process.pid, 'the server runs in a separate process');
  });

  it('gives .conflist files the cni-config language', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('net.d', '10-calico.conflist'));
    assert.strictEqual(doc.languageId, LANGUAGES.cniConfig);
    assert.strictEqual(path.basename(doc.fileName), '10-calico.conflist');
  });
});
