/**
 * Multi-literal search over UTF-8 bytes (the byte form of literalSearch.ts), for the streaming
 * scanner: it finds candidate lines in raw chunks so that only those are decoded.
 */

/** 4-byte blocks hashed into 64K entries, so fewer text blocks look like a literal's. */
const BYTE_BLOCK = 4;
const BYTE_BITS = 16;
const MULTIPLIER = 0x9e3779b1;
const MIXER = 0x85ebca6b;
const NL = 10;
const LANES = 4;
/**
 * Bytes a lane advances per call of the lane loop: also the most candidates it can record, so
 * the candidate buffer is bounded (LANES x SLICE entries) whatever the text.
 */
const SLICE = 16 * 1024;
/** Lane positions are kept in an Int32Array: a longer buffer is searched by `next`. */
const MAX_LANE_OFFSET = 0x7fffffff - SLICE - 256;

/** The table index of a block (four bytes read little-endian as one 32-bit value). */
function blockHash(block: number): number {
  return Math.imul(block, MULTIPLIER) >>> (32 - BYTE_BITS);
}

/** The bucket index of a window: its last block mixed with its first. */
function windowHash(last: number, first: number): number {
  return Math.imul(Math.imul(last, MULTIPLIER) ^ first, MIXER) >>> (32 - BYTE_BITS);
}

/**
 * The Wu-Manber search over UTF-8 bytes: the streaming scanner finds candidate lines in raw
 * chunks and decodes only those (decoding every byte was 18 % of a whole-file scan). Blocks of
 * four bytes: common trigrams of English (`ed `, `ing`) in the literals made a three-byte block
 * skip little on ordinary log lines. A block is one DataView load, not four byte loads.
 *
 * `lineHits` runs four searches at once over the four quarters of a range. Each step of one
 * search waits on its own table load, so one search leaves the CPU mostly idle; four independent
 * ones in one loop overlap (search alone over 50 MB, warm: 53 ms with the byte loads and one
 * search, 43 ms with DataView loads, 18-20 ms with four lanes). The loop only records the
 * windows whose last block has no shift (about one step in fifteen); they are checked afterwards
 * against buckets keyed by the window's last and first blocks together (Wu-Manber's prefix
 * check), which rules most of them out without comparing bytes. Keeping the check out of the
 * loop keeps the loop small: it is compiled while the first chunk is scanned.
 */
export class ByteLiteralSearch {
  private readonly m: number;
  private readonly shift: Uint8Array;
  private readonly buckets: (Uint8Array[] | undefined)[];
  /** Per lane: the next window end, the limit for this call, the limit of the lane, candidates. */
  private readonly lanes = new Int32Array(4 * LANES);
  /** Window ends with no shift, lane i in [i * SLICE, i * SLICE + count). */
  private readonly candidates = new Int32Array(LANES * SLICE);
  /** Hits of lanes 1-3 until they are appended after lane 0's (lane 0 writes to `out`). */
  private readonly laneHits: number[][] = [[], [], [], []];
  /** Per lane: where the line after its last hit starts (earlier candidates are skipped). */
  private readonly resume = new Int32Array(LANES);

  constructor(literals: readonly string[]) {
    const encoder = new TextEncoder();
    const usable = literals.map((l) => encoder.encode(l)).filter((l) => l.length >= BYTE_BLOCK);
    this.m = usable.length > 0 ? Math.min(255, ...usable.map((l) => l.length)) : 0;
    this.shift = new Uint8Array(1 << BYTE_BITS).fill(Math.max(1, this.m - BYTE_BLOCK + 1));
    this.buckets = new Array<Uint8Array[] | undefined>(1 << BYTE_BITS);
    const block = (lit: Uint8Array, j: number) =>
      ((lit[j] ?? 0) | ((lit[j + 1] ?? 0) << 8) | ((lit[j + 2] ?? 0) << 16) | ((lit[j + 3] ?? 0) << 24)) >>>
      0;
    for (const lit of usable) {
      for (let j = 0; j + BYTE_BLOCK <= this.m; j++) {
        const h = blockHash(block(lit, j));
        this.shift[h] = Math.min(this.shift[h] ?? 0, this.m - j - BYTE_BLOCK);
      }
      (this.buckets[windowHash(block(lit, this.m - BYTE_BLOCK), block(lit, 0))] ??= []).push(lit);
    }
  }

  /** Start offset of the first literal occurrence starting in [from, end) of `bytes`, or -1. */
  next(bytes: Uint8Array, from: number, end: number): number {
    const m = this.m;
    if (m === 0 || from >= end) return -1;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const shift = this.shift;
    const limit = Math.min(end + m - 1, bytes.length);
    let pos = from + m - 1;
    while (pos < limit) {
      const s = shift[blockHash(view.getUint32(pos - 3, true))] as number;
      if (s !== 0) pos += s;
      else if (this.isHit(view, bytes, pos - m + 1)) return pos - m + 1;
      else pos++;
    }
    return -1;
  }

  /**
   * Offsets of literal occurrences starting in [from, end) of `bytes`, ascending, appended to
   * `out`: the first one of every line that has one, and maybe others (a line's later ones may
   * or may not be there). Lines end at `\n`.
   */
  lineHits(bytes: Uint8Array, from: number, end: number, out: number[]): void {
    const m = this.m;
    if (m === 0 || from >= end) return;
    if (bytes.length > MAX_LANE_OFFSET) {
      this.lineHitsOneByOne(bytes, from, end, out);
      return;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const lanes = this.lanes;
    const quarter = Math.ceil((end - from) / LANES);
    // Lane i looks for occurrences starting in [from + i * quarter, from + (i + 1) * quarter):
    // window ends from its first start + m - 1 up to (not including) the next lane's.
    for (let i = 0; i < LANES; i++) {
      lanes[4 * i] = Math.min(end, from + i * quarter) + m - 1;
      lanes[4 * i + 2] = Math.min(Math.min(end, from + (i + 1) * quarter) + m - 1, bytes.length);
    }
    const resume = this.resume;
    resume.fill(from);
    for (const hits of this.laneHits) hits.length = 0;
    for (let more = true; more;) {
      more = false;
      for (let i = 0; i < LANES; i++) {
        const pos = lanes[4 * i] as number;
        lanes[4 * i + 1] = Math.min(lanes[4 * i + 2] as number, pos + SLICE);
        lanes[4 * i + 3] = 0;
      }
      this.fourLanes(view);
      for (let i = 0; i < LANES; i++) {
        this.oneLane(view, i);
        resume[i] = this.verify(
          view,
          bytes,
          i,
          i === 0 ? out : (this.laneHits[i] as number[]),
          resume[i] as number,
        );
        if ((lanes[4 * i] as number) < (lanes[4 * i + 2] as number)) more = true;
      }
    }
    for (let i = 1; i < LANES; i++) for (const hit of this.laneHits[i] as number[]) out.push(hit);
  }

  /** `lineHits` by `next`, for offsets past Int32 (a chunk over 2 GB; readers pass a few MB). */
  private lineHitsOneByOne(bytes: Uint8Array, from: number, end: number, out: number[]): void {
    for (let at = this.next(bytes, from, end); at !== -1;) {
      out.push(at);
      const nl = bytes.indexOf(NL, at);
      at = nl === -1 ? -1 : this.next(bytes, nl + 1, end);
    }
  }

  /** The lanes in one loop until one of them reaches its limit for this call. */
  private fourLanes(view: DataView): void {
    const { shift, lanes, candidates } = this;
    let p0 = lanes[0] as number;
    let p1 = lanes[4] as number;
    let p2 = lanes[8] as number;
    let p3 = lanes[12] as number;
    const l0 = lanes[1] as number;
    const l1 = lanes[5] as number;
    const l2 = lanes[9] as number;
    const l3 = lanes[13] as number;
    let c0 = 0;
    let c1 = SLICE;
    let c2 = 2 * SLICE;
    let c3 = 3 * SLICE;
    while (p0 < l0 && p1 < l1 && p2 < l2 && p3 < l3) {
      const s0 = shift[blockHash(view.getUint32(p0 - 3, true))] as number;
      const s1 = shift[blockHash(view.getUint32(p1 - 3, true))] as number;
      const s2 = shift[blockHash(view.getUint32(p2 - 3, true))] as number;
      const s3 = shift[blockHash(view.getUint32(p3 - 3, true))] as number;
      if (s0 === 0) candidates[c0++] = p0++;
      else p0 += s0;
      if (s1 === 0) candidates[c1++] = p1++;
      else p1 += s1;
      if (s2 === 0) candidates[c2++] = p2++;
      else p2 += s2;
      if (s3 === 0) candidates[c3++] = p3++;
      else p3 += s3;
    }
    lanes[0] = p0;
    lanes[4] = p1;
    lanes[8] = p2;
    lanes[12] = p3;
    lanes[3] = c0;
    lanes[7] = c1 - SLICE;
    lanes[11] = c2 - 2 * SLICE;
    lanes[15] = c3 - 3 * SLICE;
  }

  /** Lane `i` alone up to its limit for this call. */
  private oneLane(view: DataView, i: number): void {
    const { shift, lanes, candidates } = this;
    let pos = lanes[4 * i] as number;
    const limit = lanes[4 * i + 1] as number;
    let c = i * SLICE + (lanes[4 * i + 3] as number);
    while (pos < limit) {
      const s = shift[blockHash(view.getUint32(pos - 3, true))] as number;
      if (s === 0) candidates[c++] = pos++;
      else pos += s;
    }
    lanes[4 * i] = pos;
    lanes[4 * i + 3] = c - i * SLICE;
  }

  /**
   * Checks lane `i`'s candidates (window ends) from the line starting at `resume` on, and appends
   * the first hit of each line to `out`; returns where the next line starts.
   */
  private verify(view: DataView, bytes: Uint8Array, i: number, out: number[], resume: number): number {
    const base = i * SLICE;
    const count = this.lanes[4 * i + 3] as number;
    let next = resume;
    for (let k = base; k < base + count; k++) {
      const start = (this.candidates[k] as number) - this.m + 1;
      if (start < next || !this.isHit(view, bytes, start)) continue;
      out.push(start);
      const nl = bytes.indexOf(NL, start);
      next = nl === -1 ? bytes.length : nl + 1;
    }
    return next;
  }

  /** True when a literal starts at `start` (whose window's last block has no shift). */
  private isHit(view: DataView, bytes: Uint8Array, start: number): boolean {
    const bucket =
      this.buckets[windowHash(view.getUint32(start + this.m - 4, true), view.getUint32(start, true))];
    if (bucket === undefined) return false;
    for (const lit of bucket) if (startsWith(bytes, lit, start)) return true;
    return false;
  }
}

function startsWith(bytes: Uint8Array, lit: Uint8Array, at: number): boolean {
  if (at + lit.length > bytes.length) return false;
  for (let i = 0; i < lit.length; i++) if (bytes[at + i] !== lit[i]) return false;
  return true;
}
