/**
 * The summary at the top of a log ("3 validation failures, 1 repair, 2 sandbox failures") as a
 * CodeLens, the findings in the outline, and optionally in the Problems panel.
 */
import * as vscode from 'vscode';
import { type Finding, type FindingGroup, groupFindings, summarize } from '../../core/logs';
import { COMMANDS } from '../../protocol/ids';
import { type SettingsReader } from '../settings';
import { type LogAnalyzer } from './logAnalyzer';
import { type LogDecorations } from './logDecorations';
import { ISTIO_LOG_LANGUAGE } from './logLanguage';

const MAX_SYMBOLS = 2_000;
/** Lenses for repeated findings beyond the summary; more would bury the text. */
const MAX_GROUP_LENSES = 50;
const MAX_PROBLEMS = 1_000;

export class LogSummaryProvider
  implements vscode.CodeLensProvider, vscode.DocumentSymbolProvider, vscode.Disposable
{
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly problems = vscode.languages.createDiagnosticCollection('istio-cni-doctor-logs');
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly analyzer: LogAnalyzer,
    decorations: LogDecorations,
    private readonly settings: SettingsReader,
  ) {
    this.disposables.push(
      this.problems,
      decorations.onDidDecorate(() => this.changed.fire()),
      analyzer.onDidCompleteScan((doc) => this.publishProblems(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.problems.delete(doc.uri)),
    );
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    const full = this.analyzer.completed(doc);
    if (!full)
      return [new vscode.CodeLens(top, { title: '$(sync~spin) Istio CNI Doctor: scanning…', command: '' })];
    const summary = summarize(full.findings, (id) => this.analyzer.pattern(id));
    const cap = this.settings.get('logs.maxDecorations');
    const over = (['error', 'warning', 'info'] as const).filter((s) => summary.bySeverity[s] > cap);
    const note = over.length > 0 ? ` (highlighting the first ${cap} of each severity)` : '';
    const icon = summary.bySeverity.error > 0 ? '$(error)' : summary.total > 0 ? '$(warning)' : '$(pass)';
    // Repeated findings get one lens on their first line ("4 deletions of ... : eviction loop").
    const groups = this.groups(full.findings).slice(0, MAX_GROUP_LENSES);
    return [
      new vscode.CodeLens(top, {
        title: `${icon} ${summary.text}${note}`,
        tooltip: 'Istio CNI Doctor: findings in this log. Click to go to one.',
        command: summary.total > 0 ? COMMANDS.showLogFindings : '',
        arguments: [doc.uri],
      }),
      ...groups.map(
        (g) =>
          new vscode.CodeLens(new vscode.Range(g.findings[0]?.line ?? 0, 0, g.findings[0]?.line ?? 0, 0), {
            title: g.label,
            tooltip: `Istio CNI Doctor: ${g.findings.length} lines. Click to go to one.`,
            command: COMMANDS.showLogFindings,
            arguments: [doc.uri, g.key],
          }),
      ),
    ];
  }

  /** Repeated findings of one pattern about one workload, pod or node. */
  groups(findings: readonly Finding[]): FindingGroup[] {
    return groupFindings(findings, (id) => this.analyzer.pattern(id));
  }

  /** Waits for the scan: the outline caches what it gets per document version. */
  async provideDocumentSymbols(doc: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
    const full = await this.analyzer.fullScan(doc);
    if (!full) return [];
    const findings = full.findings.slice(0, MAX_SYMBOLS);
    const symbol = (f: Finding): vscode.DocumentSymbol => {
      const line = doc.lineAt(f.line).range;
      const range = line.intersection(new vscode.Range(f.line, f.startColumn, f.line, f.endColumn)) ?? line;
      const title = this.analyzer.pattern(f.patternId)?.title ?? f.patternId;
      return new vscode.DocumentSymbol(
        `${f.line + 1}: ${title}`,
        f.fields.pod ?? f.patternId,
        symbolKind(f),
        line,
        range,
      );
    };
    // A repeated finding is one entry (its label) holding its lines, placed at its first line.
    const grouped = new Map<Finding, FindingGroup>();
    for (const g of this.groups(findings)) for (const f of g.findings) grouped.set(f, g);
    const out: vscode.DocumentSymbol[] = [];
    const done = new Set<FindingGroup>();
    for (const f of findings) {
      const g = grouped.get(f);
      if (!g) {
        out.push(symbol(f));
        continue;
      }
      if (done.has(g)) continue;
      done.add(g);
      const children = g.findings.map(symbol);
      const first = children[0] as vscode.DocumentSymbol;
      const last = children[children.length - 1] as vscode.DocumentSymbol;
      const parent = new vscode.DocumentSymbol(
        g.label,
        `${g.findings.length} lines`,
        symbolKind(f),
        new vscode.Range(first.range.start, last.range.end),
        first.selectionRange,
      );
      parent.children = children;
      out.push(parent);
    }
    return out;
  }

  /** A quick pick of the findings of a log (of one group when `groupKey` is given); picking one reveals its line. */
  async pickFinding(uri?: vscode.Uri, groupKey?: string): Promise<void> {
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== ISTIO_LOG_LANGUAGE) return;
    const full = await this.analyzer.fullScan(doc);
    const all = full?.findings ?? [];
    const group = groupKey ? this.groups(all).find((g) => g.key === groupKey) : undefined;
    const items = (group?.findings ?? all).slice(0, MAX_SYMBOLS).map((f) => ({
      label: `${f.line + 1}: ${this.analyzer.pattern(f.patternId)?.title ?? f.patternId}`,
      description: f.fields.pod ?? f.fields.node ?? '',
      detail: f.message,
      finding: f,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      placeHolder: group ? group.label : 'Istio CNI findings in this log',
      matchOnDetail: true,
    });
    if (!picked) return;
    const editor = await vscode.window.showTextDocument(doc);
    const range = new vscode.Range(
      picked.finding.line,
      picked.finding.startColumn,
      picked.finding.line,
      picked.finding.endColumn,
    );
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
  }

  private publishProblems(doc: vscode.TextDocument): void {
    const full = this.analyzer.completed(doc);
    if (!full || !this.settings.get('logs.showInProblems')) {
      this.problems.delete(doc.uri);
      return;
    }
    this.problems.set(
      doc.uri,
      full.findings.slice(0, MAX_PROBLEMS).map((f) => {
        const pattern = this.analyzer.pattern(f.patternId);
        const d = new vscode.Diagnostic(
          new vscode.Range(f.line, f.startColumn, f.line, f.endColumn),
          `${pattern?.title ?? f.patternId}: ${pattern?.fix ?? ''}`,
          f.severity === 'error'
            ? vscode.DiagnosticSeverity.Error
            : f.severity === 'warning'
              ? vscode.DiagnosticSeverity.Warning
              : vscode.DiagnosticSeverity.Information,
        );
        d.source = 'istio-cni-doctor';
        d.code = f.patternId;
        return d;
      }),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}

function symbolKind(f: Finding): vscode.SymbolKind {
  return f.severity === 'error'
    ? vscode.SymbolKind.Event
    : f.severity === 'warning'
      ? vscode.SymbolKind.Key
      : vscode.SymbolKind.String;
}
