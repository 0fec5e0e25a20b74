/**
 * `npm run demo`: a newcomer's first five minutes. Builds the .vsix if it is missing or older than
 * the sources, installs code-server, serves the demo scenario (test/scenarios/demo.yaml) from an
 * in-process TestApiServer, copies demo/workspace with a kubeconfig pointing at it, installs the
 * .vsix and serves VS Code on 127.0.0.1. Ctrl-C stops all of it.
 *
 * Everything it writes lives in one state folder (`.demo/`, git-ignored) that each run replaces,
 * so a second run starts clean; code-server and the build are reused. The demo itself needs no
 * browser: Chromium is only for the demo test (test/runner/runDemoTest.ts), which calls
 * startDemo() below.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import * as jsonc from 'jsonc-parser';
import { kubeconfigFor } from '../test/apiserver/kubeconfig';
import { TestApiServer } from '../test/apiserver/server';
import {
  type CodeServer,
  REPO_ROOT,
  ensureCodeServer,
  freePort,
  installVsix,
  startCodeServer,
} from '../test/runner/codeServer';
import { loadScenario } from '../test/scenarios/loadScenario';

export const DEMO_SOURCE = path.join(REPO_ROOT, 'demo/workspace');
export const DEFAULT_VSIX = path.join(REPO_ROOT, 'dist/istio-cni-doctor.vsix');
export const DEFAULT_PORT = 8088;
export const DEMO_CONTEXT = 'icd-demo';

export interface DemoOptions {
  /** Where the kubeconfig, workspace, user data and extensions go; replaced on each run. */
  stateDir: string;
  /** code-server port; a free one when absent. */
  port?: number;
  vsix?: string;
  /** Print code-server's own output. */
  verbose?: boolean;
  log?: (line: string) => void;
}

export interface Demo {
  url: string;
  workspace: string;
  kubeconfig: string;
  apiServer: TestApiServer;
  codeServer: CodeServer;
  stop(): Promise<void>;
}

/** Starts the API server and code-server; on a failure half-way, stops what already started. */
export async function startDemo(options: DemoOptions): Promise<Demo> {
  const log = options.log ?? ((line: string) => console.log(line));
  const vsix = options.vsix ?? DEFAULT_VSIX;
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package`);
  const entry = ensureCodeServer();
  fs.rmSync(options.stateDir, { recursive: true, force: true });
  fs.mkdirSync(options.stateDir, { recursive: true });
  const apiServer = await new TestApiServer(loadScenario('demo'), { bookmarkIntervalMs: 30_000 }).start();
  try {
    const kubeconfig = path.join(options.stateDir, 'kubeconfig');
    fs.writeFileSync(kubeconfig, kubeconfigFor(apiServer, { context: DEMO_CONTEXT }), { mode: 0o600 });
    log(`Demo cluster (test/scenarios/demo.yaml) at ${apiServer.url}, kubeconfig ${kubeconfig}`);
    const workspace = createWorkspace(options.stateDir, kubeconfig);
    const userDataDir = path.join(options.stateDir, 'user-data');
    const extensionsDir = path.join(options.stateDir, 'extensions');
    log(`Installing ${path.relative(REPO_ROOT, vsix)} ...`);
    installVsix(entry, vsix, extensionsDir, userDataDir);
    const codeServer = await startCodeServer(entry, {
      workspace,
      userDataDir,
      extensionsDir,
      port: options.port,
      verbose: options.verbose,
      // The workspace README says what to look at; open it first.
      userSettings: { 'workbench.startupEditor': 'readme' },
    });
    return {
      url: codeServer.url,
      workspace,
      kubeconfig,
      apiServer,
      codeServer,
      stop: async () => {
        await codeServer.stop();
        await apiServer.stop();
      },
    };
  } catch (e) {
    await apiServer.stop();
    throw e;
  }
}

/** Copies demo/workspace and points its `istioCniDoctor.cluster.kubeconfig` at the demo cluster. */
export function createWorkspace(stateDir: string, kubeconfig: string): string {
  const workspace = path.join(stateDir, 'workspace');
  fs.cpSync(DEMO_SOURCE, workspace, { recursive: true });
  const settingsFile = path.join(workspace, '.vscode/settings.json');
  const text = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : '{}';
  const edits = jsonc.modify(text, ['istioCniDoctor.cluster.kubeconfig'], kubeconfig, {
    formattingOptions: { insertSpaces: true, tabSize: 2 },
  });
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, jsonc.applyEdits(text, edits));
  return workspace;
}

/** True when the .vsix is missing or older than anything that goes into it. */
export function vsixIsStale(vsix: string): boolean {
  if (!fs.existsSync(vsix)) return true;
  const built = fs.statSync(vsix).mtimeMs;
  const inputs = ['src', 'syntaxes', 'package.json', 'webpack.config.js'].map((p) => path.join(REPO_ROOT, p));
  return inputs.some((p) => newestMtime(p) > built);
}

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** 8088 (or the asked port) when it is free; otherwise any free port, unless the user insisted. */
async function choosePort(asked: number | undefined): Promise<number> {
  const wanted = asked ?? DEFAULT_PORT;
  if (await portIsFree(wanted)) return wanted;
  if (asked !== undefined)
    throw new Error(`port ${asked} on 127.0.0.1 is in use; pick another with --port or DEMO_PORT`);
  return freePort();
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export function parsePort(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`the port must be a number from 1 to 65535, got "${text}"`);
  return port;
}

/** A second demo would replace the state folder under the first one's feet. */
function refuseWhileAnotherDemoRuns(stateDir: string): void {
  let running: { pid?: unknown; url?: unknown };
  try {
    running = JSON.parse(fs.readFileSync(path.join(stateDir, 'demo.json'), 'utf8')) as {
      pid?: unknown;
      url?: unknown;
    };
  } catch {
    return; // no demo ran here, or it was stopped
  }
  if (typeof running.pid !== 'number' || running.pid === process.pid || !processIsAlive(running.pid)) return;
  throw new Error(
    `a demo is already running (pid ${running.pid}) at ${String(running.url)}: open that, or stop it with Ctrl-C first`,
  );
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const USAGE = `Usage: npm run demo [-- --port N] [--no-build] [--verbose]

Serves VS Code with Istio CNI Doctor installed, opened on a demo workspace and connected to a
local test cluster that shows every case of the Istio CNI troubleshooting guide.
  --port N     code-server port (also DEMO_PORT); default ${DEFAULT_PORT}, or a free one
  --no-build   use dist/istio-cni-doctor.vsix as it is, even if the sources are newer
               (DEMO_VSIX=FILE: use that .vsix instead)
  --verbose    print code-server's own output
State goes to .demo/ (replaced on each run). Ctrl-C stops everything.`;

async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const portArg = args.indexOf('--port');
  const port = await choosePort(
    parsePort(portArg >= 0 ? (args[portArg + 1] ?? 'nothing') : process.env.DEMO_PORT),
  );
  // DEMO_VSIX: a .vsix built elsewhere (say by CI), used as it is.
  const vsix = process.env.DEMO_VSIX ?? DEFAULT_VSIX;
  if (!args.includes('--no-build') && process.env.DEMO_VSIX === undefined && vsixIsStale(vsix)) {
    console.log('Building the .vsix (npm run package) ...');
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  const stateDir = path.join(REPO_ROOT, '.demo');
  refuseWhileAnotherDemoRuns(stateDir);
  const demo = await startDemo({ stateDir, port, vsix, verbose: args.includes('--verbose') });
  fs.writeFileSync(path.join(stateDir, 'demo.json'), JSON.stringify({ pid: process.pid, url: demo.url }));
  console.log(`\nIstio CNI Doctor demo: open ${demo.url}\n(Ctrl-C stops it)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('Stopping the demo ...');
  // A second Ctrl-C while stopping ends at once.
  process.once('SIGINT', () => process.exit(130));
  await demo.stop();
  fs.rmSync(path.join(stateDir, 'demo.json'), { force: true });
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`demo: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
