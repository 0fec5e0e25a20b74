/**
 * Logs larger than VS Code hands to extensions (50 MB) are scanned as a stream, never read whole
 * into memory, and the findings open as a read-only document of their own.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  addToSummary,
  type LogMatcher,
  LogStreamScanner,
  type LogSummary,
  summaryText,
} from '../../core/logs';
import { ISTIO_LOG_LANGUAGE } from './logLanguage';

export const FINDINGS_SCHEME = 'istio-cni-doctor-findings';
/** Findings written into the result document; the summary still counts all of them. */
const MAX_LISTED = 100_000;

/** Serves the result documents (read-only, in memory). */
export class FindingsDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  set(uri: vscode.Uri, text: string): void {
    this.contents.set(uri.toString(), text);
  }
}

export async function scanLargeLog(
  matcher: LogMatcher,
  documents: FindingsDocuments,
  log: vscode.LogOutputChannel,
  target?: vscode.Uri,
): Promise<vscode.TextDocument | undefined> {
  const uri =
    target ??
    (
      await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: 'Scan',
        title: 'Scan a log file of any size',
      })
    )?.[0];
  if (!uri) return undefined;
  if (uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('Istio CNI Doctor can stream-scan local files only.');
    return undefined;
  }
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Scanning ${path.basename(uri.fsPath)}`,
      cancellable: true,
    },
    (progress, token) => streamScan(uri.fsPath, matcher, progress, token),
  );
  if (typeof result === 'string') {
    log.error(result);
    void vscode.window.showErrorMessage(result);
    return undefined;
  }
  const out = vscode.Uri.from({
    scheme: FINDINGS_SCHEME,
    path: `/${path.basename(uri.fsPath)}.findings.log`,
  });
  documents.set(out, result);
  const doc = await vscode.workspace.openTextDocument(out);
  await vscode.languages.setTextDocumentLanguage(doc, ISTIO_LOG_LANGUAGE);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Streams the file; returns the result document's text, or an error message. */
async function streamScan(
  file: string,
  matcher: LogMatcher,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<string> {
  let size: number;
  try {
    size = (await fs.promises.stat(file)).size;
  } catch (err) {
    return `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
  }
  const scanner = new LogStreamScanner(matcher);
  const summary: LogSummary = {
    total: 0,
    bySeverity: { error: 0, warning: 0, info: 0 },
    byPattern: {},
    byCategory: {},
    text: '',
  };
  const listed: string[] = [];
  const started = performance.now();
  let read = 0;
  let reported = 0;
  const take = (findings: ReturnType<LogStreamScanner['push']>) => {
    for (const f of findings) {
      addToSummary(summary, f, matcher.pattern(f.patternId)?.category ?? 'user');
      if (listed.length < MAX_LISTED)
        listed.push(`${file}:${f.line + 1}\t${f.severity}\t${f.patternId}\t${f.message}`);
    }
  };
  const stream = fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (token.isCancellationRequested) {
        stream.destroy();
        return `Scan of ${file} cancelled after ${(read / 1e6).toFixed(0)} MB.`;
      }
      take(scanner.push(chunk));
      read += chunk.length;
      const pct = size > 0 ? (read / size) * 100 : 100;
      if (pct - reported >= 1) {
        progress.report({
          increment: pct - reported,
          message: `${(read / 1e6).toFixed(0)} of ${(size / 1e6).toFixed(0)} MB`,
        });
        reported = pct;
      }
    }
    take(scanner.end());
  } catch (err) {
    return `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
  }
  const seconds = (performance.now() - started) / 1000;
  const header = [
    `# Istio CNI Doctor: ${summaryText(summary)}`,
    `# ${file}: ${(size / 1e6).toFixed(1)} MB, ${scanner.linesRead} lines, scanned in ${seconds.toFixed(1)} s`,
    `# ${summary.total} findings (${summary.bySeverity.error} errors, ${summary.bySeverity.warning} warnings, ${summary.bySeverity.info} info)` +
      (summary.total > MAX_LISTED ? `; the first ${MAX_LISTED} are listed` : ''),
    '',
  ];
  return [...header, ...listed, ''].join('\n');
}
