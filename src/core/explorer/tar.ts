/**
 * The one rule for names inside a bug-report archive (src/cluster/snapshot/archive.ts streams
 * the archive itself): a name that would escape the extraction folder (absolute, `..`, a
 * backslash, a drive letter) has no safe path. Pure, so it is tested on its own.
 */

/** A safe relative path, or undefined when the name is absolute or climbs out. */
export function safeEntryPath(name: string): string | undefined {
  const parts: string[] = [];
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\\')) return undefined;
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return undefined;
    parts.push(part);
  }
  return parts.length > 0 ? parts.join('/') : undefined;
}
