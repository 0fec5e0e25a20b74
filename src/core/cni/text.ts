/**
 * Text helpers that let the parser survive anything: a nesting-depth pre-scan (jsonc-parser
 * recurses and overflows the stack near 5,000 levels, so depth must be checked before it runs)
 * and binary detection. Offset to line/character mapping is core's one `LineIndex`
 * (src/core/text/lineIndex.ts), built with the editor line-ending rule.
 */
/**
 * The deepest bracket nesting in JSON(C) text, ignoring brackets inside strings and comments.
 * Stops counting once `limit` is exceeded, so a hostile file costs one linear pass at most.
 */
export function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 92 /* \ */) i++;
        else if (c === 34 || c === 10) break;
      }
    } else if (ch === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (ch === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (ch === 123 || ch === 91) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (ch === 125 || ch === 93) {
      depth = Math.max(0, depth - 1);
    }
  }
  return max;
}

/** True for content that is clearly not text: NUL bytes, or mostly undecodable/control chars. */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = text.slice(0, 4096);
  if (sample.length === 0) return false;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13)) odd++;
  }
  return odd / sample.length > 0.1;
}

/** Byte-order comparison of ASCII-ish file names, as Go's sort.Strings does it. */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? path : path.slice(i + 1);
}

export function dirName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? '.' : i === 0 ? path.slice(0, 1) : path.slice(0, i);
}
