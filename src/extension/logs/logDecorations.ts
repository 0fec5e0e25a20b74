/**
 * Decorations on matched log lines: one decoration type per severity, made once, with colours
 * users can theme (`istioCniDoctor.logs.*` in `colors`) and overview-ruler marks for errors and
 * warnings. The visible ranges are decorated first; the rest follows when the background scan
 * finishes. Updates are coalesced, and each type is capped (`logs.maxDecorations`), with the
 * summary CodeLens saying how many were left out.
 */
import * as vscode from 'vscode';
import type { Finding, Severity } from '../../core/logs';
import { type LogAnalyzer } from './logAnalyzer';
import { type SettingsReader } from '../settings';
import { ISTIO_LOG_LANGUAGE } from './logLanguage';

/** Lines above and below the viewport that are decorated with it. */
const VIEWPORT_MARGIN = 100;
const MAX_VIEWPORT_LINES = 1_000;
const COALESCE_MS = 30;

export interface DecorationState {
  /** Ranges per severity currently set on the editor. */
  ranges: Record<Severity, vscode.Range[]>;
  /** Findings left out because of the cap. */
  omitted: number;
  /** True once the whole document was scanned. */
  complete: boolean;
  /** Milliseconds from the update request to the visible range's decorations. */
  visibleMs?: number;
  /** Milliseconds from the update request to the whole document's decorations. */
  completeMs?: number;
  /** Milliseconds our own code spent on the last visible-range update (from its start to setDecorations). */
  visibleComputeMs?: number;
}

export class LogDecorations implements vscode.Disposable {
  private readonly types: Record<Severity, vscode.TextEditorDecorationType>;
  private readonly timers = new Map<vscode.TextEditor, NodeJS.Timeout>();
  private readonly states = new Map<string, DecorationState>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<vscode.TextDocument>();
  /** Fires after an editor's decorations changed (tests and the CodeLens listen). */
  readonly onDidDecorate = this.changed.event;

  constructor(
    private readonly analyzer: LogAnalyzer,
    private readonly settings: SettingsReader,
  ) {
    this.types = {
      error: decorationType('error', vscode.OverviewRulerLane.Right),
      warning: decorationType('warning', vscode.OverviewRulerLane.Center),
      info: decorationType('info', undefined),
    };
    this.disposables.push(
      ...Object.values(this.types),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.schedule(e, 0))),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.schedule(e.textEditor)),
      vscode.workspace.onDidChangeTextDocument((e) =>
        this.forDocument(e.document, (ed) => this.schedule(ed, 250)),
      ),
      analyzer.onDidCompleteScan((doc) => this.forDocument(doc, (ed) => this.schedule(ed, 0))),
      settings.onDidChange((keys) => {
        if (keys.some((k) => k.startsWith('logs.'))) this.refreshAll();
      }),
    );
  }

  /** What is decorated on `doc` now (for the CodeLens and tests). */
  state(doc: vscode.TextDocument): DecorationState | undefined {
    return this.states.get(doc.uri.toString());
  }

  refreshAll(): void {
    vscode.window.visibleTextEditors.forEach((e) => this.schedule(e, 0));
  }

  /** Coalesces update requests per editor. */
  schedule(editor: vscode.TextEditor, delayMs = COALESCE_MS): void {
    if (editor.document.languageId !== ISTIO_LOG_LANGUAGE) return;
    const requested = performance.now();
    const pending = this.timers.get(editor);
    if (pending) clearTimeout(pending);
    this.timers.set(
      editor,
      setTimeout(() => {
        this.timers.delete(editor);
        void this.update(editor, requested);
      }, delayMs),
    );
  }

  private async update(editor: vscode.TextEditor, requested: number): Promise<void> {
    const doc = editor.document;
    if (!this.settings.get('logs.enable')) return this.clear(editor);
    const complete = this.analyzer.completed(doc);
    if (complete) return this.apply(editor, complete.findings, true, requested);
    const started = performance.now();
    const visible = this.visibleFindings(editor);
    this.apply(editor, visible, false, requested, started);
    const user = await this.visibleUserFindings(editor);
    if (user.length > 0 && !this.analyzer.completed(doc))
      this.apply(editor, [...visible, ...user], false, requested);
    void this.analyzer.fullScan(doc);
  }

  /**
   * The viewport plus a margin. Right after an editor opens, VS Code may report the whole
   * document as visible before layout; no real viewport is taller than MAX_VIEWPORT_LINES.
   */
  private visibleLines(editor: vscode.TextEditor): [number, number][] {
    return editor.visibleRanges.map((r) => {
      const start = Math.max(0, r.start.line - VIEWPORT_MARGIN);
      const end = Math.min(
        editor.document.lineCount,
        r.end.line + 1 + VIEWPORT_MARGIN,
        start + MAX_VIEWPORT_LINES,
      );
      return [start, end];
    });
  }

  private visibleFindings(editor: vscode.TextEditor): Finding[] {
    return this.visibleLines(editor).flatMap(([s, e]) => this.analyzer.rangeFindings(editor.document, s, e));
  }

  private async visibleUserFindings(editor: vscode.TextEditor): Promise<Finding[]> {
    const parts = await Promise.all(
      this.visibleLines(editor).map(([s, e]) => this.analyzer.rangeUserFindings(editor.document, s, e)),
    );
    return parts.flat();
  }

  private apply(
    editor: vscode.TextEditor,
    findings: Finding[],
    complete: boolean,
    requested: number,
    started?: number,
  ): void {
    const cap = Math.max(1, this.settings.get('logs.maxDecorations'));
    const ranges: Record<Severity, vscode.Range[]> = { error: [], warning: [], info: [] };
    let omitted = 0;
    for (const f of findings) {
      const list = ranges[f.severity];
      if (list.length >= cap) omitted++;
      else list.push(new vscode.Range(f.line, f.startColumn, f.line, f.endColumn));
    }
    for (const severity of ['error', 'warning', 'info'] as const)
      editor.setDecorations(this.types[severity], ranges[severity]);
    const key = editor.document.uri.toString();
    const previous = this.states.get(key);
    const elapsed = performance.now() - requested;
    this.states.set(key, {
      ranges,
      omitted,
      complete,
      visibleMs: complete ? (previous?.visibleMs ?? elapsed) : elapsed,
      visibleComputeMs: started !== undefined ? performance.now() - started : previous?.visibleComputeMs,
      ...(complete ? { completeMs: previous?.complete ? previous.completeMs : elapsed } : {}),
    });
    this.changed.fire(editor.document);
  }

  private clear(editor: vscode.TextEditor): void {
    for (const t of Object.values(this.types)) editor.setDecorations(t, []);
    this.states.delete(editor.document.uri.toString());
    this.changed.fire(editor.document);
  }

  private forDocument(doc: vscode.TextDocument, fn: (editor: vscode.TextEditor) => void): void {
    for (const editor of vscode.window.visibleTextEditors) if (editor.document === doc) fn(editor);
  }

  /** Forgets a closed document's state. */
  forget(doc: vscode.TextDocument): void {
    this.states.delete(doc.uri.toString());
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}

function decorationType(
  severity: Severity,
  lane: vscode.OverviewRulerLane | undefined,
): vscode.TextEditorDecorationType {
  const color = (part: string) => new vscode.ThemeColor(`istioCniDoctor.logs.${severity}${part}`);
  return vscode.window.createTextEditorDecorationType({
    backgroundColor: color('Background'),
    border: '1px solid',
    borderColor: color('Border'),
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    ...(lane !== undefined ? { overviewRulerColor: color('OverviewRuler'), overviewRulerLane: lane } : {}),
  });
}
