/**
 * Parses one CNI config file into a position-keeping tree and decides, the way libcni would,
 * whether a runtime can load it. Never throws: empty, binary, BOM-prefixed, commented or
 * absurdly nested input becomes a list of syntax problems with ranges, and the tolerant tree
 * (when there is one) still feeds the structural rules so users see everything while typing.
 */
import { type Node, parseTree, getNodeValue, type ParseError, ParseErrorCode } from 'jsonc-parser';
import { LineIndex } from '../text/lineIndex';
import { baseName, looksBinary, nestingDepth } from './text';
import { parseStrict } from './strictJson';

/** Far beyond any real CNI config (they nest < 10 levels) and far below jsonc-parser's limit. */
export const MAX_NESTING = 256;

export type FileKind = 'conf' | 'conflist' | 'json' | 'other';

export interface SyntaxProblem {
  offset: number;
  length: number;
  message: string;
}

/** A plugin object in a file's chain: `plugins[i]` of a conflist, or the whole `.conf`. */
export interface PluginRef {
  node: Node;
  index: number;
  type: string | undefined;
  value: Record<string, unknown>;
}

export interface ConfigFile {
  path: string;
  name: string;
  kind: FileKind;
  text: string;
  lines: LineIndex;
  root: Node | undefined;
  /** The top-level JSON object, when the root is an object. */
  value: Record<string, unknown> | undefined;
  syntax: SyntaxProblem[];
  plugins: PluginRef[];
  /** Set when the caller could not read the entry at all (dangling symlink, loop, not a regular file). */
  unreadable: string | undefined;
  /** Whether libcni (v1.2 rules) would load the file; `invalidReason` says why not. */
  valid: boolean;
  invalidReason: string | undefined;
}

export function fileKind(path: string): FileKind {
  const name = baseName(path);
  if (name.endsWith('.conflist')) return 'conflist';
  if (name.endsWith('.conf')) return 'conf';
  if (name.endsWith('.json')) return 'json';
  return 'other';
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseConfigFile(path: string, text: string, unreadable?: string): ConfigFile {
  const kind = fileKind(path);
  const file: ConfigFile = {
    path,
    name: baseName(path),
    kind,
    text,
    lines: LineIndex.build(text, 'editor'),
    root: undefined,
    value: undefined,
    syntax: [],
    plugins: [],
    unreadable,
    valid: false,
    invalidReason: undefined,
  };
  if (unreadable !== undefined) {
    file.invalidReason = `the file cannot be read (${unreadable})`;
    return file;
  }
  if (kind === 'other') return file;
  const pre = preflight(text);
  file.syntax = pre.problems;
  if (pre.fatal) {
    file.invalidReason = file.syntax[0]?.message;
    return file;
  }
  // The BOM is reported by preflight; replace it with a space so offsets stay the same.
  const body = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const strict = file.syntax.length === 0 ? parseStrict(body) : undefined;
  if (strict) {
    file.root = strict.root;
    if (isObject(strict.value)) file.value = strict.value;
  } else {
    parseTolerant(file, body);
  }
  file.plugins = pluginsOf(file);
  file.invalidReason = validity(file);
  file.valid = file.invalidReason === undefined;
  return file;
}

/** jsonc-parser's error-tolerant parse: slower, but it explains every syntax problem. */
function parseTolerant(file: ConfigFile, body: string): void {
  const errors: ParseError[] = [];
  file.root = parseTree(body, errors, { disallowComments: true, allowTrailingComma: false });
  // One problem per line: jsonc-parser reports every word of "This is not json" separately.
  const seen = new Set<number>();
  for (const e of errors) {
    const line = file.lines.position(e.offset).line;
    const atEnd = body.slice(e.offset).trim() === '';
    if (seen.has(line) || seen.size >= 20 || (atEnd && seen.size > 0)) continue;
    seen.add(line);
    file.syntax.push(describe(e, body));
  }
  if (file.root) {
    const value: unknown = getNodeValue(file.root);
    if (isObject(value)) file.value = value;
  }
}

/** Problems found before parsing; `fatal` when they make parsing pointless. */
function preflight(text: string): { problems: SyntaxProblem[]; fatal: boolean } {
  const fatal = (length: number, message: string) => ({
    problems: [{ offset: 0, length, message }],
    fatal: true,
  });
  if (text.trim().length === 0 || text === '\ufeff') {
    return fatal(0, 'the file is empty (libcni: "unexpected end of JSON input")');
  }
  if (looksBinary(text)) return fatal(0, 'the file is binary data, not JSON');
  const depth = nestingDepth(text, MAX_NESTING);
  if (depth > MAX_NESTING) {
    return fatal(
      1,
      `brackets nest more than ${MAX_NESTING} levels deep; no CNI config looks like this, so the file was not parsed`,
    );
  }
  if (text.charCodeAt(0) === 0xfeff) {
    const message =
      "the file starts with a UTF-8 byte-order mark, which Go's JSON decoder (libcni) rejects (\"invalid character 'ï'\")";
    return { problems: [{ offset: 0, length: 1, message }], fatal: false };
  }
  return { problems: [], fatal: false };
}

const ERROR_TEXT: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'unexpected character',
  [ParseErrorCode.InvalidNumberFormat]: 'invalid number',
  [ParseErrorCode.PropertyNameExpected]: 'expected a property name in double quotes',
  [ParseErrorCode.ValueExpected]: 'expected a value',
  [ParseErrorCode.ColonExpected]: 'expected a colon',
  [ParseErrorCode.CommaExpected]: 'expected a comma',
  [ParseErrorCode.CloseBraceExpected]: "expected '}'",
  [ParseErrorCode.CloseBracketExpected]: "expected ']'",
  [ParseErrorCode.EndOfFileExpected]: 'unexpected content after the end of the JSON value',
  [ParseErrorCode.InvalidCommentToken]: 'comments are not allowed in JSON',
  [ParseErrorCode.UnexpectedEndOfComment]: 'unterminated comment',
  [ParseErrorCode.UnexpectedEndOfString]: 'unterminated string',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'unterminated number',
  [ParseErrorCode.InvalidUnicode]: 'invalid unicode escape',
  [ParseErrorCode.InvalidEscapeCharacter]: 'invalid escape character',
  [ParseErrorCode.InvalidCharacter]: 'control character in a string',
};

function describe(e: ParseError, text: string): SyntaxProblem {
  let message = ERROR_TEXT[e.error] ?? 'invalid JSON';
  if (e.error === ParseErrorCode.ValueExpected || e.error === ParseErrorCode.PropertyNameExpected) {
    let i = e.offset - 1;
    while (i >= 0 && /\s/.test(text.charAt(i))) i--;
    if (text.charAt(i) === ',') message = 'trailing comma (not allowed in JSON)';
  }
  return { offset: e.offset, length: Math.max(e.length, 1), message };
}

function pluginsOf(file: ConfigFile): PluginRef[] {
  const root = file.root;
  if (!root || root.type !== 'object' || !file.value) return [];
  const pluginsNode = propertyValue(root, 'plugins');
  if (pluginsNode?.type === 'array') {
    const values: unknown[] = Array.isArray(file.value.plugins) ? file.value.plugins : [];
    return (pluginsNode.children ?? []).map((node, index) => toPlugin(node, index, values[index]));
  }
  if (file.kind === 'conflist') return [];
  return [toPlugin(root, 0, file.value)];
}

function toPlugin(node: Node, index: number, value: unknown): PluginRef {
  const obj = node.type === 'object' && isObject(value) ? value : {};
  return { node, index, type: typeof obj.type === 'string' ? obj.type : undefined, value: obj };
}

/** The value node of `key` in an object node (last one wins, as in Go). */
export function propertyValue(node: Node | undefined, key: string): Node | undefined {
  return propertyNode(node, key)?.children?.[1];
}

/** The whole `"key": value` property node of an object node. */
export function propertyNode(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== 'object') return undefined;
  let found: Node | undefined;
  for (const p of node.children ?? []) if (p.children?.[0]?.value === key) found = p;
  return found;
}

const BOOL_KEYS = ['disableCheck', 'disableGC', 'loadOnlyInlinedPlugins'];

export function isValidBoolOption(v: unknown): boolean {
  return v === undefined || typeof v === 'boolean' || (typeof v === 'string' && /^(true|false)$/i.test(v));
}

/** Mirrors libcni's ConfFromBytes / ConfListFromBytes; undefined means loadable. */
function validity(file: ConfigFile): string | undefined {
  if (file.syntax.length > 0) return `not valid JSON (${file.syntax[0]?.message})`;
  const v = file.value;
  if (!v) return 'the top level is not a JSON object';
  if (v.cniVersion !== undefined && typeof v.cniVersion !== 'string') return '"cniVersion" is not a string';
  if (file.kind === 'conflist') {
    if (typeof v.name !== 'string') return 'no "name"';
    if (!Array.isArray(v.plugins))
      return v.plugins === undefined ? "no 'plugins' key" : '"plugins" is not an array';
    if (v.plugins.length === 0) return 'no plugins in list';
    for (const key of BOOL_KEYS) if (!isValidBoolOption(v[key])) return `invalid value for ${key}`;
  } else {
    return typeof v.type === 'string' && v.type !== '' ? undefined : "missing 'type'";
  }
  for (const p of file.plugins) {
    if (p.node.type !== 'object') return `plugin #${p.index + 1} is not an object`;
    if (!p.type) return file.kind === 'conflist' ? `plugin #${p.index + 1} has no "type"` : "missing 'type'";
  }
  return undefined;
}
