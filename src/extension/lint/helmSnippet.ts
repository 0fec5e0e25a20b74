/**
 * The quick fix for `multiple-primary-configs` and friends: the Helm values that pin istio-cni to
 * one config file. It is copied to the clipboard and, on request, opened in a new untitled
 * editor; no file of the user's is edited.
 */
import * as vscode from 'vscode';

export async function copyHelmSnippet(snippet: unknown): Promise<void> {
  if (typeof snippet !== 'string' || snippet.trim() === '') {
    void vscode.window.showErrorMessage('Istio CNI Doctor: this command needs the snippet from a quick fix.');
    return;
  }
  await vscode.env.clipboard.writeText(snippet);
  const choice = await vscode.window.showInformationMessage(
    'Istio CNI Doctor: the Helm values snippet is on the clipboard. Add it to your istio-cni values (or IstioOperator `values.cni`) and upgrade.',
    'Open in Editor',
  );
  if (choice === 'Open in Editor') {
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: snippet });
    await vscode.window.showTextDocument(doc, { preview: false });
  }
}
