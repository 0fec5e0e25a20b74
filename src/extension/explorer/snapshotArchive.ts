/**
 * Opens an `istioctl bug-report` archive (.tar.gz, .tgz or .tar) as an offline cluster: it is
 * streamed into a private temporary folder (src/cluster/snapshot/archive.ts: bounded, no path
 * escapes, never the whole archive in memory) that the snapshot reader then reads like any
 * extracted bug-report. The folder is removed when the extension is disposed or another archive
 * is opened, and right away when the extraction fails.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { extractArchive } from '../../cluster/snapshot/archive';
import { fail, ok, type Result } from '../../core/result';

export class SnapshotArchives {
  private dirs: string[] = [];

  async extract(file: string): Promise<Result<string, string>> {
    await this.cleanup();
    let dir: string | undefined;
    try {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'istio-cni-doctor-bug-report-'));
      const done = await extractArchive(file, dir);
      if (!done.ok) {
        await fs.rm(dir, { recursive: true, force: true });
        return fail(`${path.basename(file)}: ${done.error}`);
      }
      this.dirs.push(dir);
      return ok(dir);
    } catch (err) {
      if (dir) await fs.rm(dir, { recursive: true, force: true });
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
