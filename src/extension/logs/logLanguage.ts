/**
 * The `istio-log` language: files named like Istio CNI logs get it from the manifest
 * (`filenamePatterns`, which also activates the extension); once the extension is active, other
 * `.log` / `.txt` files get it when their first few KB look like istio-cni-node,
 * istio-validation, kubelet or containerd logs (content detection in core). The extension does
 * not activate on every log or text file just to look at it.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { DETECT_HEAD, looksLikeIstioLog } from '../../core/logs';

export const ISTIO_LOG_LANGUAGE = 'istio-log';

const CANDIDATE_LANGUAGES = new Set(['log', 'plaintext']);
const CANDIDATE_EXTENSIONS = new Set(['.log', '.txt', '']);

/** Switches `doc` to istio-log when it is a plain log/text file whose head looks like an Istio CNI log. */
export async function detectIstioLog(doc: vscode.TextDocument): Promise<vscode.TextDocument> {
  if (!CANDIDATE_LANGUAGES.has(doc.languageId)) return doc;
  if (doc.uri.scheme === 'file' && !CANDIDATE_EXTENSIONS.has(path.extname(doc.fileName).toLowerCase()))
    return doc;
  const head = doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 200), 0)).slice(0, DETECT_HEAD);
  if (!looksLikeIstioLog(head)) return doc;
  return vscode.languages.setTextDocumentLanguage(doc, ISTIO_LOG_LANGUAGE);
}
