/**
 * Drives `istio-cni-doctor diagnose --watch --format json` as a process against a TestApiServer,
 * and checks convergence: after a fault clears, the last line the process printed equals the
 * report of a fresh list, within a time bound and a request bound.
 */
import * as assert from 'assert';
import { type ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createLiveClusterClient } from '../../../../src/cluster/liveCluster';
import { buildHealthModel } from '../../../../src/core/health/buildModel';
import { diagnoseJson } from '../../../../src/cli/diagnose/jsonReport';
import { kubeconfigFor, type KubeconfigOptions } from '../../../apiserver/kubeconfig';
import { type ApiServerOptions, TestApiServer } from '../../../apiserver/server';
import { loadScenario } from '../../../scenarios/loadScenario';

const BIN = path.resolve(__dirname, '../../../../src/cli/bin.js');

export interface Lab {
  server: TestApiServer;
  kubeconfig: string;
  dir: string;
  cli: WatchedCli;
  close(): Promise<void>;
}

/** A server on `scenario`, a kubeconfig for it, and the watching CLI, connected. */
export async function startLab(
  scenario = 'kube-basic',
  options: ApiServerOptions = {},
  kubeconfig: (server: TestApiServer, dir: string) => string = (s) => kubeconfigFor(s),
): Promise<Lab> {
  const server = await new TestApiServer(loadScenario(scenario), {
    bookmarkIntervalMs: 500,
    ...options,
  }).start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-watch-lab-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, kubeconfig(server, dir));
  const cli = new WatchedCli(['diagnose', '--watch', '--format', 'json', '--kubeconfig', file]);
  await cli.lines(1, 15_000);
  await until(() => server.openWatches >= 10, 10_000, 'watches open');
  return {
    server,
    kubeconfig: file,
    dir,
    cli,
    close: async () => {
      await cli.stop();
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function writeKubeconfig(lab: Lab, options: KubeconfigOptions): void {
  // Written beside and renamed, as kubectl and cloud CLIs do.
  const tmp = `${lab.kubeconfig}.tmp`;
  fs.writeFileSync(tmp, kubeconfigFor(lab.server, options));
  fs.renameSync(tmp, lab.kubeconfig);
}

export class WatchedCli {
  readonly out: string[] = [];
  stderr = '';
  exitCode: number | null | undefined;
  private buf = '';
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.setEncoding('utf8');
    this.child.stdout?.on('data', (t: string) => {
      this.buf += t;
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        this.out.push(this.buf.slice(0, nl));
        this.buf = this.buf.slice(nl + 1);
      }
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (t: string) => (this.stderr += t));
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      }),
    );
  }

  get last(): unknown {
    const l = this.out[this.out.length - 1];
    return l === undefined ? undefined : (JSON.parse(l) as unknown);
  }

  lines(n: number, timeoutMs: number): Promise<void> {
    return until(() => this.out.length >= n, timeoutMs, `${n} line(s) from the CLI; stderr: ${this.stderr}`);
  }

  /** Ctrl-C; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.exitCode === undefined) this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  waitExit(timeoutMs: number): Promise<number | null> {
    return Promise.race([
      this.exited,
      new Promise<null>((_r, reject) =>
        setTimeout(() => reject(new Error(`no exit in ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs),
      ),
    ]);
  }
}

/** The --format json report of a fresh list of the server, as the one-shot diagnose makes it. */
export async function freshReport(kubeconfig: string): Promise<unknown> {
  const client = await createLiveClusterClient({
    file: kubeconfig,
    allowExecPlugins: true,
    readCniLogs: true,
  });
  if (!client.ok) throw new Error(client.error.message);
  try {
    const data = await client.value.load();
    if (!data.ok) throw new Error(data.error.message);
    return JSON.parse(JSON.stringify(diagnoseJson(client.value.info(), buildHealthModel(data.value))));
  } finally {
    client.value.dispose();
  }
}

/**
 * Waits until the CLI's last line equals a fresh list's report, and checks the bounds: at most
 * `withinMs` after now and at most `maxRequests` requests to the server meanwhile. `lists`: the
 * non-watch requests the watching CLI made meanwhile (the fresh list's own are not counted).
 */
export async function converges(
  lab: Lab,
  bounds: { withinMs: number; maxRequests: number },
): Promise<{ ms: number; requests: number; lists: number }> {
  const start = Date.now();
  const before = lab.server.requests.length;
  const listsBefore = lab.server.count('/', { watch: false });
  const fresh = await freshReport(lab.kubeconfig);
  const freshRequests = lab.server.requests.length - before;
  const freshLists = lab.server.count('/', { watch: false }) - listsBefore;
  for (;;) {
    const last = JSON.stringify(lab.cli.last);
    if (last === JSON.stringify(fresh)) break;
    if (Date.now() - start > bounds.withinMs)
      assert.fail(
        `not converged within ${bounds.withinMs} ms.\n watched: ${last}\n fresh:   ${JSON.stringify(fresh)}\n stderr: ${lab.cli.stderr.slice(-2000)}\n requests from 5 s before the start (ms from the start, W = watch):\n${requestLog(lab, start)}`,
      );
    await sleep(100);
  }
  const ms = Date.now() - start;
  const requests = lab.server.requests.length - before - freshRequests;
  assert.ok(requests <= bounds.maxRequests, `${requests} requests to converge (bound ${bounds.maxRequests})`);
  const lists = lab.server.count('/', { watch: false }) - listsBefore - freshLists;
  return { ms, requests, lists };
}

/** The server's requests from 5 s before `start`, one line each (ms from `start`), for a failure message. */
function requestLog(lab: Lab, start: number): string {
  return lab.server.requests
    .filter((r) => r.at >= start - 5000)
    .map((r) => `  ${r.at - start} ${r.watch ? 'W' : 'L'} ${r.path}${r.query.slice(0, 70)}`)
    .join('\n');
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function until(
  check: () => boolean,
  timeoutMs: number,
  what: string,
  everyMs = 50,
): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
