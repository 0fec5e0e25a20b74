/**
 * The one map between offsets and line numbers in core, used by the CNI config parser and by
 * the log matcher. Line starts are kept in an `Int32Array` (a 50 MB log builds in ~13 ms) and
 * looked up by binary search.
 *
 * Line-ending rule. A line ends at `\n`, at `\r\n` (one break, not two) and, under the default
 * `'editor'` rule, at a lone `\r` — exactly the breaks VS Code and the LSP count, so positions
 * in diagnostics and edits land where the editor shows them. The `'lf'` rule ends a line only at
 * `\n` (a `\r` before it is part of the line; a lone `\r` is not a break). Logs use `'lf'`: the
 * log readers, the matcher's own line counting and the streaming scanner all split on `\n`, and
 * `rg -n` / `grep -n` number lines the same way, so a finding's line number must count `\n`s.
 * For `\n` and `\r\n` text both rules give the same lines; they differ only on a lone `\r`.
 *
 * Either way a trailing break starts one more (empty) line, as in editors, and empty text is
 * one empty line.
 */

/** Which characters end a line: see the module comment. */
export type LineBreaks = 'editor' | 'lf';

/** A 0-based line and UTF-16 character, as the LSP counts them. */
export interface LinePosition {
  line: number;
  character: number;
}

export class LineIndex {
  private constructor(
    private readonly starts: Int32Array,
    readonly textLength: number,
    readonly breaks: LineBreaks,
  ) {}

  /** Indexes the line starts of `text` under the `breaks` rule. */
  static build(text: string, breaks: LineBreaks = 'editor'): LineIndex {
    let starts = new Int32Array(Math.max(16, (text.length >> 6) + 16));
    let count = 1;
    const push = (start: number): void => {
      if (count === starts.length) {
        const bigger = new Int32Array(starts.length * 2);
        bigger.set(starts);
        starts = bigger;
      }
      starts[count++] = start;
    };
    if (breaks === 'lf') {
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) push(at + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 13 /* \r */) {
          if (text.charCodeAt(i + 1) === 10) i++;
          push(i + 1);
        } else if (ch === 10 /* \n */) {
          push(i + 1);
        }
      }
    }
    return new LineIndex(starts.subarray(0, count), text.length, breaks);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset of the first character of `line` (clamped to the text). */
  offsetOf(line: number): number {
    if (line <= 0) return 0;
    if (line >= this.starts.length) return this.textLength;
    return this.starts[line] ?? this.textLength;
  }

  /** The 0-based line containing `offset`. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Line and character of `offset`. */
  position(offset: number): LinePosition {
    const line = this.lineAt(offset);
    return { line, character: offset - (this.starts[line] ?? 0) };
  }

  /** Start and end positions of `text[offset, offset + length)`. */
  range(offset: number, length: number): { start: LinePosition; end: LinePosition } {
    return { start: this.position(offset), end: this.position(offset + length) };
  }

  /** Offset of `position` (a line past the end counts as the last line). */
  offset(position: LinePosition): number {
    const start = this.starts[Math.min(position.line, this.starts.length - 1)] ?? 0;
    return start + position.character;
  }
}

/**
 * Offset of the start of `line` under the `'lf'` rule, by counting `\n`s (for one-off range
 * scans without an index).
 */
export function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset;
}
