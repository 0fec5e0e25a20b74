/**
 * The one conversion of CNI lint findings into diagnostics and quick fixes, in the Language
 * Server Protocol's shapes (plain data, structurally the same as `vscode-languageserver`'s
 * Diagnostic and CodeAction). The language server sends them as they are; the extension uses
 * the same functions for the net.d it reads from a node, so both keep related locations and
 * fixes the same way.
 */
import type { Finding, Fix, Severity } from '../core/cni/types';
import { COMMANDS } from './ids';

export const DIAGNOSTIC_SOURCE = 'istio-cni-doctor';

export interface WirePosition {
  line: number;
  character: number;
}
export interface WireRange {
  start: WirePosition;
  end: WirePosition;
}
export interface WireTextEdit {
  range: WireRange;
  newText: string;
}

/** LSP DiagnosticSeverity: 1 error, 2 warning, 3 information. */
export type WireSeverity = 1 | 2 | 3;

export interface WireDiagnostic {
  range: WireRange;
  severity: WireSeverity;
  source: string;
  code: string;
  message: string;
  relatedInformation: { location: { uri: string; range: WireRange }; message: string }[];
}

export interface WireCodeAction {
  title: string;
  kind: 'quickfix';
  diagnostics: WireDiagnostic[];
  isPreferred?: boolean;
  edit?: WireWorkspaceEdit;
  command?: { title: string; command: string; arguments: unknown[] };
}

/**
 * A workspace edit: plain `changes`, or, for a fix the user should see first, `documentChanges`
 * whose edits carry a change annotation with `needsConfirmation` (VS Code shows a preview).
 */
export interface WireWorkspaceEdit {
  changes?: Record<string, WireTextEdit[]>;
  documentChanges?: {
    textDocument: { uri: string; version: null };
    edits: (WireTextEdit & { annotationId: string })[];
  }[];
  changeAnnotations?: Record<string, { label: string; needsConfirmation: boolean; description: string }>;
}

const SEVERITY: Record<Severity, WireSeverity> = { error: 1, warning: 2, info: 3 };

const PREVIEW_ANNOTATION = 'istioCniDoctor.previewFix';

/** One fix as an action. Edits touch `uri` only; a helm snippet is a client command, never an edit. */
function toAction<D>(
  uri: string,
  d: D,
  fix: Fix,
  preferred: boolean,
): Omit<WireCodeAction, 'diagnostics'> & { diagnostics: D[] } {
  if (fix.kind === 'helmSnippet') {
    // Never edit another file or the cluster silently: the client copies or shows the snippet.
    return {
      title: fix.title,
      kind: 'quickfix',
      diagnostics: [d],
      command: { title: fix.title, command: COMMANDS.copyHelmSnippet, arguments: [fix.snippet] },
    };
  }
  const edit: WireWorkspaceEdit = fix.preview
    ? {
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
      }
    : { changes: { [uri]: fix.edits } };
  return { title: fix.title, kind: 'quickfix', diagnostics: [d], isPreferred: preferred, edit };
}

/** A finding as a diagnostic; `uriOf` turns the finding's file names into URIs. */
export function toDiagnostic(f: Finding, uriOf: (file: string) => string): WireDiagnostic {
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

function sameRange(a: WireRange, b: WireRange): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** The diagnostic fields a client sends back when it asks for code actions. */
export interface DiagnosticRef {
  range: WireRange;
  source?: string | undefined;
  code?: string | number | undefined;
  /** LSP 3.18 allows markup here; ours are always plain strings. */
  message: string | { kind: string; value: string };
}

/** Quick fixes for the diagnostics a client asks about, looked up in the last lint of `uri`. */
export function codeActionsFor<D extends DiagnosticRef>(
  uri: string,
  diagnostics: D[],
  findings: Finding[],
): (Omit<WireCodeAction, 'diagnostics'> & { diagnostics: D[] })[] {
  const actions: (Omit<WireCodeAction, 'diagnostics'> & { diagnostics: D[] })[] = [];
  for (const d of diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE) continue;
    const f = findings.find(
      (x) => x.ruleId === d.code && sameRange(x.range, d.range) && x.message === d.message,
    );
    if (!f) continue;
    // The preferred fix first, then the others (e.g. the durable Helm value behind a local edit).
    const fixes = [...(f.fix ? [f.fix] : []), ...(f.moreFixes ?? [])];
    fixes.forEach((fix, i) => actions.push(toAction(uri, d, fix, i === 0)));
  }
  return actions;
}
