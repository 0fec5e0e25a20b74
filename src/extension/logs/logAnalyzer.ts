/**
 * Log findings per document, for decorations, hovers, the CodeLens summary and the outline.
 * The visible range is scanned on its own text (no copy of the whole document), so a just-opened
 * 50 MB log is decorated where the user looks within milliseconds; the whole document is then
 * scanned in slices that yield to the event loop, so typing and scrolling never wait for it.
 * User patterns run in a worker (UserPatternRunner) and are merged in.
 */
import * as vscode from 'vscode';
import { catalogMatcher, type Finding, type LogMatcher, type LogPattern } from '../../core/logs';
import { type UserPatternRunner } from './userPatternRunner';

/** Lines scanned per slice of the background scan before yielding to the event loop. */
const SLICE_LINES = 40_000;

export interface FullScan {
  version: number;
  findings: Finding[];
  /** Milliseconds the scan took from its start (including yields). */
  elapsedMs: number;
  /** Milliseconds of that spent in our own slices (reading and matching), without the yields. */
  workMs: number;
}

interface DocState {
  version: number;
  full?: FullScan;
  running?: Promise<FullScan | undefined>;
}

export class LogAnalyzer implements vscode.Disposable {
  private matcherInstance: LogMatcher | undefined;
  private readonly states = new Map<string, DocState>();
  private readonly changed = new vscode.EventEmitter<vscode.TextDocument>();
  /** Fires when a document's full scan completes. */
  readonly onDidCompleteScan = this.changed.event;

  constructor(private readonly userPatterns: UserPatternRunner) {}

  /** The catalog matcher, built on first use (not during activation). */
  get matcher(): LogMatcher {
    this.matcherInstance ??= catalogMatcher();
    return this.matcherInstance;
  }

  /** A pattern of the catalog or of the user's patterns. */
  pattern(id: string): LogPattern | undefined {
    return this.matcher.pattern(id) ?? this.userPatterns.pattern(id);
  }

  /** Catalog findings on lines [startLine, endLine), from the finished scan or computed now on that text only. */
  rangeFindings(doc: vscode.TextDocument, startLine: number, endLine: number): Finding[] {
    const full = this.completed(doc);
    if (full) return full.findings.filter((f) => f.line >= startLine && f.line < endLine);
    const end = Math.min(endLine, doc.lineCount);
    if (end <= startLine) return [];
    const text = doc.getText(new vscode.Range(startLine, 0, end, 0));
    return this.matcher.scan(text).map((f) => ({ ...f, line: f.line + startLine }));
  }

  /** User-pattern findings on a range (asynchronous: they run in the worker). */
  async rangeUserFindings(doc: vscode.TextDocument, startLine: number, endLine: number): Promise<Finding[]> {
    if (!this.userPatterns.active) return [];
    const end = Math.min(endLine, doc.lineCount);
    const text = doc.getText(new vscode.Range(startLine, 0, end, 0));
    return this.userPatterns.scan(text, startLine);
  }

  /** The finding on `line`, if any (catalog first, then the finished scan's user findings). */
  findingAt(doc: vscode.TextDocument, line: number): Finding | undefined {
    const full = this.completed(doc);
    if (full) return full.findings.find((f) => f.line === line);
    return this.matcher.matchLine(doc.lineAt(line).text, line);
  }

  /** The finished scan of the current version, if there is one. */
  completed(doc: vscode.TextDocument): FullScan | undefined {
    const state = this.states.get(doc.uri.toString());
    return state?.full && state.full.version === doc.version ? state.full : undefined;
  }

  /** Scans the whole document in slices; resolves undefined when the document changed meanwhile. */
  fullScan(doc: vscode.TextDocument): Promise<FullScan | undefined> {
    const key = doc.uri.toString();
    const state = this.states.get(key);
    if (state?.version === doc.version) {
      if (state.full) return Promise.resolve(state.full);
      if (state.running) return state.running;
    }
    const fresh: DocState = { version: doc.version };
    fresh.running = this.scanInSlices(doc, fresh).finally(() => (fresh.running = undefined));
    this.states.set(key, fresh);
    return fresh.running;
  }

  /**
   * Scans slices of lines, each read on its own (`getText(range)`), so the extension host never
   * joins the whole document into one string unless user patterns need it. The first yield comes
   * before any work, so a visible-range update queued at the same time runs first.
   */
  private async scanInSlices(doc: vscode.TextDocument, state: DocState): Promise<FullScan | undefined> {
    const started = performance.now();
    const version = doc.version;
    const findings: Finding[] = [];
    let workMs = 0;
    for (let start = 0; start < doc.lineCount; start += SLICE_LINES) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (doc.version !== version || doc.isClosed) return undefined;
      const sliceStarted = performance.now();
      const end = Math.min(doc.lineCount, start + SLICE_LINES);
      const text = doc.getText(new vscode.Range(start, 0, end, 0));
      this.matcher.scanInto(text, {}, (f) => {
        findings.push(start === 0 ? f : { ...f, line: f.line + start });
      });
      workMs += performance.now() - sliceStarted;
    }
    if (this.userPatterns.active) {
      const user = await this.userPatterns.scan(doc.getText(), 0);
      if (doc.version !== version || doc.isClosed) return undefined;
      mergeInto(findings, user);
    }
    state.full = { version, findings, elapsedMs: performance.now() - started, workMs };
    this.changed.fire(doc);
    return state.full;
  }

  /** Forgets a closed document. */
  forget(doc: vscode.TextDocument): void {
    this.states.delete(doc.uri.toString());
  }

  /** Drops every cached scan (user patterns changed). */
  invalidate(): void {
    this.states.clear();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Adds user findings on lines without a catalog finding, keeping line order. */
function mergeInto(findings: Finding[], extra: Finding[]): void {
  if (extra.length === 0) return;
  const lines = new Set(findings.map((f) => f.line));
  for (const f of extra) if (!lines.has(f.line)) findings.push(f);
  findings.sort((a, b) => a.line - b.line);
}
