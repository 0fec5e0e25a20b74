/**
 * Adversarial lines generated from a regex's own structure, for the linearity tests: the
 * literal fragments of its source and sample characters of each of its atoms (classes, escapes,
 * `.`, quantified characters) are pumped to a long line in the shapes that make a backtracking
 * engine go super-linear: one atom repeated after a fragment (`X=` + `;;;;...`), a fragment and
 * an atom alternating (`X=a;X=a;...`), and fragments repeated with the pumped text between them,
 * each without the ending the regex needs (near miss). A linear regex takes ~1 ms on such a
 * 64 KB line; a quadratic one seconds.
 */

/** Characters tried against each atom to find what it accepts. */
const CANDIDATES = [
  'a',
  'Z',
  '0',
  ' ',
  '\t',
  '"',
  '\\',
  '/',
  ':',
  '=',
  ';',
  '}',
  '-',
  '.',
  '_',
  ',',
  '[',
  ']',
  '(',
];

interface Structure {
  fragments: string[];
  pumps: string[];
}

/** Splits a regex source into its literal fragments and the sample characters of its atoms. */
export function regexStructure(re: RegExp): Structure {
  const src = re.source;
  const fragments: string[] = [];
  const atoms: string[] = [];
  let literal = '';
  const flush = () => {
    if (literal.length >= 2) fragments.push(literal);
    literal = '';
  };
  for (let i = 0; i < src.length;) {
    const c = src[i] ?? '';
    if (c === '\\') {
      const esc = src.slice(i, i + 2);
      const next = src[i + 1] ?? '';
      if (/[dDwWsSbB]/.test(next)) {
        flush();
        if (/[dDwWsS]/.test(next)) atoms.push(esc);
      } else if (next === 'u' || next === 'x') {
        flush();
        atoms.push(src.slice(i, i + (next === 'u' ? 6 : 4)));
        i += next === 'u' ? 6 : 4;
        continue;
      } else if (/[1-9k]/.test(next)) {
        flush();
      } else {
        literal += next;
        atoms.push(esc);
      }
      i += 2;
    } else if (c === '[') {
      flush();
      let j = i + 1;
      if (src[j] === '^') j++;
      if (src[j] === ']') j++;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
      atoms.push(src.slice(i, j + 1));
      i = j + 1;
    } else if (c === '(') {
      flush();
      const m = /^\((?:\?(?:<[A-Za-z0-9_]+>|:|=|!|<=|<!))?/.exec(src.slice(i));
      i += m?.[0].length ?? 1;
    } else if ('*+?{'.includes(c)) {
      // The quantified character leaves the fragment: `ab*` is fragment `a`, atom `b`.
      if (c === '{') {
        const m = /^\{\d+(?:,\d*)?\}/.exec(src.slice(i));
        if (!m) {
          literal += c;
          i++;
          continue;
        }
        i += m[0].length;
      } else i++;
      literal = literal.slice(0, -1);
      flush();
    } else if (c === '.' || c === ')' || c === '|' || c === '^' || c === '$') {
      flush();
      if (c === '.') atoms.push('.');
      i++;
    } else {
      literal += c;
      atoms.push(c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
      i++;
    }
  }
  flush();
  const pumps = new Set<string>();
  for (const atom of atoms) {
    let test: RegExp;
    try {
      test = new RegExp(`^(?:${atom})$`);
    } catch {
      continue;
    }
    const accepted = CANDIDATES.filter((ch) => test.test(ch));
    // Two samples: one that a broad class like \S or . also takes, and a punctuation one.
    for (const ch of [accepted[0], accepted.find((x) => !/[A-Za-z0-9]/.test(x))]) if (ch) pumps.add(ch);
  }
  return { fragments: [...new Set(fragments)], pumps: [...pumps] };
}

/**
 * Lines of `length` characters built from the regex's structure (see the header). `extra`
 * fragments (a pattern's literals) are used as well. Deterministic, at most a few hundred lines.
 */
export function adversarialLines(re: RegExp, length: number, extra: readonly string[] = []): string[] {
  const { fragments: own, pumps } = regexStructure(re);
  const fragments = [...new Set([...extra, ...own])]
    .sort((a, b) => b.length - a.length)
    .slice(0, 10)
    .concat(['']);
  const lines = new Set<string>();
  const fill = (unit: string) =>
    unit.length === 0 ? '' : unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  for (const f of fragments) {
    for (const p of pumps) {
      lines.add(f + fill(p).slice(f.length)); // X then one atom to the end
      lines.add(fill(f + p)); // X a X a X a ...
      lines.add(fill(f + p.repeat(16))); // X aaaa X aaaa ...
      lines.add(fill(p).slice(f.length) + f); // aaaa ... X
    }
    // Two pumps alternating after the fragment: `X= ; ; ;`.
    for (let i = 0; i + 1 < pumps.length; i++)
      lines.add(f + fill(`${pumps[i] ?? ''}${pumps[i + 1] ?? ''}`).slice(f.length));
  }
  for (let i = 0; i + 1 < fragments.length; i++)
    lines.add(fill(`${fragments[i] ?? ''} ${fragments[i + 1] ?? ''} `)); // fragments in a row, no ending
  lines.delete('');
  return [...lines];
}

/**
 * The text of each example that leads into the regex's first capture group: what a line needs to
 * reach the quantified part (`failed to signal node Istio CNI agent: ` for `...: (?<error>...)`).
 */
export function matchHeads(re: RegExp, examples: readonly string[]): string[] {
  const withIndices = new RegExp(re.source, 'd');
  const heads: string[] = [];
  for (const example of examples) {
    const m = withIndices.exec(example);
    if (!m?.indices) continue;
    const starts = m.indices
      .slice(1)
      .filter((r): r is [number, number] => r !== undefined)
      .map((r) => r[0]);
    const end = starts.length > 0 ? Math.min(...starts) : m.index + m[0].length;
    if (end - m.index >= 2) heads.push(example.slice(m.index, end));
  }
  return heads;
}

/**
 * Runs `work(line)` on every line and returns the slowest line and its time. A line over
 * `boundMs` is re-run once (the machine is shared) and only its faster time counts.
 */
export function slowestLine(
  lines: readonly string[],
  work: (line: string) => unknown,
  boundMs: number,
): { ms: number; line: string } {
  let worst = { ms: 0, line: '' };
  for (const line of lines) {
    let ms = time(() => work(line));
    if (ms > boundMs)
      ms = Math.min(
        ms,
        time(() => work(line)),
      );
    if (ms > worst.ms) worst = { ms, line };
  }
  return worst;
}

function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** A short description of a line for an assertion message. */
export function describeLine(line: string): string {
  return JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}… (${line.length} chars)` : line);
}
