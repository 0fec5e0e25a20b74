/**
 * Hovers over CNI findings. Findings become diagnostics and quick fixes in
 * src/protocol/cniDiagnostics.ts, shared with the extension's node net.d reader.
 */
import { type Hover, MarkupKind, type Position, type Range } from 'vscode-languageserver';
import { ruleById } from '../core/cni/lint';
import { type Finding } from '../core/cni/types';

export { codeActionsFor, toDiagnostic } from '../protocol/cniDiagnostics';

function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

/** Markdown explaining the findings under the cursor (rule title, help, source) and the key there. */
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
