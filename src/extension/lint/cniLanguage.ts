/**
 * `.conflist` files and `.conf`/`.json` files under a `net.d` folder are `cni-config` by the
 * manifest. Other `.conf`/`.json` files become `cni-config` when their head looks like a CNI
 * config (`cniVersion`, a plugin list, a Multus delegate), so `tsconfig.json` is never linted.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { looksLikeCniConfig } from '../../core/cni/looksLikeCniConfig';
import { LANGUAGES } from '../../protocol/ids';

const CANDIDATE_LANGUAGES = new Set(['json', 'jsonc', 'plaintext', 'properties', 'ini']);
const CANDIDATE_EXTENSIONS = new Set(['.conf', '.json']);
const HEAD_LINES = 120;

/** Switches `doc` to cni-config when it looks like one; returns the (possibly new) document. */
export async function detectCniConfig(doc: vscode.TextDocument): Promise<vscode.TextDocument> {
  if (!CANDIDATE_LANGUAGES.has(doc.languageId)) return doc;
  if (!CANDIDATE_EXTENSIONS.has(path.extname(doc.fileName).toLowerCase())) return doc;
  const head = doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, HEAD_LINES), 0));
  if (!looksLikeCniConfig(head)) return doc;
  return vscode.languages.setTextDocumentLanguage(doc, LANGUAGES.cniConfig);
}

/** Watches opened documents (and those already open) for CNI configs. */
export function watchForCniConfigs(log: vscode.LogOutputChannel): vscode.Disposable {
  const detect = (doc: vscode.TextDocument) =>
    void detectCniConfig(doc).catch((err: unknown) =>
      log.warn(`CNI config detection failed for ${doc.uri.toString()}: ${String(err)}`),
    );
  const timer = setTimeout(() => vscode.workspace.textDocuments.forEach(detect), 0);
  const sub = vscode.workspace.onDidOpenTextDocument(detect);
  return {
    dispose: () => {
      clearTimeout(timer);
      sub.dispose();
    },
  };
}
