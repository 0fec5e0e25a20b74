/**
 * `npm run test:demo`: the newcomer's first five minutes, checked through the page. Starts the
 * demo set-up headless (tools/demo.ts startDemo(), in a temp state folder so a running
 * `npm run demo` is not disturbed), opens it in headless Chromium and reads the DOM only: the
 * Istio CNI tree lists the demo's affected workloads, a log line shows its hover, the Problems
 * panel has the double-insertion finding, and the first-use walkthrough lists its steps. Saves the screenshots README.md and the
 * walkthrough use (media/screenshots/, media/walkthrough/).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { CATALOG } from '../../src/core/logs';
import { type Demo, DEFAULT_VSIX, startDemo } from '../../tools/demo';
import type { TestRecord, TestSummary } from '../support/testSummary';
import { ARTIFACTS, REPO_ROOT, launchBrowser, openWorkbench, workbenchUrl } from './codeServer';
import { report, saveSummary } from './suiteRun';

/**
 * Screenshots land in test-artifacts/ so a test run leaves the work tree clean; with
 * UPDATE_SCREENSHOTS=1 (`npm run screenshots`) they replace the ones README.md and the
 * walkthrough show.
 */
const UPDATE = process.env.UPDATE_SCREENSHOTS === '1';
const SCREENSHOTS = UPDATE ? path.join(REPO_ROOT, 'media/screenshots') : path.join(ARTIFACTS, 'screenshots');
const WALKTHROUGH = UPDATE ? path.join(REPO_ROOT, 'media/walkthrough') : path.join(ARTIFACTS, 'walkthrough');
/** Owners of the pods the demo scenario breaks (test/scenarios/demo.yaml header). */
const AFFECTED_OWNERS = ['productpage-v1', 'ratings-v1', 'reviews-v2', 'payments', 'details-v2'];
const VALIDATION_TIMEOUT = CATALOG.find((p) => p.examples.includes('validation timeout'));

async function quickOpen(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(fileName);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: fileName })
    .first()
    .waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab[aria-label^="${fileName}"]`).first().waitFor({ timeout: 15_000 });
}

function treeRows(page: Page): Locator {
  return page.locator('[id="workbench.view.extension.istioCniDoctor"] .monaco-list-row');
}

async function treeShowsAffectedWorkloads(page: Page): Promise<void> {
  await page
    .locator(
      '.activitybar .action-item [aria-label^="Istio CNI"], .activitybar .action-item[aria-label^="Istio CNI"]',
    )
    .first()
    .click();
  const rows = treeRows(page);
  await rows.filter({ hasText: 'Affected workloads' }).first().waitFor({ timeout: 30_000 });
  // Collapse the node list so the affected workloads are on screen, then open every reason.
  const nodes = rows.filter({ hasText: /^Nodes/ }).first();
  if ((await nodes.getAttribute('aria-expanded')) === 'true') await nodes.click();
  for (let round = 0; round < 3; round++) {
    const collapsed = rows.and(page.locator('[aria-expanded="false"]'));
    const texts = await collapsed.allInnerTexts();
    const toOpen = texts.findIndex((t) => !/^Nodes|istio-cni-node DaemonSet/.test(t));
    if (toOpen < 0) break;
    await collapsed.nth(toOpen).click();
    await page.waitForTimeout(200);
  }
  const text = (await rows.allInnerTexts()).join('\n');
  const missing = AFFECTED_OWNERS.filter((o) => !text.includes(o));
  if (missing.length > 0) throw new Error(`the tree does not show ${missing.join(', ')}; its rows:\n${text}`);
  await shot(page, 'explorer');
  await page.locator('.part.sidebar').screenshot({ path: path.join(WALKTHROUGH, 'explorer.png') });
}

async function hoverOnLogLine(page: Page): Promise<void> {
  if (!VALIDATION_TIMEOUT) throw new Error('the log catalog has no pattern for "validation timeout"');
  await quickOpen(page, 'istio-validation-ratings.log');
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  // Only the lines on screen are in the DOM: Find scrolls the editor to the line, as a user would.
  await editor.click({ position: { x: 200, y: 20 } });
  await page.keyboard.press('Control+F');
  await page.keyboard.type('validation timeout');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowLeft'); // drop the find selection, so the screenshot shows the decoration
  const line = editor.locator('.view-line', { hasText: 'validation timeout' }).first();
  await line.waitFor({ timeout: 15_000 });
  const span = line.locator('span span', { hasText: 'validation' }).last();
  const hover = page
    .locator('.monaco-hover:not(.hidden) .monaco-hover-content')
    .filter({ hasText: VALIDATION_TIMEOUT.id });
  // The analyzer decorates after the document opens; move until the hover answers.
  for (let i = 0; i < 20 && !(await hover.isVisible()); i++) {
    const box = await span.boundingBox();
    if (box) {
      await page.mouse.move(box.x + 2, box.y + box.height / 2);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
    }
    await hover.waitFor({ timeout: 1_500 }).catch(() => undefined);
  }
  const text = await hover.innerText({ timeout: 5_000 });
  if (!text.includes(VALIDATION_TIMEOUT.title))
    throw new Error(`hover without the pattern title "${VALIDATION_TIMEOUT.title}":\n${text}`);
  if (!/Fix:/.test(text)) throw new Error(`hover without a fix:\n${text}`);
  await shot(page, 'log-hover');
  await page.locator('.part.editor').screenshot({ path: path.join(WALKTHROUGH, 'log-hover.png') });
  await page.mouse.move(5, 5);
}

async function problemsShowDoubleInsertion(page: Page): Promise<void> {
  await quickOpen(page, '00-multus.conflist');
  await page.keyboard.press('Control+Shift+M');
  const finding = page
    .locator('.markers-panel .monaco-list-row', { hasText: 'istio-cni-runs-twice' })
    .first();
  await finding.waitFor({ timeout: 30_000 });
  await shot(page, 'problems');
}

/** worker-4's net.d holds a Multus config and a Kube-OVN conflist that both chain istio-cni. */
async function nodeCniConfigThroughExplorer(page: Page): Promise<void> {
  const rows = treeRows(page);
  const nodes = rows.filter({ hasText: /^Nodes/ }).first();
  if ((await nodes.getAttribute('aria-expanded')) === 'false') await nodes.click();
  const worker4 = rows.filter({ hasText: /^worker-4/ }).first();
  await worker4.waitFor({ timeout: 10_000 });
  await worker4.click({ button: 'right' });
  await page
    .locator('.context-view .monaco-menu .action-item', { hasText: "Read the Node's CNI Config" })
    .first()
    .click({ timeout: 10_000 });
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'on worker-4' }).first();
  await toast.waitFor({ timeout: 30_000 });
  const message = await toast.innerText();
  if (!/on worker-4: [1-9]\d* error/.test(message))
    throw new Error(`reading worker-4's net.d found no error: ${message}`);
  await page.keyboard.press('Control+Shift+M');
  const finding = page.locator('.markers-panel .monaco-list-row', { hasText: 'worker-4' }).first();
  await finding.waitFor({ timeout: 10_000 });
  await shot(page, 'node-cni-config');
}

async function walkthroughListsItsSteps(page: Page): Promise<void> {
  if (await page.locator('.part.panel').isVisible()) await page.keyboard.press('Control+J'); // room for the step's page
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill('>Welcome: Open Walkthrough');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'Open Walkthrough' })
    .first()
    .click({ timeout: 10_000 });
  await input.fill('Istio CNI Doctor');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with Istio CNI Doctor' })
    .first()
    .click({ timeout: 10_000 });
  const steps = page.locator('.gettingStartedContainer .getting-started-step');
  await steps.first().waitFor({ timeout: 15_000 });
  const titles = (await steps.allInnerTexts()).join('\n');
  for (const title of ['Connect to a cluster or open a snapshot', "Open a node's CNI config", 'Open a log']) {
    if (!titles.includes(title)) throw new Error(`the walkthrough has no step "${title}":\n${titles}`);
  }
  // The step's page is a markdown webview that renders after the list.
  await page
    .locator('.gettingStartedContainer .getting-started-media iframe')
    .first()
    .waitFor({ timeout: 10_000 })
    .catch(() => undefined);
  await page.waitForTimeout(1_500);
  await shot(page, 'walkthrough');
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300); // let the workbench paint what the check just did
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  console.log(`  screenshot: ${path.relative(REPO_ROOT, path.join(SCREENSHOTS, `${name}.png`))}`);
}

const CHECKS: [string, (page: Page) => Promise<void>][] = [
  ["the Istio CNI tree shows the demo cluster's affected workloads", treeShowsAffectedWorkloads],
  ['a hover explains a highlighted istio-validation log line', hoverOnLogLine],
  [
    'the Problems panel shows istio-cni-runs-twice for the Multus + Kube-OVN config',
    problemsShowDoubleInsertion,
  ],
  ["reading worker-4's net.d through the explorer finds istio-cni twice", nodeCniConfigThroughExplorer],
  ['Get started with Istio CNI Doctor lists its three steps', walkthroughListsItsSteps],
];

async function runChecks(page: Page): Promise<TestRecord[]> {
  const records: TestRecord[] = [];
  for (const [title, check] of CHECKS) {
    const started = Date.now();
    try {
      await check(page);
      records.push({ title, state: 'passed', durationMs: Date.now() - started });
    } catch (e) {
      const failure = path.join(ARTIFACTS, `demo-failure-${records.length + 1}.png`);
      await page.screenshot({ path: failure }).catch(() => undefined);
      const error = `${e instanceof Error ? e.message : String(e)}\n(screenshot: ${path.relative(REPO_ROOT, failure)})`;
      records.push({ title, state: 'failed', durationMs: Date.now() - started, error });
    }
  }
  return records;
}

async function main(): Promise<number> {
  const started = Date.now();
  const vsix = process.env.DEMO_VSIX ?? DEFAULT_VSIX;
  for (const dir of [SCREENSHOTS, WALKTHROUGH, ARTIFACTS]) fs.mkdirSync(dir, { recursive: true });
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-demo-'));
  let demo: Demo | undefined;
  const browser = await launchBrowser();
  try {
    demo = await startDemo({ stateDir, vsix, log: (line) => console.log(`  ${line}`) });
    const setupMs = Date.now() - started;
    const page = await openWorkbench(browser, workbenchUrl(demo.codeServer, demo.workspace));
    const tests = await runChecks(page);
    const summary: TestSummary = {
      suite: 'demo',
      passes: tests.filter((t) => t.state === 'passed').length,
      failures: tests.filter((t) => t.state === 'failed').length,
      pending: 0,
      durationMs: Date.now() - started,
      tests,
      metrics: { demoSetupMs: setupMs },
    };
    saveSummary(summary, 'demo');
    return report(summary);
  } finally {
    await browser.close();
    await demo?.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`demo test failed to run: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
