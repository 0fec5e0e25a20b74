/**
 * Loads `--pattern-file`: a JSON array of user patterns `{id, regex, severity, explanation}`.
 * Only a regular file of at most 1 MB is read, and never more than that: a FIFO or a device is
 * refused before reading (opened non-blocking, so a FIFO without a writer does not hang).
 */
import { constants } from 'fs';
import { open } from 'fs/promises';
import { type LogPattern, validateUserPatterns } from '../../core/logs';

const MAX_PATTERN_FILE = 1024 * 1024;

export async function loadPatternFile(path: string): Promise<{ patterns: LogPattern[] } | { error: string }> {
  const read = await readBounded(path);
  if ('error' in read) return { error: `cannot read pattern file '${path}': ${read.error}` };
  const text = read.text;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return {
      error: `pattern file '${path}' is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  const { patterns, problems } = validateUserPatterns(json);
  if (problems.length > 0) {
    const lines = problems.map((p) =>
      p.index >= 0 ? `  pattern ${p.index + 1}: ${p.message}` : `  ${p.message}`,
    );
    return { error: `pattern file '${path}' has invalid patterns:\n${lines.join('\n')}` };
  }
  return { patterns };
}

async function readBounded(path: string): Promise<{ text: string } | { error: string }> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { error: describe(e) };
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) return { error: 'is a directory' };
    if (!stat.isFile())
      return {
        error: `not a regular file (${stat.isFIFO() ? 'a FIFO' : stat.isSocket() ? 'a socket' : 'a device'})`,
      };
    if (stat.size > MAX_PATTERN_FILE) return { error: `larger than 1 MB (${stat.size} bytes)` };
    const buf = Buffer.alloc(MAX_PATTERN_FILE + 1);
    let n = 0;
    for (let r = 1; r > 0 && n < buf.length; n += r)
      r = (await handle.read(buf, n, buf.length - n, null)).bytesRead;
    if (n > MAX_PATTERN_FILE) return { error: 'larger than 1 MB' };
    return { text: buf.toString('utf8', 0, n) };
  } catch (e) {
    return { error: describe(e) };
  } finally {
    await handle.close();
  }
}

function describe(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}
