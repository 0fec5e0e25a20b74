/**
 * The whole-process cluster rows of `npm run bench` (issue 15): the test API server runs in its
 * own process serving a generated cluster with realistic objects (~6.7 KB per pod with
 * managedFields), and the shipped `dist/cli.js diagnose` and the reference
 * `kubectl get pods -A --field-selector=status.phase=Pending -o json` each run as a whole process
 * against it with the same kubeconfig, under /usr/bin/time for wall time and peak RSS. Each
 * figure therefore includes Node start-up, TLS, transfer, parsing, the model and the output.
 */
import { type ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { plantedFailures } from '../../test/scenarios/generateLarge';

const ROOT = path.resolve(__dirname, '../../..');
/** The shipped CLI (ICD_BENCH_CLI: another build of it, e.g. the one before a change). */
export const CLI = process.env.ICD_BENCH_CLI ?? path.join(ROOT, 'dist', 'cli.js');
const SERVER = path.join(ROOT, 'out', 'test', 'apiserver', 'main.js');

export interface ServedCluster {
  kubeconfig: string;
  /** Seconds the server process took to generate the objects and listen. */
  startSeconds: number;
  requests(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts the test API server in its own process with a generated cluster: realistic objects
 * (managedFields and the rest) unless `realistic` is false.
 */
export async function serveCluster(nodes: number, pods: number, realistic = true): Promise<ServedCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-bench-'));
  const kubeconfig = path.join(dir, 'config');
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=8192',
      SERVER,
      '--scenario',
      'large',
      '--nodes',
      String(nodes),
      '--pods',
      String(pods),
      ...(realistic ? ['--realistic'] : []),
      '--kubeconfig-out',
      kubeconfig,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      if (out.includes('Kubeconfig written')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`test API server exited (${String(code)}): ${out}`)));
  });
  const startSeconds = (performance.now() - t0) / 1000;
  const config = fs.readFileSync(kubeconfig, 'utf8');
  const server = /server: (\S+)/.exec(config)?.[1] ?? '';
  const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(config)?.[1] ?? '', 'base64');
  return {
    kubeconfig,
    startSeconds,
    requests: () => requestCount(server, ca),
    stop: async () => {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function requestCount(server: string, ca: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    https
      .get(`${server}/debug/icd-requests`, { ca }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve((JSON.parse(body) as { requests: number }).requests));
      })
      .on('error', reject);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export interface ProcessRun {
  wallSeconds: number;
  peakRssMb: number;
  exitCode: number;
  stdout: string;
  /** The end of stderr (without time's line). */
  stderr: string;
}

/** Runs a command under /usr/bin/time: wall clock (ours) and peak RSS (time's %M, KB). */
export function timed(command: string, args: string[], keepStdout: boolean): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'ICD_TIME %M', command, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => keepStdout && out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallSeconds = (performance.now() - t0) / 1000;
      const kb = /ICD_TIME (\d+)/.exec(err)?.[1];
      if (kb === undefined) return reject(new Error(`no peak RSS from /usr/bin/time: ${err.slice(-500)}`));
      resolve({
        wallSeconds,
        peakRssMb: Number(kb) / 1024,
        exitCode: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: err.replace(/ICD_TIME \d+\s*$/, '').slice(-400),
      });
    });
  });
}

export const kubectlPending = (kubeconfig: string): Promise<ProcessRun> =>
  timed(
    'kubectl',
    ['--kubeconfig', kubeconfig, 'get', 'pods', '-A', '--field-selector=status.phase=Pending', '-o', 'json'],
    false,
  );

export const diagnose = (kubeconfig: string): Promise<ProcessRun> =>
  timed(
    process.execPath,
    // kubectl has no per-request limit; ours (15 s) is raised so a loaded machine does not fail a row.
    [CLI, 'diagnose', '--kubeconfig', kubeconfig, '--format', 'json', '--request-timeout', '120s'],
    true,
  );

/** "found/planted" for the planted failures in a `diagnose --format json` document. */
export function foundFailures(
  stdout: string,
  nodes: number,
  pods: number,
): { found: number; planted: number } {
  const planted = plantedFailures({ nodes, pods });
  const doc = JSON.parse(stdout) as {
    nodes: { name: string; status: string }[];
    affected: { namespace: string; name: string }[];
  };
  const notReady = new Set(doc.nodes.filter((n) => n.status !== 'ready').map((n) => n.name));
  const failing = new Set(doc.affected.map((a) => `${a.namespace}/${a.name}`));
  const found =
    planted.brokenNodes.filter((n) => notReady.has(n)).length +
    planted.validationFailed.filter((p) => failing.has(p)).length;
  return { found, planted: planted.brokenNodes.length + planted.validationFailed.length };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? NaN;
};
