/**
 * `npm run test:integration`: the integration suite inside a real VS Code (code-server 4.100.3)
 * driven by headless Chromium. Expects `npm run compile` and `npm run build` to have run.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ARTIFACTS, REPO_ROOT, copyWorkspace, ensureCodeServer } from './codeServer';
import { report, runSuiteInCodeServer, saveSummary } from './suiteRun';

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist/extension.js')))
    throw new Error('dist/ is missing: run npm run build');
  const entry = ensureCodeServer();
  const workspace = copyWorkspace(path.join(REPO_ROOT, 'test/fixtures/integration-workspace'));
  const summary = await runSuiteInCodeServer({
    entry,
    suite: 'suite',
    workspace,
    extensionDevelopmentPath: REPO_ROOT,
    timeoutMs: Number(process.env.ISTIO_CNI_DOCTOR_TEST_TIMEOUT_MS ?? 300_000),
    screenshots: async (page) => {
      await page.screenshot({ path: path.join(ARTIFACTS, 'workbench-sidebar.png') });
      console.log(`  screenshot: ${path.relative(REPO_ROOT, path.join(ARTIFACTS, 'workbench-sidebar.png'))}`);
    },
  });
  saveSummary(summary, 'integration');
  return report(summary);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`integration tests failed to run: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
