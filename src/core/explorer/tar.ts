/**
 * Reads the entries of a tar archive (an `istioctl bug-report` is a .tar.gz) from memory:
 * ustar names with their prefix, GNU long names (`L`) and PAX `path` records (`x`, what Go's
 * archive/tar writes for long paths). Regular files only; links, devices and directories are
 * skipped. Names that would escape the extraction directory (absolute, `..`) are refused, and
 * everything is bounded (entries, total bytes), so a hostile archive gives a message, not a crash.
 */
import { fail, ok, type Result } from '../result';

export interface TarEntry {
  /** Relative POSIX path, normalised, never absolute and never containing `..`. */
  path: string;
  data: Uint8Array;
}

export interface TarLimits {
  maxEntries: number;
  maxTotalBytes: number;
}

const BLOCK = 512;
const DEFAULT_LIMITS: TarLimits = { maxEntries: 50_000, maxTotalBytes: 1024 * 1024 * 1024 };
const decoder = new TextDecoder('utf-8');

function text(buf: Uint8Array, start: number, length: number): string {
  const slice = buf.subarray(start, start + length);
  const nul = slice.indexOf(0);
  return decoder.decode(nul >= 0 ? slice.subarray(0, nul) : slice);
}

function octal(buf: Uint8Array, start: number, length: number): number {
  const s = text(buf, start, length).trim();
  return /^[0-7]+$/.test(s) ? parseInt(s, 8) : s === '' ? 0 : NaN;
}

/** A safe relative path, or undefined when the name is absolute or climbs out. */
export function safeEntryPath(name: string): string | undefined {
  const parts: string[] = [];
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\\')) return undefined;
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return undefined;
    parts.push(part);
  }
  return parts.length > 0 ? parts.join('/') : undefined;
}

function paxPath(data: Uint8Array): string | undefined {
  // Records are "<len> key=value\n".
  for (const record of decoder.decode(data).split('\n')) {
    const m = /^\d+ path=(.*)$/.exec(record);
    if (m) return m[1];
  }
  return undefined;
}

export function readTar(buf: Uint8Array, limits: TarLimits = DEFAULT_LIMITS): Result<TarEntry[], string> {
  const entries: TarEntry[] = [];
  let offset = 0;
  let total = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= buf.length) {
    const header = buf.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    if (!Number.isFinite(size) || size < 0) return fail(`not a tar archive (bad header at byte ${offset})`);
    const type = String.fromCharCode(header[156] ?? 0);
    const dataStart = offset + BLOCK;
    if (dataStart + size > buf.length)
      return fail(`the archive is truncated (an entry at byte ${offset} needs ${size} bytes)`);
    const data = buf.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = text(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    const magic = text(header, 257, 6);
    const prefix = magic.startsWith('ustar') ? text(header, 345, 155) : '';
    const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    longName = undefined;
    if (type !== '0' && type !== '\0' && type !== '7') continue;
    const path = safeEntryPath(name);
    if (path === undefined)
      return fail(
        `the archive names a file outside its folder (${name.slice(0, 200)}); refusing to extract it`,
      );
    total += size;
    if (entries.length + 1 > limits.maxEntries)
      return fail(`the archive has more than ${limits.maxEntries} files`);
    if (total > limits.maxTotalBytes)
      return fail(`the archive holds more than ${Math.round(limits.maxTotalBytes / 1048576)} MB`);
    entries.push({ path, data });
  }
  if (entries.length === 0) return fail('the archive holds no files (or is not a tar archive)');
  return ok(entries);
}
