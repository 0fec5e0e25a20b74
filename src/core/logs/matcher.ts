/**
 * The matcher: finds catalog (and user) patterns in log text in one pass, however many patterns
 * there are. A multi-literal search (literalSearch.ts) over every pattern's literals runs over the
 * text once; only lines with a hit are cut out, parsed and tested against the regexes of the
 * patterns whose literals they contain. (A combined regex alternation was measured too: see
 * bench/logs.ts; it is several times slower with this many patterns.)
 * Patterns without literals (user patterns) get one global pass each.
 *
 * Limits: only the first MAX_LINE_SCAN characters of a line are matched, so a 10 MB line costs
 * one literal scan, not a regex run over 10 MB.
 */
import { addContextFields, type Fields, fieldsFromGroups } from './fields';
import { type LineIndex, offsetOfLine } from '../text/lineIndex';
import { parseLogLine } from './lineReader';
import { type ByteLiteralSearch } from './byteLiteralSearch';
import { LiteralSearch } from './literalSearch';
import { type FieldName, type Finding, type LogFormat, type LogPattern } from './types';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Characters of a line that are matched; the rest of a longer line is ignored. */
export const MAX_LINE_SCAN = 64 * 1024;
const MAX_MESSAGE = 1000;

/** Which lines to scan: `[startLine, endLine)`, 0-based. */
export interface ScanOptions {
  startLine?: number;
  endLine?: number;
  /**
   * A prebuilt index of `text` (`LineIndex.build(text, 'lf')`: log lines end only at `\n`), to
   * find the start of the range without counting newlines.
   */
  lineIndex?: LineIndex;
  /** Told about a line that could not be matched (it is skipped; the scan goes on). */
  onSkip?: SkipSink;
}

/** Receives the 0-based number of a line that was skipped, and why. */
export type SkipSink = (line: number, reason: string) => void;

/** Receives findings in line order; return false to stop the scan early. */
export type FindingSink = (finding: Finding) => boolean | void;

export class LogMatcher {
  private readonly filtered: LogPattern[] = [];
  private readonly unfiltered: LogPattern[] = [];
  private readonly search: LiteralSearch | undefined;
  private readonly literals: readonly string[];
  private bytesSearch: ByteLiteralSearch | undefined;
  /** literal -> indexes into `filtered` of patterns implied when the literal occurs. */
  private readonly literalPatterns = new Map<string, number[]>();
  private readonly byId = new Map<string, LogPattern>();

  constructor(patterns: readonly LogPattern[]) {
    for (const p of patterns) {
      if (this.byId.has(p.id)) continue;
      this.byId.set(p.id, p);
      (p.literals.length > 0 ? this.filtered : this.unfiltered).push(p);
    }
    const literals = this.indexLiterals();
    this.literals = literals;
    this.search = literals.length > 0 ? new LiteralSearch(literals) : undefined;
  }

  /** True when some pattern has no literals, so every line must be decoded and tried. */
  get needsEveryLine(): boolean {
    return this.unfiltered.length > 0;
  }

  /** The literal search over UTF-8 bytes (streaming scans decode only the lines it hits). */
  byteSearch(): ByteLiteralSearch | undefined {
    if (this.literals.length === 0) return undefined;
    return (this.bytesSearch ??= LiteralSearch.bytes(this.literals));
  }

  /** The pattern with this ID among those the matcher was built with. */
  pattern(id: string): LogPattern | undefined {
    return this.byId.get(id);
  }

  /** All findings in `text` (or in a line range of it), in line order. */
  scan(text: string, options: ScanOptions = {}): Finding[] {
    const findings: Finding[] = [];
    this.scanInto(text, options, (f) => void findings.push(f));
    return findings;
  }

  /** Like `scan`, but hands each finding to `sink` (which may stop the scan by returning false). */
  scanInto(text: string, options: ScanOptions, sink: FindingSink): void {
    if (options.lineIndex && options.lineIndex.breaks !== 'lf')
      throw new Error(
        "LogMatcher.scan needs a LineIndex built with the 'lf' rule: log lines end only at \\n",
      );
    const startLine = Math.max(0, options.startLine ?? 0);
    const start = options.lineIndex ? options.lineIndex.offsetOf(startLine) : offsetOfLine(text, startLine);
    let end = text.length;
    if (options.endLine !== undefined) {
      end = options.lineIndex
        ? options.lineIndex.offsetOf(options.endLine)
        : start + offsetOfLine(text.slice(start), options.endLine - startLine);
    }
    this.scanOffsets(text, start, end, startLine, sink, options.onSkip);
  }

  /**
   * Scans `text[start, end)`, whose first line is `firstLine`. `start` must be a line start.
   * Returns the number of newlines in the range (the streaming scanner uses it to keep counting).
   */
  scanOffsets(
    text: string,
    start: number,
    end: number,
    firstLine: number,
    sink: FindingSink,
    onSkip?: SkipSink,
  ): number {
    const catalogHits = this.prefilterHits(text, start, end, firstLine, onSkip);
    const userHits = this.unfiltered.length > 0 ? this.userHits(text, start, end, firstLine) : [];
    const all = userHits.length > 0 ? mergeByLine(catalogHits.findings, userHits) : catalogHits.findings;
    for (const f of all) if (sink(f) === false) break;
    return catalogHits.lineCount;
  }

  /**
   * Matches one line (without its newline) against the catalog patterns; undefined if none.
   * A line the matcher cannot handle (it throws) is skipped and reported to `onSkip`.
   */
  matchLine(line: string, lineNumber = 0, onSkip?: SkipSink): Finding | undefined {
    const capped = line.length > MAX_LINE_SCAN ? line.slice(0, MAX_LINE_SCAN) : line;
    try {
      return this.evaluateLine(capped, lineNumber);
    } catch (e) {
      onSkip?.(lineNumber, e instanceof Error ? e.message : String(e));
      return undefined;
    }
  }

  private prefilterHits(
    text: string,
    start: number,
    end: number,
    firstLine: number,
    onSkip: SkipSink | undefined,
  ): { findings: Finding[]; lineCount: number } {
    const findings: Finding[] = [];
    let line = firstLine;
    let counted = start; // newlines before `counted` are included in `line`
    const search = this.search;
    for (
      let hit = search ? search.next(text, start, end) : -1;
      hit !== -1 && search;
      hit = search.next(text, hit, end)
    ) {
      const lineStart = text.lastIndexOf('\n', hit - 1) + 1;
      line += countNewlines(text, counted, lineStart);
      counted = lineStart;
      let lineEnd = text.indexOf('\n', hit);
      if (lineEnd === -1 || lineEnd > end) lineEnd = end;
      if (hit - lineStart < MAX_LINE_SCAN) {
        const f = this.matchLine(sliceLine(text, lineStart, lineEnd), line, onSkip);
        if (f) findings.push(f);
      }
      hit = lineEnd + 1;
      if (hit >= end) break;
    }
    return { findings, lineCount: line - firstLine + countNewlines(text, counted, end) };
  }

  private evaluateLine(rawLine: string, lineNumber: number): Finding | undefined {
    // Blank out ANSI colour codes with spaces: columns stay those of the document, \b still works.
    const line = rawLine.includes('\x1b') ? rawLine.replace(ANSI, (seq) => ' '.repeat(seq.length)) : rawLine;
    const candidates = this.candidatesOf(line);
    if (candidates.length === 0) return undefined;
    const hits: Hit[] = [];
    for (const index of candidates) {
      const pattern = this.filtered[index];
      const match = pattern?.regex.exec(line);
      if (pattern && match) hits.push({ pattern, match });
    }
    return hits.length > 0 ? buildFinding(hits, rawLine, lineNumber) : undefined;
  }

  /** Indexes of patterns whose literals occur in `line`, in catalog order. */
  private candidatesOf(line: string): number[] {
    const search = this.search;
    if (!search) return [];
    const seen = new Set<number>();
    for (let at = search.next(line, 0, line.length); at !== -1; at = search.next(line, at + 1, line.length)) {
      for (const lit of search.literalsAt(line, at))
        for (const i of this.literalPatterns.get(lit) ?? []) seen.add(i);
    }
    return [...seen].sort((a, b) => a - b);
  }

  /** Builds literal -> patterns, adding `\"` variants and the patterns of contained literals. */
  private indexLiterals(): string[] {
    this.filtered.forEach((p, i) => {
      for (const lit of p.literals) {
        for (const variant of lit.includes('"') ? [lit, lit.replace(/"/g, '\\"')] : [lit]) {
          const list = this.literalPatterns.get(variant) ?? [];
          list.push(i);
          this.literalPatterns.set(variant, list);
        }
      }
    });
    const literals = [...this.literalPatterns.keys()].filter((l) => l.length > 0);
    for (const outer of literals) {
      const list = this.literalPatterns.get(outer) ?? [];
      for (const inner of literals) {
        if (inner !== outer && outer.includes(inner)) list.push(...(this.literalPatterns.get(inner) ?? []));
      }
      this.literalPatterns.set(outer, [...new Set(list)]);
    }
    return literals.sort((a, b) => b.length - a.length);
  }

  private userHits(text: string, start: number, end: number, firstLine: number): Finding[] {
    const out: Finding[] = [];
    for (const pattern of this.unfiltered) {
      const flags = pattern.regex.flags.replace(/[gmy]/g, '');
      const re = new RegExp(pattern.regex.source, `${flags}gm`);
      let line = firstLine;
      let counted = start;
      re.lastIndex = start;
      for (let m = re.exec(text); m !== null && m.index < end; m = re.exec(text)) {
        const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
        line += countNewlines(text, counted, lineStart);
        counted = lineStart;
        let lineEnd = text.indexOf('\n', m.index);
        if (lineEnd === -1 || lineEnd > end) lineEnd = end;
        if (m.index - lineStart < MAX_LINE_SCAN) {
          const lineText = sliceLine(text, lineStart, lineEnd);
          const local = new RegExp(pattern.regex.source, flags).exec(lineText);
          if (local) out.push(buildFinding([{ pattern, match: local }], lineText, line));
        }
        re.lastIndex = Math.max(lineEnd + 1, m.index + 1);
      }
    }
    return out;
  }
}

const ESCAPING_FORMATS: ReadonlySet<LogFormat> = new Set<LogFormat>([
  'istio-json',
  'logrus',
  'klog',
  'journald',
]);

const NONE: readonly string[] = Object.freeze([]);

interface Hit {
  pattern: LogPattern;
  match: RegExpExecArray;
}

/** The first hit is the finding; the others only fill in fields it lacks and are listed in `also`. */
function buildFinding(hits: readonly Hit[], line: string, lineNumber: number): Finding {
  const [{ pattern, match }] = hits as [Hit, ...Hit[]];
  const record = parseLogLine(line);
  const fields: Fields = {};
  // Formats that quote or escape the message, or lines with trailing labels: prefer groups
  // matched on the clean message, so `error` does not end in `"}` or `ns=x name=y`.
  const escaped = ESCAPING_FORMATS.has(record.format) || hasKeys(record.labels);
  for (const hit of hits) {
    const clean = escaped
      ? (hit.pattern.regex.exec(record.message) ?? matchLabels(hit.pattern.regex, record.labels))
      : undefined;
    const found = fieldsFromGroups((clean ?? hit.match).groups);
    for (const k in found) fields[k as FieldName] ??= found[k as FieldName];
  }
  addContextFields(fields, line, record);
  const startColumn = match.index;
  const endColumn = Math.max(startColumn + match[0].length, Math.min(startColumn + 1, line.length));
  const message = record.message || line;
  return {
    line: lineNumber,
    startColumn,
    endColumn,
    patternId: pattern.id,
    severity: pattern.severity,
    fields,
    message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message,
    also: hits.length > 1 ? hits.slice(1).map((h) => h.pattern.id) : NONE,
  };
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

function matchLabels(regex: RegExp, labels: Record<string, string>): RegExpExecArray | undefined {
  for (const value of Object.values(labels)) {
    const m = regex.exec(value);
    if (m) return m;
  }
  return undefined;
}

/** The line without its newline/CR, capped at MAX_LINE_SCAN characters. */
function sliceLine(text: string, start: number, end: number): string {
  let stop = Math.min(end, start + MAX_LINE_SCAN);
  if (stop === end && stop > start && text.charCodeAt(stop - 1) === 13) stop--;
  return text.slice(start, stop);
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

function mergeByLine(a: Finding[], b: Finding[]): Finding[] {
  return [...a, ...b].sort((x, y) => x.line - y.line || x.startColumn - y.startColumn);
}
