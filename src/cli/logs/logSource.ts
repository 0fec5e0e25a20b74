/**
 * Opens one log source (a file or stdin) as chunks for the streaming scanner: regular files are
 * read into two reused 2 MB buffers, the next read running (on libuv's thread pool, so on another
 * core) while the scanner works on the current one: reading was a fifth of a big scan when it
 * waited for each read (no stream machinery, no garbage per chunk); pipes, FIFOs and stdin are
 * streamed. A gzip stream (by its magic bytes, not its
 * name) is decompressed, and UTF-16 text (with a byte-order mark, or the unmistakable NUL of
 * every other byte) is decoded to text, so neither ever scans as silently empty.
 */
import { close, closeSync, createReadStream, fstatSync, openSync, read } from 'fs';
import { pipeline, Readable } from 'stream';

/** Bytes per read of a regular file. */
export const READ_CHUNK = 2 * 1024 * 1024;

/** What was found about the encoding, for a note on stderr. */
export type SourceKind = 'text' | 'gzip' | 'utf-16le' | 'utf-16be';

export interface LogSource {
  /**
   * Chunks: bytes (UTF-8) or decoded text. A byte chunk is valid only until the next one is
   * asked for (its buffer is then refilled).
   */
  chunks: AsyncIterable<Uint8Array | string>;
  kind: SourceKind[];
  /** Bytes in the file when known (regular files), for progress. */
  size?: number;
  /** Bytes read so far from the file or stdin (before decompression). */
  bytesRead(): number;
}

/** Opens `path` (`-` is `stdin`); throws the fs error (ENOENT, EISDIR, ...) for the caller to word. */
export async function openLogSource(path: string, stdin: () => NodeJS.ReadableStream): Promise<LogSource> {
  const counter = { n: 0 };
  let raw: AsyncIterator<Uint8Array> | Iterator<Uint8Array>;
  let size: number | undefined;
  if (path === '-') raw = counted(stdin() as AsyncIterable<Uint8Array | string>, counter);
  else {
    const fd = openSync(path, 'r');
    const stat = fstatSync(fd);
    if (stat.isDirectory()) {
      closeSync(fd);
      throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    }
    if (stat.isFile()) {
      size = stat.size;
      raw = readFileChunks(fd, counter);
    } else {
      closeSync(fd); // a FIFO, a pipe from process substitution or a device: stream it
      raw = counted(createReadStream(path, { highWaterMark: READ_CHUNK }), counter);
    }
  }
  const kind: SourceKind[] = [];
  let first = await raw.next();
  let rest: AsyncIterator<Uint8Array> | Iterator<Uint8Array> = raw;
  if (!first.done && isGzip(first.value)) {
    kind.push('gzip');
    // zlib keeps the chunks it is given, so they are copied out of the reused read buffer.
    // pipeline, not pipe: a read error or corrupt data ends the iteration with that error.
    const { createGunzip } = await import('zlib'); // only for gzip: not part of every start-up
    const gunzip = pipeline(Readable.from(copies(replay(first.value, raw))), createGunzip(), () => {});
    rest = (gunzip as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    first = await rest.next();
  }
  const utf16 = first.done ? undefined : utf16Of(first.value);
  if (utf16) kind.push(utf16);
  const bytes = first.done ? empty() : replay(first.value, rest);
  const chunks = utf16 ? decoded(bytes, utf16) : iterable(bytes);
  return { chunks, kind, ...(size !== undefined ? { size } : {}), bytesRead: () => counter.n };
}

/**
 * Reads ahead into two reused buffers: the read of the next chunk is under way while the caller
 * works on this one, and a buffer is refilled only once the caller asks for the chunk after it.
 */
async function* readFileChunks(fd: number, counter: { n: number }): AsyncGenerator<Uint8Array> {
  let filling = Buffer.allocUnsafe(READ_CHUNK);
  let spare = Buffer.allocUnsafe(READ_CHUNK);
  let position = 0;
  let pending = readAt(fd, filling, position);
  try {
    for (;;) {
      const n = await pending;
      if (n === 0) return;
      counter.n += n;
      position += n;
      const chunk = filling;
      filling = spare;
      spare = chunk;
      pending = readAt(fd, filling, position);
      yield n === READ_CHUNK ? chunk : chunk.subarray(0, n);
    }
  } finally {
    // Never close the descriptor under a read in flight (the caller may stop early).
    await pending.catch(() => 0);
    await new Promise<void>((resolve) => close(fd, () => resolve()));
  }
}

/** One read of up to `buffer.length` bytes at `position`; marked handled so an error waits for its await. */
function readAt(fd: number, buffer: Buffer, position: number): Promise<number> {
  const p = new Promise<number>((resolve, reject) =>
    read(fd, buffer, 0, buffer.length, position, (err, n) => (err ? reject(err) : resolve(n))),
  );
  p.catch(() => {});
  return p;
}

async function* counted(
  source: AsyncIterable<Uint8Array | string>,
  counter: { n: number },
): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    counter.n += bytes.length;
    yield bytes;
  }
}

function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/**
 * UTF-16 by its byte-order mark, or without one when the head is ASCII text in UTF-16 (every
 * other byte NUL, the others not). UTF-8 text never has that shape.
 */
export function utf16Of(b: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 8) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenNul++;
    if (b[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.9 && evenNul < pairs * 0.1) return 'utf-16le';
  if (evenNul > pairs * 0.9 && oddNul < pairs * 0.1) return 'utf-16be';
  return undefined;
}

async function* replay(
  first: Uint8Array,
  rest: AsyncIterator<Uint8Array> | Iterator<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  yield first;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}

async function* copies(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  for await (const chunk of source) yield Buffer.from(chunk);
}

async function* empty(): AsyncGenerator<Uint8Array> {}

function iterable<T>(gen: AsyncGenerator<T>): AsyncIterable<T> {
  return gen;
}

async function* decoded(source: AsyncIterable<Uint8Array>, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of source) yield decoder.decode(chunk, { stream: true });
  const tail = decoder.decode();
  if (tail) yield tail;
}
