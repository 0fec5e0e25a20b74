/** Converts core findings to LSP diagnostics, code actions and hovers; pure functions. */
import {
  type CodeAction,
  CodeActionKind,
  type Diagnostic,
  DiagnosticSeverity,
  type Hover,
  MarkupKind,
  type Position,
  type Range,
} from 'vscode-languageserver';
import { ruleById } from '../core/cni/lint';
import { type Finding, type Fix, type Severity } from '../core/cni/types';
import { COMMANDS } from '../protocol/ids';

export const DIAGNOSTIC_SOURCE = 'istio-cni-doctor';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(f: Finding, uriOf: (file: string) => string): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    message: f.message,
    relatedInformation: f.related.map((r) => ({
      location: { uri: uriOf(r.file), range: r.range },
      message: r.message,
    })),
  };
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

const PREVIEW_ANNOTATION = 'istioCniDoctor.previewFix';

/** One fix as a code action. Edits touch `uri` only; a preview edit asks the user to confirm. */
function toCodeAction(uri: string, d: Diagnostic, fix: Fix, preferred: boolean): CodeAction {
  if (fix.kind === 'helmSnippet') {
    // Never edit another file or the cluster silently: the client copies or shows the snippet.
    return {
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      command: { title: fix.title, command: COMMANDS.copyHelmSnippet, arguments: [fix.snippet] },
    };
  }
  if (!fix.preview) {
    return {
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: preferred,
      edit: { changes: { [uri]: fix.edits } },
    };
  }
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    isPreferred: preferred,
    edit: {
      documentChanges: [
        {
          textDocument: { uri, version: null },
          edits: fix.edits.map((e) => ({ ...e, annotationId: PREVIEW_ANNOTATION })),
        },
      ],
      changeAnnotations: {
        [PREVIEW_ANNOTATION]: {
          label: fix.title,
          needsConfirmation: true,
          description: 'Istio CNI Doctor quick fix',
        },
      },
    },
  };
}

/** Quick fixes for the diagnostics the client asks about, looked up in the last lint of `uri`. */
export function codeActionsFor(uri: string, diagnostics: Diagnostic[], findings: Finding[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE) continue;
    const f = findings.find(
      (x) => x.ruleId === d.code && sameRange(x.range, d.range) && x.message === d.message,
    );
    if (!f) continue;
    const fixes = [...(f.fix ? [f.fix] : []), ...(f.moreFixes ?? [])];
    fixes.forEach((fix, i) => actions.push(toCodeAction(uri, d, fix, i === 0)));
  }
  return actions;
}

function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

/** Markdown explaining the findings under the cursor (rule title and help) and the key there. */
export function hoverFor(
  position: Position,
  findings: Finding[],
  keyDoc: { markdown: string; range: Range } | undefined,
): Hover | undefined {
  const parts: string[] = [];
  let range: Range | undefined;
  const seen = new Set<string>();
  for (const f of findings.filter((x) => contains(x.range, position))) {
    if (seen.has(f.ruleId)) continue;
    seen.add(f.ruleId);
    const rule = ruleById(f.ruleId);
    const source = rule ? `\n\nSource: ${rule.source}` : '';
    parts.push(
      `**${f.ruleId}** (${f.severity}): ${rule?.title ?? ''}\n\n${rule?.description ?? ''}${source}`,
    );
    range ??= f.range;
  }
  if (keyDoc) {
    parts.push(keyDoc.markdown);
    range = keyDoc.range;
  }
  if (parts.length === 0) return undefined;
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') },
    ...(range ? { range } : {}),
  };
}
