/**
 * Streaming scan: feed chunks (bytes or text) of any size and get findings with absolute line
 * numbers, holding at most one partial line in memory. Bytes are decoded as UTF-8 with
 * replacement characters, so invalid UTF-8 and NUL bytes never throw. A line longer than
 * MAX_STREAM_LINE is matched on its first MAX_LINE_SCAN characters and the rest is skipped without
 * being kept, so a 1 GB file without newlines still runs in bounded memory.
 */
import { LogMatcher, MAX_LINE_SCAN } from './matcher';
import { type Finding, type LogPattern } from './types';

/** A partial line longer than this is matched early and the rest of it discarded. */
export const MAX_STREAM_LINE = 1024 * 1024;

export class LogStreamScanner {
  private readonly matcher: LogMatcher;
  private readonly decoder = new TextDecoder('utf-8');
  private carry = '';
  /** True while discarding the rest of an over-long line. */
  private skipping = false;
  private nextLine = 0;

  constructor(matcherOrPatterns: LogMatcher | readonly LogPattern[]) {
    this.matcher =
      matcherOrPatterns instanceof LogMatcher ? matcherOrPatterns : new LogMatcher(matcherOrPatterns);
  }

  /** Lines completed so far (the 0-based number of the line being read). */
  get linesRead(): number {
    return this.nextLine;
  }

  /** Scans a chunk; returns the findings on the lines it completed. */
  push(chunk: Uint8Array | string): Finding[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    return this.consume(text, false);
  }

  /** Flushes the last line (a file need not end with a newline). */
  end(): Finding[] {
    return this.consume(this.decoder.decode(), true);
  }

  private consume(text: string, final: boolean): Finding[] {
    const findings: Finding[] = [];
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
    if (last >= 0) {
      const newlines = this.matcher.scanOffsets(s, 0, last + 1, this.nextLine, (f) => void findings.push(f));
      this.nextLine += newlines;
    }
    this.carry = s.slice(last + 1);
    if (this.carry.length > MAX_STREAM_LINE) {
      this.matcher.scanOffsets(
        this.carry.slice(0, MAX_LINE_SCAN),
        0,
        MAX_LINE_SCAN,
        this.nextLine,
        (f) => void findings.push(f),
      );
      this.carry = '';
      this.skipping = true;
    }
    return findings;
  }
}

/** Scans an async source of chunks (a Node stream, a fetch body reader) and yields findings. */
export async function* scanChunks(
  source: AsyncIterable<Uint8Array | string>,
  matcher: LogMatcher | readonly LogPattern[],
): AsyncGenerator<Finding> {
  const scanner = new LogStreamScanner(matcher);
  for await (const chunk of source) yield* scanner.push(chunk);
  yield* scanner.end();
}
