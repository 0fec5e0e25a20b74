/**
 * The byte search and the streaming scanner against plain references: a naive search for every
 * literal at every offset, and a line-by-line match of the decoded text. The inputs aim at the
 * places a fast path can lose a match: occurrences across the four lanes' boundaries and the
 * lanes' slices, read-buffer (chunk) edges, CRLF, invalid UTF-8, multi-byte characters cut by a
 * chunk edge, very long lines and lines longer than the scanner keeps.
 */
import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import {
  CATALOG,
  catalogMatcher,
  type Finding,
  LogStreamScanner,
  MAX_LINE_SCAN,
} from '../../../src/core/logs';
import { ByteLiteralSearch } from '../../../src/core/logs/byteLiteralSearch';
import { renderAll } from './render';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'logs');
const NL = 10;

/** A deterministic generator (tests must not depend on the run). */
function random(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s % n;
  };
}

/** The first offset of each line at which some literal starts, by brute force. */
function naiveLineHits(bytes: Uint8Array, from: number, end: number, literals: Uint8Array[]): number[] {
  // Literals by first byte only to keep the test fast; every one of them is compared in full.
  const byFirst = new Map<number, Uint8Array[]>();
  for (const lit of literals) byFirst.set(lit[0] as number, [...(byFirst.get(lit[0] as number) ?? []), lit]);
  const hits: number[] = [];
  let lineDone = false;
  for (let at = from; at < end; at++) {
    if (bytes[at - 1] === NL) lineDone = false;
    if (lineDone) continue;
    const candidates = byFirst.get(bytes[at] as number) ?? [];
    if (
      candidates.some((lit) => at + lit.length <= bytes.length && lit.every((b, i) => bytes[at + i] === b))
    ) {
      hits.push(at);
      lineDone = true;
    }
  }
  return hits;
}

/** What the scanner keeps of `lineHits`: the first offset per line. */
function firstPerLine(bytes: Uint8Array, hits: number[]): number[] {
  const out: number[] = [];
  let next = -1;
  for (const hit of hits) {
    if (hit < next) continue;
    out.push(hit);
    const nl = bytes.indexOf(NL, hit);
    next = nl === -1 ? Infinity : nl + 1;
  }
  return out;
}

const LITERALS = [...new Set(CATALOG.flatMap((p) => p.literals))];
const ENCODED = LITERALS.map((l) => new TextEncoder().encode(l));

/** Text from normal log lines with literals (whole, or cut short) planted at chosen offsets. */
function plantedText(length: number, plants: number[], rand: (n: number) => number): Buffer {
  const filler = readFileSync(join(FIXTURES, 'normal-startup.log'));
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i += filler.length) filler.copy(bytes, i);
  for (const at of plants) {
    const lit = ENCODED[rand(ENCODED.length)] as Uint8Array;
    // Every fourth plant is cut one byte short: a near miss that must not count.
    const cut = rand(4) === 0 ? lit.subarray(0, lit.length - 1) : lit;
    if (at >= 0 && at + cut.length <= length) bytes.set(cut, at);
  }
  return bytes;
}

describe('logs: byte literal search against a naive search', () => {
  const search = new ByteLiteralSearch(LITERALS);

  it('finds the first occurrence of every line, also across lane boundaries and slices', () => {
    const rand = random(7);
    for (const length of [100, 5000, 70_000, 300_000, 700_000]) {
      // Occurrences around each quarter boundary (where one lane stops and the next starts), at
      // every offset from a literal's length before it to just after it, and some anywhere.
      const quarter = Math.ceil(length / 4);
      const plants: number[] = [];
      for (let q = 1; q < 4; q++) for (let d = -80; d <= 4; d += 3) plants.push(q * quarter + d);
      for (let i = 0; i < length / 500; i++) plants.push(rand(length));
      const bytes = plantedText(length, plants, rand);
      const got: number[] = [];
      search.lineHits(bytes, 0, length, got);
      assert.deepStrictEqual(
        firstPerLine(bytes, got),
        naiveLineHits(bytes, 0, length, ENCODED),
        `length ${length}`,
      );
      assert.deepStrictEqual(
        got,
        [...got].sort((a, b) => a - b),
        `length ${length}: hits ascending`,
      );
    }
  });

  it('finds occurrences at the very start and end of a range and of a buffer view', () => {
    const lit = ENCODED[0] as Uint8Array;
    for (const length of [lit.length, lit.length + 1, 4 * lit.length, 20_000]) {
      const inner = Buffer.alloc(length, 0x78);
      inner.set(lit, 0);
      inner.set(lit, length - lit.length);
      if (length > 2 * lit.length) inner[lit.length] = NL;
      // The same bytes inside a larger buffer: a view with a byte offset that is not aligned.
      const outer = Buffer.alloc(length + 7, 0x78);
      inner.copy(outer, 3);
      for (const bytes of [inner, outer.subarray(3, 3 + length)]) {
        const got: number[] = [];
        search.lineHits(bytes, 0, length, got);
        const naive = naiveLineHits(bytes, 0, length, ENCODED);
        assert.ok(naive.length >= 1);
        assert.deepStrictEqual(firstPerLine(bytes, got), naive, `length ${length}`);
        assert.strictEqual(search.next(bytes, 0, length), naive[0]);
      }
    }
  });

  it('searches only occurrences starting in [from, end), reading past end into the buffer', () => {
    const rand = random(13);
    const bytes = plantedText(
      40_000,
      Array.from({ length: 200 }, () => rand(40_000)),
      rand,
    );
    for (let i = 0; i < 50; i++) {
      const from = rand(20_000);
      const end = from + rand(20_000);
      const got: number[] = [];
      search.lineHits(bytes, from, end, got);
      const naive = naiveLineHits(bytes, from, end, ENCODED);
      assert.deepStrictEqual(firstPerLine(bytes, got).slice(1), naive.slice(1), `[${from}, ${end})`);
      // The first: the naive search treats `from` as a line start, as the scanner does.
      assert.strictEqual(got[0], naive[0], `[${from}, ${end})`);
      assert.strictEqual(search.next(bytes, from, end), naive[0] ?? -1, `next [${from}, ${end})`);
    }
  });

  it('gives the same hits for a buffer longer than the lanes address (searched by one lane)', () => {
    const rand = random(17);
    const bytes = plantedText(
      50_000,
      Array.from({ length: 100 }, () => rand(50_000)),
      rand,
    );
    /** The same bytes, claiming 3 GB: only the length is looked at to choose the path. */
    class Huge extends Uint8Array {
      override get length(): number {
        return 3 * 2 ** 30;
      }
    }
    const huge = new Huge(bytes.length);
    huge.set(bytes);
    const got: number[] = [];
    search.lineHits(huge, 0, bytes.length, got);
    assert.deepStrictEqual(got, naiveLineHits(bytes, 0, bytes.length, ENCODED));
  });

  it('stays bounded on text where every window looks like a literal', () => {
    const lit = Buffer.from(LITERALS[0] as string);
    // One 600 KB line of the same literal: candidates at every step, hits everywhere.
    const bytes = Buffer.concat([Buffer.alloc(600_000).fill(lit), Buffer.from('\nplain\n')]);
    const got: number[] = [];
    search.lineHits(bytes, 0, bytes.length, got);
    assert.deepStrictEqual(firstPerLine(bytes, got), [0]);
    assert.ok(got.length <= 4, `one hit per lane at most, got ${got.length}`);
  });
});

/** The catalog's examples as each of their sources writes them, and real logs between them. */
function corpusLines(): string[] {
  const lines: string[] = [];
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.log') || f.endsWith('.txt')))
    lines.push(...readFileSync(join(FIXTURES, file), 'utf8').split('\n'));
  for (const p of CATALOG)
    for (const ex of p.examples) for (const r of renderAll(p.source, ex, p.severity)) lines.push(r.line);
  return lines;
}

/** Findings of each line on its own, decoded whole: the reference for the streaming scan. */
function lineByLine(bytes: Buffer): Finding[] {
  const matcher = catalogMatcher();
  const text = new TextDecoder('utf-8').decode(bytes);
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines.flatMap((raw, i) => {
    const f = matcher.matchLine(raw.endsWith('\r') ? raw.slice(0, -1) : raw, i);
    return f ? [f] : [];
  });
}

/** Lines on which some catalog regex matches what is matched of the line (its head, without CR). */
function regexLines(bytes: Buffer): number[] {
  const lines = new TextDecoder('utf-8').decode(bytes).split('\n');
  return lines.flatMap((raw, i) => {
    const line = (raw.endsWith('\r') ? raw.slice(0, -1) : raw).slice(0, MAX_LINE_SCAN);
    return CATALOG.some((p) => p.regex.test(line)) ? [i] : [];
  });
}

/** Streams `bytes` through one reused buffer in chunks of the given sizes, cycling. */
function streamed(bytes: Buffer, sizes: number[]): Finding[] {
  const scanner = new LogStreamScanner(catalogMatcher());
  const buffer = Buffer.alloc(Math.max(...sizes));
  const found: Finding[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const n = bytes.copy(buffer, 0, i, i + (sizes[k % sizes.length] as number));
    found.push(...scanner.push(buffer.subarray(0, n)));
    buffer.fill(0x78); // the caller reuses its read buffer
    i += n;
  }
  return found.concat(scanner.end());
}

describe('logs: streaming scan against a line-by-line reference', function () {
  this.timeout(120_000);
  const rand = random(3);
  const base = corpusLines();
  const problem = base.filter((l) => CATALOG.some((p) => p.regex.test(l)));

  /** ~`size` bytes of corpus lines in a random order, with the awkward cases mixed in. */
  function corpus(size: number): Buffer {
    const parts: Buffer[] = [];
    let total = 0;
    while (total < size) {
      const from = rand(3) === 0 ? problem : base;
      const line = from[rand(from.length)] ?? '';
      const kind = rand(100);
      let part: Buffer;
      if (kind < 10)
        part = Buffer.from(`${line}\r\n`); // CRLF
      else if (kind < 20)
        // invalid UTF-8 before and inside the line, and a sequence cut by the newline
        part = Buffer.concat([Buffer.from([0xff, 0xc3]), Buffer.from(line), Buffer.from([0xe2, 0x82, NL])]);
      else if (kind < 30)
        part = Buffer.from(`ünïcødé → ${line} 日本語 🚀\n`); // multi-byte characters for chunk edges to cut
      else if (kind < 31)
        // a long line with the problem at its start, or past what is matched of a line
        part = Buffer.from(
          rand(2) === 0 ? `${line} ${'x'.repeat(100_000)}\n` : `${'y'.repeat(70_000)} ${line}\n`,
        );
      else part = Buffer.from(`${line}\n`);
      parts.push(part);
      total += part.length;
    }
    return Buffer.concat(parts);
  }

  it('gives the findings of a line-by-line match, for chunks of every size', () => {
    const bytes = corpus(3_000_000);
    const reference = lineByLine(bytes);
    assert.ok(reference.length > 1000, `a corpus with findings (${reference.length})`);
    assert.deepStrictEqual(
      reference.map((f) => f.line),
      regexLines(bytes),
    );
    for (const sizes of [[2 * 1024 * 1024], [65_536], [4093, 17, 100_003], [1_000_000, 1]])
      assert.deepStrictEqual(streamed(bytes, sizes), reference, `chunks of ${sizes.join(', ')} bytes`);
  });

  it('matches a line longer than the scanner keeps on its head, and counts the lines after it', () => {
    const problemLine = problem[0] as string;
    const bytes = Buffer.concat([
      Buffer.from(`${problemLine} `),
      Buffer.alloc(3 * 1024 * 1024, 'z'),
      Buffer.from(`\n${problemLine}\r\nplain\n${problemLine}`),
    ]);
    const found = streamed(bytes, [2 * 1024 * 1024]);
    assert.deepStrictEqual(
      found.map((f) => f.line),
      [0, 1, 3],
    );
    assert.deepStrictEqual(found, lineByLine(bytes));
  });
});
