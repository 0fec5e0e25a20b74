/** Loads `--pattern-file`: a JSON array of user patterns `{id, regex, severity, explanation}`. */
import { readFile } from 'fs/promises';
import { type LogPattern, validateUserPatterns } from '../../core/logs';

const MAX_PATTERN_FILE = 1024 * 1024;

export async function loadPatternFile(path: string): Promise<{ patterns: LogPattern[] } | { error: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      error: `cannot read pattern file '${path}': ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(e)}`,
    };
  }
  if (text.length > MAX_PATTERN_FILE) return { error: `pattern file '${path}' is larger than 1 MB` };
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
