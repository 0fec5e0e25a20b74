/**
 * Turns `lint` arguments into CNI directories to lint. A directory argument is linted as one
 * CNI config directory and all its findings are reported. A file argument is linted in the
 * context of its sibling files (the directory decides which file the runtime uses), but only
 * that file's findings are reported. Unreadable paths become messages naming path and reason.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileKind } from '../../core/cni/parse';
import { type CniFileInput } from '../../core/cni/types';

/** Beyond any real CNI config; reading more would only exhaust memory. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface LintGroup {
  files: CniFileInput[];
  /** Display paths whose findings are reported; undefined means all files. */
  report: Set<string> | undefined;
}

export interface ReadResult {
  groups: LintGroup[];
  errors: string[];
}

export function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOTDIR') return 'not a directory';
  return err instanceof Error ? err.message : String(err);
}

function readText(file: string): string {
  const size = fs.statSync(file).size;
  if (size > MAX_FILE_BYTES) throw new Error(`file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  return fs.readFileSync(file, 'utf8');
}

/**
 * Every regular file of `dir`. Config files (.conf/.conflist/.json) are read; other files only
 * matter by name (a kubeconfig, a *.cilium_bak), so their text is not read.
 */
function readDirectory(
  dir: string,
  display: string,
  errors: string[],
  quietSiblings: boolean,
): CniFileInput[] {
  const out: CniFileInput[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const shown = display === '.' ? entry.name : path.join(display, entry.name);
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        isFile = fs.statSync(full).isFile();
      } catch {
        isFile = false;
      }
    }
    if (!isFile) continue;
    try {
      out.push({ path: shown, text: fileKind(entry.name) === 'other' ? '' : readText(full) });
    } catch (err) {
      if (!quietSiblings) errors.push(`${shown}: ${reason(err)}`);
    }
  }
  return out;
}

export function readTargets(args: string[]): ReadResult {
  const groups: LintGroup[] = [];
  const errors: string[] = [];
  const byDir = new Map<string, LintGroup>();
  for (const arg of args) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(arg);
    } catch (err) {
      errors.push(`${arg}: ${reason(err)}`);
      continue;
    }
    try {
      if (stat.isDirectory()) {
        groups.push({ files: readDirectory(arg, arg, errors, false), report: undefined });
        continue;
      }
      const text = readText(arg);
      const dir = path.dirname(arg);
      const key = path.resolve(dir);
      let group = byDir.get(key);
      if (!group) {
        let siblings: CniFileInput[] = [];
        try {
          siblings = readDirectory(dir, dir, errors, true);
        } catch {
          // No context available (e.g. an unreadable directory): lint the file on its own.
        }
        group = {
          files: siblings.filter((s) => path.resolve(s.path) !== path.resolve(arg)),
          report: new Set(),
        };
        byDir.set(key, group);
        groups.push(group);
      }
      group.files = group.files.filter((s) => path.resolve(s.path) !== path.resolve(arg));
      group.files.push({ path: arg, text });
      group.report?.add(arg);
    } catch (err) {
      errors.push(`${arg}: ${reason(err)}`);
    }
  }
  return { groups, errors };
}
