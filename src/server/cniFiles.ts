/**
 * Reads the CNI config directory around an open document, preferring the editor's text for
 * files that are open. Only config files (.conf/.conflist/.json) are read; other files count by
 * name only. A directory that cannot be read leaves just the open documents as context.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { fileKind } from '../core/cni/parse';
import { type CniFileInput } from '../core/cni/types';

/** Files bigger than this are linted only when open in the editor. */
const MAX_SIBLING_BYTES = 16 * 1024 * 1024;
/** A directory this large is not a CNI config directory; don't read it all on every keystroke. */
const MAX_SIBLINGS = 5000;

export async function readSiblings(dir: string, open: Map<string, string>): Promise<CniFileInput[]> {
  const out = new Map<string, CniFileInput>();
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const e of entries.slice(0, MAX_SIBLINGS)) {
      const full = path.join(dir, e.name);
      if (open.has(full) || !(e.isFile() || e.isSymbolicLink())) continue;
      if (fileKind(e.name) === 'other') {
        out.set(full, { path: full, text: '' });
        continue;
      }
      try {
        const stat = await fs.stat(full);
        if (!stat.isFile() || stat.size > MAX_SIBLING_BYTES) continue;
        out.set(full, { path: full, text: await fs.readFile(full, 'utf8') });
      } catch {
        // Vanished or unreadable between readdir and read: it is simply not part of the context.
      }
    }
  } catch {
    // Not a readable directory (untitled document, permissions): lint the open documents alone.
  }
  for (const [p, text] of open) out.set(p, { path: p, text });
  return [...out.values()];
}
