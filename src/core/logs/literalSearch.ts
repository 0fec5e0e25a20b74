/**
 * Multi-literal search (Wu-Manber): finds any of ~100 literals in one left-to-right pass that
 * skips several characters at a time. A V8 regex alternation of the same literals tries every
 * alternative at every position and drops to ~60 MB/s past ~30 literals; this keeps ~400 MB/s
 * because its skip distance depends on the shortest literal, not on how many there are.
 *
 * Every literal must be at least MIN_LITERAL characters (the catalog test enforces it): the
 * shortest literal bounds the skip, so one short literal slows every scan.
 */

/** Shortest literal accepted; the skip distance is up to (shortest - 2). */
export const MIN_LITERAL = 12;
const BLOCK = 3;
const BITS = 15;
const MASK = (1 << BITS) - 1;

function hash(a: number, b: number, c: number): number {
  return ((a * 1031 + b) * 1031 + c) & MASK;
}

export class LiteralSearch {
  /** Window length: the length of the shortest literal. */
  private readonly m: number;
  private readonly shift: Uint8Array;
  /** Literals by the hash of the last block of their first `m` characters. */
  private readonly buckets: (string[] | undefined)[];

  constructor(literals: readonly string[]) {
    const usable = literals.filter((l) => l.length >= BLOCK);
    this.m = usable.length > 0 ? Math.min(255, ...usable.map((l) => l.length)) : 0;
    this.shift = new Uint8Array(1 << BITS).fill(Math.max(1, this.m - BLOCK + 1));
    this.buckets = new Array<string[] | undefined>(1 << BITS);
    for (const lit of usable) {
      for (let j = 0; j + BLOCK <= this.m; j++) {
        const h = hash(lit.charCodeAt(j), lit.charCodeAt(j + 1), lit.charCodeAt(j + 2));
        this.shift[h] = Math.min(this.shift[h] ?? 0, this.m - j - BLOCK);
      }
      const h = hash(lit.charCodeAt(this.m - 3), lit.charCodeAt(this.m - 2), lit.charCodeAt(this.m - 1));
      (this.buckets[h] ??= []).push(lit);
    }
  }

  /** Start offset of the first literal occurrence starting in [from, end), or -1. */
  next(text: string, from: number, end: number): number {
    const m = this.m;
    if (m === 0) return -1;
    const limit = Math.min(end + m - 1, text.length);
    let pos = from + m - 1;
    while (pos < limit) {
      const h = hash(text.charCodeAt(pos - 2), text.charCodeAt(pos - 1), text.charCodeAt(pos));
      const s = this.shift[h] ?? 1;
      if (s > 0) {
        pos += s;
        continue;
      }
      const start = pos - m + 1;
      const bucket = this.buckets[h];
      if (bucket) {
        for (const lit of bucket) if (text.startsWith(lit, start)) return start;
      }
      pos++;
    }
    return -1;
  }

  /** The same search over UTF-8 bytes (literals encoded as UTF-8), for scanning before decoding. */
  static bytes(literals: readonly string[]): ByteLiteralSearch {
    return new ByteLiteralSearch(literals);
  }

  /** The literals that occur at `start` (after `next` returned it). */
  literalsAt(text: string, start: number): string[] {
    const p = start + this.m - 1;
    const bucket = this.buckets[hash(text.charCodeAt(p - 2), text.charCodeAt(p - 1), text.charCodeAt(p))];
    return bucket ? bucket.filter((lit) => text.startsWith(lit, start)) : [];
  }
}

/** Byte search: 4-byte blocks hashed into 64K entries, so fewer text blocks look like a literal's. */
const BYTE_BLOCK = 4;
const BYTE_BITS = 16;

function hash4(a: number, b: number, c: number, d: number): number {
  return Math.imul((a << 24) | (b << 16) | (c << 8) | d, 0x9e3779b1) >>> (32 - BYTE_BITS);
}

/**
 * The Wu-Manber search over UTF-8 bytes: the streaming scanner finds candidate lines in raw
 * chunks and decodes only those (decoding every byte was 18 % of a whole-file scan). Blocks of
 * four bytes: common trigrams of English (`ed `, `ing`) in the literals made a three-byte block
 * skip little on ordinary log lines.
 */
export class ByteLiteralSearch {
  private readonly m: number;
  private readonly shift: Uint8Array;
  private readonly buckets: (Uint8Array[] | undefined)[];

  constructor(literals: readonly string[]) {
    const encoder = new TextEncoder();
    const usable = literals.map((l) => encoder.encode(l)).filter((l) => l.length >= BYTE_BLOCK);
    this.m = usable.length > 0 ? Math.min(255, ...usable.map((l) => l.length)) : 0;
    this.shift = new Uint8Array(1 << BYTE_BITS).fill(Math.max(1, this.m - BYTE_BLOCK + 1));
    this.buckets = new Array<Uint8Array[] | undefined>(1 << BYTE_BITS);
    const at = (lit: Uint8Array, j: number) =>
      hash4(lit[j] ?? 0, lit[j + 1] ?? 0, lit[j + 2] ?? 0, lit[j + 3] ?? 0);
    for (const lit of usable) {
      for (let j = 0; j + BYTE_BLOCK <= this.m; j++) {
        const h = at(lit, j);
        this.shift[h] = Math.min(this.shift[h] ?? 0, this.m - j - BYTE_BLOCK);
      }
      (this.buckets[at(lit, this.m - BYTE_BLOCK)] ??= []).push(lit);
    }
  }

  /** Start offset of the first literal occurrence starting in [from, end) of `bytes`, or -1. */
  next(bytes: Uint8Array, from: number, end: number): number {
    const m = this.m;
    if (m === 0) return -1;
    const shift = this.shift;
    const limit = Math.min(end + m - 1, bytes.length);
    let pos = from + m - 1;
    while (pos < limit) {
      const h =
        Math.imul(
          ((bytes[pos - 3] as number) << 24) |
            ((bytes[pos - 2] as number) << 16) |
            ((bytes[pos - 1] as number) << 8) |
            (bytes[pos] as number),
          0x9e3779b1,
        ) >>>
        (32 - BYTE_BITS);
      const s = shift[h] as number;
      if (s > 0) {
        pos += s;
        continue;
      }
      const start = pos - m + 1;
      const bucket = this.buckets[h];
      if (bucket) for (const lit of bucket) if (startsWith(bytes, lit, start)) return start;
      pos++;
    }
    return -1;
  }
}

function startsWith(bytes: Uint8Array, lit: Uint8Array, at: number): boolean {
  if (at + lit.length > bytes.length) return false;
  for (let i = 0; i < lit.length; i++) if (bytes[at + i] !== lit[i]) return false;
  return true;
}
