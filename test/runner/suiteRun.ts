/**
 * Runs one mocha suite inside code-server: opens the workbench with the development extension
 * and the tests module, waits for the suite's own summary file, takes the screenshots, and
 * returns the summary. Fails on a timeout or when the summary never appears.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Page } from 'playwright-core';
import type { TestSummary } from '../support/testSummary';
import {
  ARTIFACTS,
  type CodeServer,
  launchBrowser,
  openWorkbench,
  startCodeServer,
  workbenchUrl,
} from './codeServer';

export interface SuiteRunOptions {
  entry: string;
  suite: 'suite' | 'smoke' | 'bench';
  workspace: string;
  extensionDevelopmentPath: string;
  timeoutMs: number;
  extensionsDir?: string;
  userDataDir?: string;
  /** Called once the suite has finished and before VS Code is closed. */
  screenshots?: (page: Page) => Promise<void>;
}

export async function runSuiteInCodeServer(options: SuiteRunOptions): Promise<TestSummary> {
  const summaryFile = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'icd-summary-')),
    `${options.suite}.json`,
  );
  const testsModule = path.resolve(__dirname, '../integration/index.js');
  let server: CodeServer | undefined;
  const browser = await launchBrowser();
  try {
    server = await startCodeServer(options.entry, {
      workspace: options.workspace,
      extensionsDir: options.extensionsDir,
      userDataDir: options.userDataDir,
      env: {
        ISTIO_CNI_DOCTOR_TEST_SUITE: options.suite,
        ISTIO_CNI_DOCTOR_TEST_SUMMARY: summaryFile,
        ISTIO_CNI_DOCTOR_WAIT_FOR_LAUNCHER: '1',
        ...(options.extensionsDir ? { ISTIO_CNI_DOCTOR_EXTENSIONS_DIR: options.extensionsDir } : {}),
      },
    });
    const url = workbenchUrl(server, options.workspace, {
      extensionDevelopmentPath: options.extensionDevelopmentPath,
      extensionTestsPath: testsModule,
    });
    const page = await openWorkbench(
      browser,
      url,
      process.env.ISTIO_CNI_DOCTOR_ECHO_ALL ? /./ : /istio-cni-doctor tests|✔|✗|[0-9]+\) |Error/,
    );
    await waitForFile(summaryFile, options.timeoutMs, () => serveScreenshotRequests(page, summaryFile));
    if (options.screenshots) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await options
        .screenshots(page)
        .catch((e: unknown) => console.error(`  screenshot failed: ${String(e)}`));
    }
    fs.writeFileSync(`${summaryFile}.done`, '');
    return JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as TestSummary;
  } finally {
    await browser.close();
    await server?.stop();
  }
}

async function waitForFile(file: string, timeoutMs: number, meanwhile: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline)
      throw new Error(`The suite wrote no result within ${timeoutMs / 1000} s (${file})`);
    await meanwhile();
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 100)); // the writer's single writeFileSync has finished by now
}

/** Takes the screenshots the suite asked for (`<summary>.shot-<name>` files; see helpers.screenshot). */
async function serveScreenshotRequests(page: Page, summaryFile: string): Promise<void> {
  const dir = path.dirname(summaryFile);
  const prefix = `${path.basename(summaryFile)}.shot-`;
  for (const f of fs.readdirSync(dir)) {
    if (!f.startsWith(prefix) || f.endsWith('.done')) continue;
    const name = f.slice(prefix.length);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.waitForTimeout(300); // let the workbench paint what the test just did
    await page
      .screenshot({ path: path.join(ARTIFACTS, `${name}.png`) })
      .catch((e: unknown) => console.error(`  screenshot ${name} failed: ${String(e)}`));
    console.log(`  screenshot: test-artifacts/${name}.png`);
    fs.renameSync(path.join(dir, f), path.join(dir, `${f}.done`));
  }
}

/** Prints a summary like mocha's spec reporter and returns the exit code. */
export function report(summary: TestSummary): number {
  for (const t of summary.tests) {
    const mark = t.state === 'passed' ? '✔' : t.state === 'failed' ? '✗' : '-';
    console.log(`  ${mark} ${t.title}${t.durationMs > 75 ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error) console.log(t.error.replace(/^/gm, '      '));
  }
  const m = Object.entries(summary.metrics).map(([k, v]) => `${k}=${Math.round(v * 100) / 100}`);
  console.log(
    `  ${summary.suite}: ${summary.passes} passing, ${summary.failures} failing, ${summary.pending} pending` +
      ` (${(summary.durationMs / 1000).toFixed(1)} s)${m.length ? `; ${m.join(', ')}` : ''}`,
  );
  return summary.failures > 0 || summary.passes === 0 ? 1 : 0;
}

/** Writes the summary where the test orchestrator collects it. */
export function saveSummary(summary: TestSummary, name: string): void {
  const out = process.env.ISTIO_CNI_DOCTOR_TEST_SUMMARY ?? path.join(ARTIFACTS, `${name}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(summary, null, 2));
}
