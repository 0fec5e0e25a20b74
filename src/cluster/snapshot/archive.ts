/**
 * Unpacks an `istioctl bug-report` archive (.tar.gz, .tgz or .tar) into a folder the snapshot
 * reader then reads like any extracted bug-report. It streams: the file is read, gunzipped and
 * untarred chunk by chunk (tar-stream handles ustar prefixes, GNU long names and PAX paths), and
 * each entry goes straight to disk, so a 1 GB report costs a few buffers of memory in the
 * extension host, not the archive twice over.
 *
 * Regular files only; directories are made as needed, links and devices are skipped. A name
 * that would escape the folder (absolute, `..`, backslashes, a drive letter) stops the
 * extraction with a message, and so do the bounds on files and unpacked bytes.
 */
import { createReadStream, createWriteStream, promises as fs } from 'fs';
import * as path from 'path';
import { pipeline } from 'stream/promises';
import { extract } from 'tar-stream';
import { createGunzip } from 'zlib';
import { safeEntryPath } from '../../core/explorer/tar';
import { fail, ok, type Result } from '../../core/result';

export interface ArchiveLimits {
  maxEntries: number;
  /** Bytes written to disk, all files together. */
  maxTotalBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 50_000,
  maxTotalBytes: 1024 * 1024 * 1024,
};

export const isArchive = (file: string): boolean => /\.(tar\.gz|tgz|tar)$/i.test(file);

/** Thrown inside the entry loop to stop with a message for the user. */
class Refused extends Error {}

/** gzip or plain tar, by the first two bytes (a renamed .tar.gz still opens). */
async function isGzip(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Extracts `file` into the empty folder `dir`. On failure the message says why (with no stack),
 * and what was written so far is left for the caller to remove with the folder.
 */
export async function extractArchive(
  file: string,
  dir: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<Result<{ files: number; bytes: number }, string>> {
  let files = 0;
  let bytes = 0;
  const untar = extract();
  // tar-stream hands over one entry at a time; the next comes after `next()`.
  untar.on('entry', (header, stream, next) => {
    // A cut-short archive errors the entry too; the same error ends the pipeline below.
    stream.on('error', () => undefined);
    const refuse = (message: string): void => {
      stream.resume();
      next(new Refused(message));
    };
    if (header.type !== 'file' && header.type !== 'contiguous-file') {
      stream.on('end', () => next()).resume();
      return;
    }
    const rel = safeEntryPath(header.name);
    if (rel === undefined) {
      return refuse(
        `the archive names a file outside its folder (${header.name.slice(0, 200)}); refusing to extract it`,
      );
    }
    if (++files > limits.maxEntries) return refuse(`the archive has more than ${limits.maxEntries} files`);
    bytes += header.size;
    if (bytes > limits.maxTotalBytes) {
      return refuse(`the archive holds more than ${Math.round(limits.maxTotalBytes / 1048576)} MB`);
    }
    const target = path.join(dir, ...rel.split('/'));
    fs.mkdir(path.dirname(target), { recursive: true })
      .then(() => pipeline(stream, createWriteStream(target)))
      .then(() => next(), next);
  });
  try {
    const source = createReadStream(file);
    await ((await isGzip(file)) ? pipeline(source, createGunzip(), untar) : pipeline(source, untar));
  } catch (err) {
    return fail(err instanceof Refused ? err.message : describe(err));
  }
  if (files === 0) return fail('the archive holds no files (or is not a tar archive)');
  return ok({ files, bytes });
}

/** zlib and tar-stream errors in the user's words. */
function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const message = e instanceof Error ? e.message : String(err);
  if (e.code === 'Z_BUF_ERROR' || /unexpected end of (file|data)/i.test(message)) {
    return 'the archive is truncated (it ends in the middle of a file)';
  }
  if (e.code === 'Z_DATA_ERROR') return `the archive is not valid gzip data (${message})`;
  if (/invalid tar header/i.test(message)) return 'not a tar archive (bad header)';
  return message;
}
