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
  /** The directory linted, when the argument was one (an empty directory is still reported). */
  directory?: string;
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

/** What a non-regular file is, for messages. */
function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/**
 * Reads a regular file, at most MAX_FILE_BYTES. Opened non-blocking so a FIFO cannot hang the
 * open, checked on the open descriptor (no swap between check and read), and read in bounded
 * chunks so a device that reports size 0 (`/dev/zero`) cannot stream forever.
 */
function readText(file: string): string {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new Error(`${kindOf(stat)}, not a regular file: not read`);
    if (stat.size > MAX_FILE_BYTES) throw new Error(`file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_FILE_BYTES) throw new Error(`file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Why a directory entry that is not a plain file cannot be used, or undefined for a regular file. */
function entryProblem(full: string, entry: fs.Dirent): string | undefined {
  if (entry.isFile()) return undefined;
  if (entry.isSymbolicLink()) {
    let target: string;
    try {
      target = fs.readlinkSync(full);
    } catch (err) {
      return `unreadable symlink: ${reason(err)}`;
    }
    try {
      const stat = fs.statSync(full);
      if (stat.isFile()) return undefined;
      // A linked directory (multus.d) is not a config unless its name says so, as for libcni.
      if (stat.isDirectory() && fileKind(entry.name) === 'other') return 'skip';
      return `symlink to ${target}, which is ${kindOf(stat)}`;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException | undefined)?.code;
      if (code === 'ENOENT') return `dangling symlink to ${target}`;
      if (code === 'ELOOP') return `symlink loop (${target})`;
      return `symlink to ${target}: ${reason(err)}`;
    }
  }
  if (entry.isFIFO() || entry.isCharacterDevice() || entry.isBlockDevice() || entry.isSocket()) {
    return entry.isFIFO() ? 'a FIFO, not a regular file' : entry.isSocket() ? 'a socket' : 'a device';
  }
  return 'skip';
}

/**
 * Every entry of `dir` a runtime would look at. Config files (.conf/.conflist/.json) are read;
 * other files only matter by name (a kubeconfig, a *.cilium_bak), so their text is not read.
 * Entries that cannot be read (dangling symlinks, loops, FIFOs) are kept with the reason: the
 * runtime lists them by name and fails on them, so the linter reports them.
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
    const problem = entryProblem(full, entry);
    if (problem === 'skip') continue; // a subdirectory (multus.d): not part of the directory's configs
    if (problem !== undefined) {
      out.push({ path: shown, text: '', unreadable: problem });
      continue;
    }
    try {
      out.push({ path: shown, text: fileKind(entry.name) === 'other' ? '' : readText(full) });
    } catch (err) {
      if (!quietSiblings) errors.push(`${shown}: ${reason(err)}`);
    }
  }
  return out;
}

function linkText(p: string): string | undefined {
  try {
    return fs.readlinkSync(p);
  } catch {
    return undefined;
  }
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
      const code = (err as NodeJS.ErrnoException | undefined)?.code;
      const link = code === 'ENOENT' || code === 'ELOOP' ? linkText(arg) : undefined;
      errors.push(
        `${arg}: ${link === undefined ? reason(err) : code === 'ELOOP' ? `symlink loop (${link})` : `dangling symlink to ${link}`}`,
      );
      continue;
    }
    if (!stat.isDirectory() && !stat.isFile()) {
      errors.push(`${arg}: ${kindOf(stat)}, not a regular file: not read`);
      continue;
    }
    try {
      if (stat.isDirectory()) {
        groups.push({ directory: arg, files: readDirectory(arg, arg, errors, false), report: undefined });
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
