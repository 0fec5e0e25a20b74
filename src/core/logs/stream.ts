/**
 * Streaming scan: feed chunks (bytes or text) of any size and get findings with absolute line
 * numbers, holding at most one partial line in memory. Bytes are searched for the catalog's
 * literals before decoding, and only the lines with a hit are decoded (as UTF-8 with
 * replacement characters, so invalid UTF-8 and NUL bytes never throw). A line longer than
 * MAX_STREAM_LINE is matched on its head and the rest is skipped without being kept, so a 1 GB
 * file without newlines still runs in bounded memory. Chunks may be reused by the caller once
 * `push` returns: nothing is kept that points into them.
 */
import { LogMatcher, MAX_LINE_SCAN, type SkipSink } from './matcher';
import { type Finding, type LogPattern } from './types';

/** A partial line longer than this is matched early and the rest of it discarded. */
export const MAX_STREAM_LINE = 1024 * 1024;
/** Bytes of a candidate line that are decoded: enough for MAX_LINE_SCAN characters of any UTF-8. */
const MAX_LINE_BYTES = MAX_LINE_SCAN * 4;
const NL = 10;

export interface StreamOptions {
  /** Told about a line that could not be matched (it is skipped; the scan goes on). */
  onSkip?: SkipSink;
}

export class LogStreamScanner {
  private readonly matcher: LogMatcher;
  private readonly decoder = new TextDecoder('utf-8');
  private readonly lineDecoder = new TextDecoder('utf-8');
  private readonly onSkip: SkipSink | undefined;
  private carry = '';
  private carryBytes = new Uint8Array(1024);
  private carryLength = 0;
  /** True while discarding the rest of an over-long line. */
  private skipping = false;
  private nextLine = 0;
  /** Candidate offsets of the chunk being scanned (reused). */
  private readonly hits: number[] = [];

  constructor(matcherOrPatterns: LogMatcher | readonly LogPattern[], options: StreamOptions = {}) {
    this.matcher =
      matcherOrPatterns instanceof LogMatcher ? matcherOrPatterns : new LogMatcher(matcherOrPatterns);
    this.onSkip = options.onSkip;
  }

  /** Lines completed so far (the 0-based number of the line being read). */
  get linesRead(): number {
    return this.nextLine;
  }

  /** Scans a chunk; returns the findings on the lines it completed. Push bytes or text, not both. */
  push(chunk: Uint8Array | string): Finding[] {
    if (typeof chunk === 'string') return this.consume(chunk, false);
    if (this.matcher.needsEveryLine || !this.matcher.byteSearch())
      return this.consume(this.decoder.decode(chunk, { stream: true }), false);
    return this.pushBytes(chunk);
  }

  /** Flushes the last line (a file need not end with a newline). */
  end(): Finding[] {
    if (this.carryLength === 0) return this.consume(this.decoder.decode(), true);
    const findings: Finding[] = [];
    if (!this.skipping) this.matchCarried(findings);
    this.carryLength = 0;
    return findings;
  }

  private pushBytes(chunk: Uint8Array): Finding[] {
    const findings: Finding[] = [];
    let from = 0;
    if (this.skipping || this.carryLength > 0) {
      const nl = chunk.indexOf(NL);
      if (nl === -1) {
        if (!this.skipping) this.appendCarry(chunk, 0, chunk.length, findings);
        return findings;
      }
      if (!this.skipping) {
        this.appendCarry(chunk, 0, nl, findings);
        if (!this.skipping) this.matchCarried(findings);
      }
      this.carryLength = 0;
      this.skipping = false;
      this.nextLine++;
      from = nl + 1;
    }
    const last = chunk.lastIndexOf(NL);
    if (last >= from) this.nextLine += this.scanBytes(chunk, from, last + 1, findings);
    const rest = Math.max(from, last + 1);
    if (rest < chunk.length) this.appendCarry(chunk, rest, chunk.length, findings);
    return findings;
  }

  /**
   * Scans the complete lines of `bytes[start, end)` (`start` is a line start, `end` follows a
   * newline) and returns how many newlines it holds.
   */
  private scanBytes(bytes: Uint8Array, start: number, end: number, findings: Finding[]): number {
    const hits = this.hits;
    hits.length = 0;
    this.matcher.byteSearch()?.lineHits(bytes, start, end, hits);
    let line = this.nextLine;
    let counted = start; // newlines before `counted` are included in `line`
    let from = start; // hits before `from` are on a line already matched
    for (const hit of hits) {
      if (hit < from) continue;
      const lineStart = hit === 0 ? 0 : Math.max(start, bytes.lastIndexOf(NL, hit - 1) + 1);
      line += countNewlines(bytes, counted, lineStart);
      counted = lineStart;
      let lineEnd = bytes.indexOf(NL, hit);
      if (lineEnd === -1 || lineEnd > end) lineEnd = end;
      if (hit - lineStart < MAX_LINE_BYTES) this.matchBytes(bytes, lineStart, lineEnd, line, findings);
      from = lineEnd + 1;
    }
    return line - this.nextLine + countNewlines(bytes, counted, end);
  }

  /** Decodes one line (without its newline) and matches it. */
  private matchBytes(bytes: Uint8Array, start: number, end: number, line: number, findings: Finding[]): void {
    let stop = Math.min(end, start + MAX_LINE_BYTES);
    if (stop === end && stop > start && bytes[stop - 1] === 13) stop--;
    const f = this.matcher.matchLine(this.lineDecoder.decode(bytes.subarray(start, stop)), line, this.onSkip);
    if (f) findings.push(f);
  }

  private matchCarried(findings: Finding[]): void {
    const search = this.matcher.byteSearch();
    const n = Math.min(this.carryLength, MAX_LINE_BYTES);
    if (search && search.next(this.carryBytes, 0, n) !== -1)
      this.matchBytes(this.carryBytes, 0, n, this.nextLine, findings);
  }

  /** Keeps a partial line; an over-long one is matched on its head and the rest skipped. */
  private appendCarry(chunk: Uint8Array, from: number, to: number, findings: Finding[]): void {
    const need = this.carryLength + (to - from);
    if (need > this.carryBytes.length) {
      const grown = new Uint8Array(Math.max(need, this.carryBytes.length * 2));
      grown.set(this.carryBytes.subarray(0, this.carryLength));
      this.carryBytes = grown;
    }
    this.carryBytes.set(chunk.subarray(from, to), this.carryLength);
    this.carryLength = need;
    if (this.carryLength > MAX_STREAM_LINE) {
      this.matchCarried(findings);
      this.carryLength = 0;
      this.skipping = true;
    }
  }

  private consume(text: string, final: boolean): Finding[] {
    const findings: Finding[] = [];
    const sink = (f: Finding) => void findings.push(f);
    let s = text;
    if (this.skipping) {
      const nl = s.indexOf('\n');
      if (nl === -1) return findings;
      this.skipping = false;
      this.nextLine++;
      s = s.slice(nl + 1);
    } else if (this.carry) {
      s = this.carry + s;
      this.carry = '';
    }
    const last = final ? s.length - 1 : s.lastIndexOf('\n');
    if (last >= 0)
      this.nextLine += this.matcher.scanOffsets(s, 0, last + 1, this.nextLine, sink, this.onSkip);
    this.carry = s.slice(last + 1);
    if (this.carry.length > MAX_STREAM_LINE) {
      const head = this.carry.slice(0, MAX_LINE_SCAN);
      this.matcher.scanOffsets(head, 0, MAX_LINE_SCAN, this.nextLine, sink, this.onSkip);
      this.carry = '';
      this.skipping = true;
    }
    return findings;
  }
}

/** Newlines in `bytes[from, to)`. (Buffer.indexOf, when `bytes` is a Buffer, is a native memchr.) */
function countNewlines(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let at = bytes.indexOf(NL, from); at !== -1 && at < to; at = bytes.indexOf(NL, at + 1)) n++;
  return n;
}

/** Scans an async source of chunks (a Node stream, a fetch body reader) and yields findings. */
export async function* scanChunks(
  source: AsyncIterable<Uint8Array | string>,
  matcher: LogMatcher | readonly LogPattern[],
  options: StreamOptions = {},
): AsyncGenerator<Finding> {
  const scanner = new LogStreamScanner(matcher, options);
  for await (const chunk of source) yield* scanner.push(chunk);
  yield* scanner.end();
}
