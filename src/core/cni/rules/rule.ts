/**
 * What a rule is, and the small helpers every rule uses to point at text. A rule sees the whole
 * directory model; file-level rules simply loop over its candidate files.
 */
import { type Node, modify } from 'jsonc-parser';
import { type ConfigFile, propertyNode } from '../parse';
import { type DirectoryModel } from '../model';
import {
  type Finding,
  type Fix,
  type RelatedLocation,
  type RuleMeta,
  type Severity,
  type TextEdit,
  type TextRange,
} from '../types';

export interface Rule extends RuleMeta {
  check(model: DirectoryModel): Finding[];
}

/**
 * The range of a node, or of the file's first token when there is no better place. A plugin
 * object (an object with a string `type`) is pointed at by its `type` key, so a squiggle marks
 * one line, not the whole object.
 */
export function rangeOf(file: ConfigFile, node?: Node): TextRange {
  const typeKey = node?.type === 'object' ? propertyNode(node, 'type') : undefined;
  if (typeKey?.children?.[1]?.type === 'string') return keyRange(file, typeKey);
  if (node) return file.lines.range(node.offset, node.length);
  if (file.root) return file.lines.range(file.root.offset, 1);
  const first = file.text.search(/\S/);
  return file.lines.range(first < 0 ? 0 : first, first < 0 ? 0 : 1);
}

/** The key of a property (`"name"`), the usual place to put a squiggle about that property. */
export function keyRange(file: ConfigFile, property: Node | undefined): TextRange {
  return rangeOf(file, property?.children?.[0] ?? property);
}

export function related(file: ConfigFile, message: string, node?: Node): RelatedLocation {
  return { file: file.path, range: rangeOf(file, node), message };
}

export interface FindingExtras {
  related?: RelatedLocation[];
  fix?: Fix;
  moreFixes?: Fix[];
  severity?: Severity;
}

export function finding(
  rule: RuleMeta,
  file: ConfigFile,
  range: TextRange,
  message: string,
  extras: FindingExtras = {},
): Finding {
  const f: Finding = {
    file: file.path,
    range,
    severity: extras.severity ?? rule.severity,
    ruleId: rule.id,
    message,
    related: extras.related ?? [],
  };
  if (extras.fix) f.fix = extras.fix;
  if (extras.moreFixes && extras.moreFixes.length > 0) f.moreFixes = extras.moreFixes;
  return f;
}

/** Text edits for a jsonc-parser `modify`, converted to ranges in `file`. */
export function modifyEdits(
  file: ConfigFile,
  path: (string | number)[],
  value: unknown,
  atStart = false,
): TextEdit[] {
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /\n([ \t]+)"/.exec(file.text)?.[1] ?? '  ';
  const edits = modify(file.text, path, value, {
    formattingOptions: {
      insertSpaces: !indent.includes('\t'),
      tabSize: indent.includes('\t') ? 1 : indent.length,
      eol,
    },
    ...(atStart ? { getInsertionIndex: () => 0 } : {}),
  });
  return edits.map((e) => ({ range: file.lines.range(e.offset, e.length), newText: e.content }));
}

/** Deletes array element `node` together with the separator up to the next element. */
export function removeElementEdit(file: ConfigFile, node: Node): TextEdit {
  const siblings = node.parent?.children ?? [];
  const i = siblings.indexOf(node);
  const next = siblings[i + 1];
  const prev = siblings[i - 1];
  if (next) return { range: file.lines.range(node.offset, next.offset - node.offset), newText: '' };
  const start = prev ? prev.offset + prev.length : node.offset;
  return { range: file.lines.range(start, node.offset + node.length - start), newText: '' };
}

export function list(names: string[], max = 5): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
