/**
 * The CNI config linter through the real language client and server: diagnostics arrive in
 * vscode.languages.getDiagnostics for every file involved, and a quick fix edits the document.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { LANGUAGES } from '../../../src/protocol/ids';
import { api, screenshot, waitFor, workspaceFile } from './helpers';

function diagnostics(uri: vscode.Uri, rule: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === rule);
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

describe('CNI config linter', () => {
  it('flags istio-cni running twice (Multus + Kube-OVN) in both files, each naming the other', async () => {
    await api();
    const multus = workspaceFile('cni', 'multus-kube-ovn-double-insertion', '00-multus.conflist');
    const kubeOvn = workspaceFile('cni', 'multus-kube-ovn-double-insertion', '01-kube-ovn.conflist');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(kubeOvn), {
      preview: false,
    });
    const doc = await vscode.workspace.openTextDocument(multus);
    assert.strictEqual(doc.languageId, LANGUAGES.cniConfig);
    await vscode.window.showTextDocument(doc, { preview: false });
    const [inMultus] = await waitFor('istio-cni-runs-twice in 00-multus', () =>
      nonEmpty(diagnostics(multus, 'istio-cni-runs-twice')),
    );
    const [inKubeOvn] = await waitFor('istio-cni-runs-twice in 01-kube-ovn', () =>
      nonEmpty(diagnostics(kubeOvn, 'istio-cni-runs-twice')),
    );
    assert.ok(inMultus && inKubeOvn);
    assert.strictEqual(inMultus.severity, vscode.DiagnosticSeverity.Error);
    assert.match(inMultus.message, /run 2 times .*00-multus\.conflist.*"kube-ovn"/);
    assert.strictEqual(inKubeOvn.message, inMultus.message, 'the same finding, shown in each file involved');
    assert.ok(
      inMultus.relatedInformation?.some((r) => r.location.uri.fsPath === kubeOvn.fsPath),
      'related location in 01-kube-ovn',
    );
    assert.ok(
      inKubeOvn.relatedInformation?.some((r) => r.location.uri.fsPath === multus.fsPath),
      'related location in 00-multus',
    );
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('lint-problems');
  });

  it('removes a duplicate istio-cni entry with its quick fix', async () => {
    await api();
    const uri = workspaceFile('cni', 'azure-triple-istio', '10-azure.conflist');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const before = await waitFor('duplicate-istio-cni', () =>
      nonEmpty(diagnostics(uri, 'duplicate-istio-cni')),
    );
    const entriesBefore = count(doc.getText(), '"type": "istio-cni"');
    const target = before[0];
    assert.ok(target);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      target.range,
    );
    const fix = actions.find((a) => a.edit !== undefined && /duplicate istio-cni/i.test(a.title));
    assert.ok(fix?.edit, `a quick fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(entriesBefore > 1);
    assert.strictEqual(count(doc.getText(), '"type": "istio-cni"'), 1, 'one istio-cni entry is kept');
    await waitFor('the duplicate findings to go away', () =>
      diagnostics(uri, 'duplicate-istio-cni').length === 0 ? true : undefined,
    );
    assert.ok(doc.isDirty, "the fix edits the document; saving stays the user's choice");
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('follows istioCniDoctor.lint.rules: a rule set to off disappears, and comes back when reset', async () => {
    await api();
    const multus = workspaceFile('cni', 'multus-kube-ovn-double-insertion', '00-multus.conflist');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(multus), { preview: false });
    await waitFor('istio-cni-runs-twice', () => nonEmpty(diagnostics(multus, 'istio-cni-runs-twice')));
    const config = vscode.workspace.getConfiguration('istioCniDoctor');
    await config.update(
      'lint.rules',
      { 'istio-cni-runs-twice': 'off' },
      vscode.ConfigurationTarget.Workspace,
    );
    try {
      await waitFor('istio-cni-runs-twice to be switched off', () =>
        diagnostics(multus, 'istio-cni-runs-twice').length === 0 ? true : undefined,
      );
    } finally {
      await config.update('lint.rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('istio-cni-runs-twice to come back', () =>
      nonEmpty(diagnostics(multus, 'istio-cni-runs-twice')),
    );
  });
});

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
