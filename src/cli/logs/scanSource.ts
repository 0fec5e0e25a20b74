/**
 * Streams one log source (a file or stdin, see logSource.ts) through the core streaming scanner
 * in bounded memory, reporting progress and the lines it had to skip.
 */
import { type Finding, type LogMatcher, LogStreamScanner } from '../../core/logs';
import { type CliIo } from '../io';
import { openLogSource, type SourceKind } from './logSource';

export type ScanOutcome =
  { ok: true; lines: number; kind: SourceKind[] } | { ok: false; reason: string; kind: SourceKind[] };

export interface ScanHooks {
  onFinding: (finding: Finding) => void;
  /** A line that could not be matched (0-based), and why. */
  onSkip?: (line: number, reason: string) => void;
  /** Called now and then with bytes read and the total when known. */
  onProgress?: (read: number, total: number | undefined) => void;
  /** Findings of user patterns on complete lines of text (run in a worker), merged in line order. */
  userPatterns?: (text: string, firstLine: number) => Promise<Finding[]>;
}

const PROGRESS_MS = 200;

export async function scanSource(
  path: string,
  io: CliIo,
  matcher: LogMatcher,
  hooks: ScanHooks,
): Promise<ScanOutcome> {
  const kind: SourceKind[] = [];
  try {
    const source = await openLogSource(path, () => io.stdin());
    kind.push(...source.kind);
    const scanner = new LogStreamScanner(matcher, hooks.onSkip ? { onSkip: hooks.onSkip } : {});
    const lines = hooks.userPatterns ? new LineSplitter(hooks.userPatterns) : undefined;
    let shown = Date.now();
    for await (const chunk of source.chunks) {
      // The splitter cuts at the same last newline as the scanner, so both cover the same lines.
      const found = scanner.push(chunk);
      const user = lines ? await lines.push(chunk) : [];
      for (const f of user.length > 0 ? merge(found, user) : found) hooks.onFinding(f);
      if (hooks.onProgress && Date.now() - shown >= PROGRESS_MS) {
        shown = Date.now();
        hooks.onProgress(source.bytesRead(), source.size);
      }
    }
    const found = scanner.end();
    const user = lines ? await lines.end() : [];
    for (const f of user.length > 0 ? merge(found, user) : found) hooks.onFinding(f);
    return { ok: true, lines: scanner.linesRead, kind };
  } catch (e) {
    return { ok: false, reason: describeError(e), kind };
  }
}

/** Cuts chunks into runs of complete lines of text for the user-pattern worker. */
class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private carry = '';
  private line = 0;

  constructor(private readonly sink: (text: string, firstLine: number) => Promise<Finding[]>) {}

  async push(chunk: Uint8Array | string): Promise<Finding[]> {
    const text =
      this.carry + (typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
    const last = text.lastIndexOf('\n');
    if (last === -1) {
      this.carry = text.length > 1024 * 1024 ? '' : text;
      return [];
    }
    this.carry = text.slice(last + 1);
    const lines = text.slice(0, last);
    const found = await this.sink(lines, this.line);
    this.line += countLines(lines);
    return found;
  }

  async end(): Promise<Finding[]> {
    const text = this.carry + this.decoder.decode();
    return text ? this.sink(text, this.line) : [];
  }
}

function merge(a: Finding[], b: Finding[]): Finding[] {
  return [...a, ...b].sort((x, y) => x.line - y.line || x.startColumn - y.startColumn);
}

function countLines(text: string): number {
  let n = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
      return `not a valid gzip file (${err.message})`;
    default:
      return e instanceof Error ? e.message : String(e);
  }
}
