/**
 * Runs a real VS Code (code-server 4.100.3 = VS Code 1.100.3, installed from npm) and drives its
 * workbench with headless Debian Chromium through playwright-core. Used by the integration
 * launcher, the packaged-extension smoke test and the demo. See
 * ../shared/notes/real-vscode-testing.md for why each flag is here.
 */
import { type ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION ?? '4.100.3';
export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');

/** Installs code-server into .vscode-test/ if needed and returns its entry script. */
export function ensureCodeServer(): string {
  execFileSync('bash', [path.join(REPO_ROOT, 'tools/installCodeServer.sh')], { stdio: 'inherit' });
  return path.join(
    REPO_ROOT,
    `.vscode-test/code-server-${CODE_SERVER_VERSION}/node_modules/code-server/out/node/entry.js`,
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface CodeServer {
  url: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  workspace: string;
  env?: Record<string, string>;
  extensionsDir?: string;
  userDataDir?: string;
  port?: number;
  /** Print code-server's own output (noise by default; shown on failure). */
  verbose?: boolean;
  /** User settings on top of the quiet defaults of writeUserSettings. */
  userSettings?: Record<string, unknown>;
}

/** Copies a fixture workspace to a temp folder, so tests never change files in the repository. */
export function copyWorkspace(fixture: string): string {
  const dest = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'icd-ws-')), path.basename(fixture));
  fs.cpSync(fixture, dest, { recursive: true });
  return dest;
}

/** Starts code-server on 127.0.0.1 and resolves once it listens. */
export async function startCodeServer(entry: string, options: CodeServerOptions): Promise<CodeServer> {
  const port = options.port ?? (await freePort());
  const userDataDir = options.userDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'icd-user-'));
  const extensionsDir = options.extensionsDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'icd-ext-'));
  writeUserSettings(userDataDir, options.userSettings);
  const args = [
    entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    options.workspace,
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output.push(text);
    if (options.verbose) process.stderr.write(`[code-server] ${text}`);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  await waitForListening(child, output, port);
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    userDataDir,
    extensionsDir,
    stop: () => stopProcess(child),
  };
}

/**
 * Quiet user settings (no tips, update checks, experiments or git prompts), plus `overrides`.
 * Overwrites the file, so a reused user-data folder starts from the same settings.
 */
export function writeUserSettings(userDataDir: string, overrides: Record<string, unknown> = {}): void {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'security.workspace.trust.enabled': false,
    'window.commandCenter': false,
    'chat.commandCenter.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    'git.enabled': false,
    ...overrides,
  };
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

function waitForListening(child: ChildProcess, output: string[], port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error('code-server did not start listening within 60 s')),
      60_000,
    );
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\n--- code-server output ---\n${output.join('')}`));
    };
    const onData = () => {
      if (output.join('').includes(`HTTP server listening on http://127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`code-server exited early with code ${String(code)}`)));
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Installs a .vsix into an extensions folder with code-server's own CLI. */
export function installVsix(entry: string, vsix: string, extensionsDir: string, userDataDir: string): void {
  execFileSync(
    process.execPath,
    [
      entry,
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
      '--install-extension',
      vsix,
      '--force',
    ],
    { stdio: 'inherit' },
  );
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Debian Chromium with the flags that work on a machine without internet. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** The workbench URL that loads a development extension and a tests module (as test-electron does). */
export function workbenchUrl(
  server: CodeServer,
  workspace: string,
  dev?: { extensionDevelopmentPath: string; extensionTestsPath?: string },
): string {
  const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const params = new URLSearchParams({ folder: workspace });
  if (dev) {
    const payload: [string, string][] = [['extensionDevelopmentPath', remote(dev.extensionDevelopmentPath)]];
    if (dev.extensionTestsPath) payload.push(['extensionTestsPath', remote(dev.extensionTestsPath)]);
    params.set('payload', JSON.stringify(payload));
  }
  return `${server.url}?${params.toString()}`;
}

/** Opens a page of the workbench, forwarding the extension host's console lines that match `echo`. */
export async function openWorkbench(browser: Browser, url: string, echo?: RegExp): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  page.on('console', (msg) => {
    const text = msg.text();
    if (echo?.test(text))
      process.stdout.write(`  [vscode] ${text.replace(/%c/g, '').replace(/\s+color: [^ ]+/g, '')}\n`);
  });
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return page;
}
