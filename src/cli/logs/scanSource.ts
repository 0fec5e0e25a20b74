/**
 * Streams one log source (a file or stdin) through the core streaming scanner. Files are read
 * with createReadStream in 64 KB chunks, so memory stays bounded whatever the file size.
 */
import { createReadStream } from 'fs';
import { type Finding, type LogMatcher, LogStreamScanner } from '../../core/logs';
import { type CliIo } from '../io';

export type ScanOutcome = { ok: true; lines: number } | { ok: false; reason: string };

export async function scanSource(
  path: string,
  io: CliIo,
  matcher: LogMatcher,
  onFinding: (finding: Finding) => void,
): Promise<ScanOutcome> {
  const scanner = new LogStreamScanner(matcher);
  const stream = path === '-' ? io.stdin() : createReadStream(path, { highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
      for (const f of scanner.push(chunk)) onFinding(f);
    }
    for (const f of scanner.end()) onFinding(f);
    return { ok: true, lines: scanner.linesRead };
  } catch (e) {
    return { ok: false, reason: describeError(e) };
  }
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
    default:
      return e instanceof Error ? e.message : String(e);
  }
}
