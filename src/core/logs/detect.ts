/**
 * Content detection for `.log`/`.txt` files: does this look like a log the catalog applies to?
 * Looks at the first few KB only, so it is cheap enough to run on every opened document.
 */
import { parseLogLine } from './lineReader';
import { catalogMatcher } from './catalogMatcher';
import { type LogMatcher } from './matcher';

/** Bytes of the head that are inspected. */
export const DETECT_HEAD = 8 * 1024;
const MAX_LINES = 60;
const ISTIO_HINT = /istio|cni-agent|cni-plugin|ztunnel|inpod::|\/etc\/cni\/net\.d|istio-validation/;

/**
 * True when the head of `text` has a catalog finding, or when most lines parse as a known log
 * format and the head mentions Istio/CNI. `matcher` defaults to the catalog (pass one with user patterns).
 */
export function looksLikeIstioLog(text: string, matcher: LogMatcher = catalogMatcher()): boolean {
  const head = text.length > DETECT_HEAD ? text.slice(0, DETECT_HEAD) : text;
  if (head.length === 0 || head.includes('\u0000')) return false;
  const lines = head.split('\n', MAX_LINES + 1).slice(0, MAX_LINES);
  // The last line of a truncated head may be cut in the middle; it still parses or is ignored.
  if (matcher.scan(lines.join('\n')).length > 0) return true;
  let nonEmpty = 0;
  let structured = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    nonEmpty++;
    const format = parseLogLine(line).format;
    if (format !== 'plain') structured++;
  }
  return nonEmpty > 0 && structured * 2 >= nonEmpty && ISTIO_HINT.test(head);
}
