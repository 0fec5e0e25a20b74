/** Applies a finding's text edits to its file, as an editor would. */
import { LineIndex } from '../../../src/core/text/lineIndex';
import { type Finding } from '../../../src/core/cni/types';

export function applyFix(text: string, finding: Finding | undefined): string {
  if (finding?.fix?.kind !== 'edits')
    throw new Error(`no text-edit fix on ${finding?.ruleId ?? 'undefined'}`);
  const lines = LineIndex.build(text, 'editor');
  const edits = finding.fix.edits
    .map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
