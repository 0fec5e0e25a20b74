/**
 * Opens an `istioctl bug-report` archive (.tar.gz, .tgz or .tar) as an offline cluster: it is
 * unpacked (bounded, no path escapes: core/explorer/tar.ts) into a private temporary folder that
 * the snapshot reader then reads like any extracted bug-report. The folder is removed when the
 * extension is disposed or another archive is opened.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import * as zlib from 'zlib';
import { readTar } from '../../core/explorer/tar';
import { fail, ok, type Result } from '../../core/result';

const gunzip = promisify(zlib.gunzip);
/** Compressed archives above this are refused before reading (bug-reports are tens of MB). */
const MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;
const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;

export const isArchive = (file: string): boolean => /\.(tar\.gz|tgz|tar)$/i.test(file);

export class SnapshotArchives {
  private dirs: string[] = [];

  async extract(file: string): Promise<Result<string, string>> {
    try {
      const stat = await fs.stat(file);
      if (stat.size > MAX_ARCHIVE_BYTES)
        return fail(
          `${path.basename(file)} is ${Math.round(stat.size / 1048576)} MB; extract it yourself and open the folder.`,
        );
      const raw = await fs.readFile(file);
      const tarBytes = /\.tar$/i.test(file)
        ? raw
        : await gunzip(raw, { maxOutputLength: MAX_UNPACKED_BYTES });
      const entries = readTar(tarBytes, { maxEntries: 50_000, maxTotalBytes: MAX_UNPACKED_BYTES });
      if (!entries.ok) return fail(`${path.basename(file)}: ${entries.error}`);
      await this.cleanup();
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'istio-cni-doctor-bug-report-'));
      this.dirs.push(dir);
      for (const e of entries.value) {
        const target = path.join(dir, ...e.path.split('/'));
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.writeFile(target, e.data);
      }
      return ok(dir);
    } catch (err) {
      return fail(`cannot open ${path.basename(file)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async cleanup(): Promise<void> {
    const dirs = this.dirs;
    this.dirs = [];
    await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
  }

  dispose(): void {
    void this.cleanup();
  }
}
