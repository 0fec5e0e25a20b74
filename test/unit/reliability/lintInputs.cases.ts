/**
 * `lint` inputs that are not plain files (issue 10): a FIFO or a device given as an argument
 * must not block or stream forever, and a net.d entry the runtime would trip over (dangling
 * symlink, symlink loop, FIFO) is a finding that says so, never silently skipped. The blocking
 * cases run the real CLI as a child process with a deadline, so a hang fails the case instead
 * of freezing the test run.
 */
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { memoryIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import type { ReliabilityArea } from './reliabilityCase';

const CLI = path.resolve(__dirname, '../../../src/cli/bin.js');
const CALICO = '{"cniVersion":"0.3.1","name":"k8s-pod-network","plugins":[{"type":"calico"}]}\n';

function withDir(fn: (dir: string) => Promise<void> | void): () => Promise<void> {
  return async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-lint-input-'));
    try {
      await fn(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** The CLI as a child process, killed after `ms`; a kill means the case failed (it blocked). */
function cli(args: string[], ms = 8000): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, 'lint', ...args], { encoding: 'utf8', timeout: ms });
  assert.ok(!r.error, `lint did not finish within ${ms} ms (${r.error?.message ?? ''})`);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function lint(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await main(['lint', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

function mkfifo(p: string): void {
  execFileSync('/usr/bin/mkfifo', [p]);
}

export const area: ReliabilityArea = {
  title: 'Lint inputs (FIFOs, devices, broken symlinks in net.d)',
  order: 60,
  cases: [
    {
      id: 'lint-fifo-argument',
      fault: '`lint` given a FIFO (named pipe) with no writer',
      behaviour: "exits 2 at once: '<path>: a FIFO, not a regular file: not read' (no blocking open or read)",
      timeoutMs: 15000,
      run: withDir((dir) => {
        const fifo = path.join(dir, '10-calico.conflist');
        mkfifo(fifo);
        const r = cli([fifo]);
        assert.strictEqual(r.code, 2);
        assert.match(r.err, /a FIFO, not a regular file: not read/);
      }),
    },
    {
      id: 'lint-dev-zero-argument',
      fault: '`lint /dev/zero` (a device that reports size 0 and never ends)',
      behaviour: "exits 2 at once: '/dev/zero: a device, not a regular file: not read'; nothing is read",
      timeoutMs: 15000,
      run: () => {
        const r = cli(['/dev/zero']);
        assert.strictEqual(r.code, 2);
        assert.match(r.err, /\/dev\/zero: a device, not a regular file: not read/);
      },
    },
    {
      id: 'lint-fifo-in-netd',
      fault: 'a FIFO named like a config (`05-x.conf`) inside the linted net.d',
      behaviour:
        "never opened; reported as 'unreadable-file' (error): the runtime lists it by name and fails on it; exit 1",
      timeoutMs: 15000,
      run: withDir((dir) => {
        fs.writeFileSync(path.join(dir, '10-calico.conflist'), CALICO);
        mkfifo(path.join(dir, '05-x.conf'));
        const r = cli([dir]);
        assert.strictEqual(r.code, 1);
        assert.match(
          r.out,
          /05-x\.conf:1:1 error unreadable-file 05-x\.conf cannot be read \(a FIFO, not a regular file\)/,
        );
        assert.match(r.out, /error invalid-file-before-effective/);
      }),
    },
    {
      id: 'lint-dangling-symlink-in-netd',
      fault: 'a dangling symlink in net.d (`00-multus.conf` -> a deleted file)',
      behaviour:
        "reported, not ignored: 'unreadable-file' error naming the missing target and what the runtime does (containerd refuses the directory); exit 1",
      run: withDir(async (dir) => {
        fs.writeFileSync(path.join(dir, '10-calico.conflist'), CALICO);
        fs.symlinkSync('/etc/cni/multus/gone.conf', path.join(dir, '00-multus.conf'));
        const r = await lint(dir);
        assert.strictEqual(r.code, 1);
        assert.match(
          r.out,
          /00-multus\.conf:1:1 error unreadable-file 00-multus\.conf cannot be read \(dangling symlink to \/etc\/cni\/multus\/gone\.conf\): the runtime lists it by name and fails on it \(containerd refuses the directory/,
        );
      }),
    },
    {
      id: 'lint-symlink-loop-in-netd',
      fault: 'a symlink loop in net.d (`05-a.conflist` -> `05-b.conflist` -> `05-a.conflist`)',
      behaviour: "reported as 'unreadable-file' (error, 'symlink loop') for both entries; exit 1; no hang",
      run: withDir(async (dir) => {
        fs.writeFileSync(path.join(dir, '10-calico.conflist'), CALICO);
        fs.symlinkSync('05-b.conflist', path.join(dir, '05-a.conflist'));
        fs.symlinkSync('05-a.conflist', path.join(dir, '05-b.conflist'));
        const r = await lint(dir);
        assert.strictEqual(r.code, 1);
        assert.match(
          r.out,
          /05-a\.conflist:1:1 error unreadable-file 05-a\.conflist cannot be read \(symlink loop/,
        );
        assert.match(
          r.out,
          /05-b\.conflist:1:1 error unreadable-file 05-b\.conflist cannot be read \(symlink loop/,
        );
      }),
    },
    {
      id: 'lint-dangling-kubeconfig-in-netd',
      fault: 'a dangling symlink with a non-config name in net.d (`calico-kubeconfig`)',
      behaviour: "reported as a warning: 'any plugin that reads it fails'; the configs are still linted",
      run: withDir(async (dir) => {
        fs.writeFileSync(path.join(dir, '10-calico.conflist'), CALICO);
        fs.symlinkSync(path.join(dir, 'missing'), path.join(dir, 'calico-kubeconfig'));
        const r = await lint(dir);
        assert.strictEqual(r.code, 0);
        assert.match(
          r.out,
          /calico-kubeconfig:1:1 warning unreadable-file calico-kubeconfig cannot be read \(dangling symlink to .*\); any plugin that reads it fails/,
        );
      }),
    },
    {
      id: 'lint-dangling-symlink-argument',
      fault: '`lint` given a dangling symlink as a file argument',
      behaviour: "exits 2: '<path>: dangling symlink to <target>'",
      run: withDir(async (dir) => {
        const link = path.join(dir, '10-calico.conflist');
        fs.symlinkSync('/nonexistent/10-calico.conflist', link);
        const r = await lint(link);
        assert.strictEqual(r.code, 2);
        assert.match(r.err, /10-calico\.conflist: dangling symlink to \/nonexistent\/10-calico\.conflist/);
      }),
    },
    {
      id: 'lint-empty-netd',
      fault: 'an empty net.d (or one holding only ZZZ-istio-cni-kubeconfig)',
      behaviour:
        "'no-network-config' error on the directory: the node goes NotReady; exit 1, never a silent pass",
      run: withDir(async (dir) => {
        const empty = await lint(dir);
        assert.strictEqual(empty.code, 1);
        assert.match(empty.out, /error no-network-config No CNI network config: the directory is empty/);
        fs.writeFileSync(path.join(dir, 'ZZZ-istio-cni-kubeconfig'), 'apiVersion: v1\nkind: Config\n');
        const leftover = await lint(dir);
        assert.strictEqual(leftover.code, 1);
        assert.match(leftover.out, /ZZZ-istio-cni-kubeconfig:1:1 error no-network-config/);
      }),
    },
  ],
};
