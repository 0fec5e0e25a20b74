/**
 * Wires log intelligence into VS Code: language detection, decorations, hovers, the summary
 * CodeLens and outline, user patterns and the large-file scan. Nothing is scanned until an
 * istio-log document is visible.
 */
import * as vscode from 'vscode';
import { type SettingsReader } from '../settings';
import { LogAnalyzer } from './logAnalyzer';
import { LogDecorations } from './logDecorations';
import { LogHoverProvider } from './logHover';
import { detectIstioLog, ISTIO_LOG_LANGUAGE } from './logLanguage';
import { LogSummaryProvider } from './logSummary';
import { FINDINGS_SCHEME, FindingsDocuments, scanLargeLog } from './largeLogScan';
import { UserPatternRunner } from './userPatternRunner';

export class LogFeature implements vscode.Disposable {
  readonly analyzer: LogAnalyzer;
  readonly decorations: LogDecorations;
  readonly summary: LogSummaryProvider;
  private readonly findingsDocs = new FindingsDocuments();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    context: vscode.ExtensionContext,
    settings: SettingsReader,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const userPatterns = new UserPatternRunner(context.asAbsolutePath('dist/logWorker.js'), settings, log);
    this.analyzer = new LogAnalyzer(userPatterns);
    this.decorations = new LogDecorations(this.analyzer, settings);
    this.summary = new LogSummaryProvider(this.analyzer, this.decorations, settings);
    const selector: vscode.DocumentSelector = { language: ISTIO_LOG_LANGUAGE };
    this.disposables.push(
      userPatterns,
      this.analyzer,
      this.decorations,
      this.summary,
      userPatterns.onDidChange(() => {
        this.analyzer.invalidate();
        this.decorations.refreshAll();
      }),
      vscode.languages.registerHoverProvider(selector, new LogHoverProvider(this.analyzer)),
      vscode.languages.registerCodeLensProvider(selector, this.summary),
      vscode.languages.registerDocumentSymbolProvider(selector, this.summary, {
        label: 'Istio CNI findings',
      }),
      vscode.workspace.registerTextDocumentContentProvider(FINDINGS_SCHEME, this.findingsDocs),
      vscode.workspace.onDidOpenTextDocument((doc) => void this.detect(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.analyzer.forget(doc);
        this.decorations.forget(doc);
      }),
    );
    // Documents already open when the extension activated (for example the log that activated
    // it) are looked at after activation returns, so activation itself scans nothing.
    const timer = setTimeout(() => {
      for (const doc of vscode.workspace.textDocuments) void this.detect(doc);
      this.decorations.refreshAll();
    }, 0);
    this.disposables.push({ dispose: () => clearTimeout(timer) });
  }

  /** Opens a log document (a file or text the extension produced) as istio-log. */
  async openLog(doc: vscode.TextDocument): Promise<vscode.TextEditor> {
    const asLog =
      doc.languageId === ISTIO_LOG_LANGUAGE
        ? doc
        : await vscode.languages.setTextDocumentLanguage(doc, ISTIO_LOG_LANGUAGE);
    return vscode.window.showTextDocument(asLog, { preview: false });
  }

  scanLargeFile(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
    return scanLargeLog(
      this.analyzer.matcher,
      this.findingsDocs,
      this.log,
      uri instanceof vscode.Uri ? uri : undefined,
    );
  }

  private async detect(doc: vscode.TextDocument): Promise<void> {
    try {
      await detectIstioLog(doc);
    } catch (err) {
      this.log.warn(`Log detection failed for ${doc.uri.toString()}: ${String(err)}`);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
