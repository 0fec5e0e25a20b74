/**
 * `npm run test:vsix`: installs the built .vsix into a fresh code-server extensions folder with
 * `--install-extension` and runs the smoke suite from an empty development extension, so the
 * extension under test is the installed package, not the repository.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT, copyWorkspace, ensureCodeServer, installVsix } from './codeServer';
import { report, runSuiteInCodeServer, saveSummary } from './suiteRun';

const MAX_VSIX_BYTES = 3 * 1024 * 1024;

async function main(): Promise<number> {
  const vsix = path.join(REPO_ROOT, 'dist/istio-cni-doctor.vsix');
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package`);
  const size = fs.statSync(vsix).size;
  console.log(`  .vsix: ${(size / 1024).toFixed(0)} KiB (limit ${MAX_VSIX_BYTES / 1024} KiB)`);
  const entry = ensureCodeServer();
  const extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-vsix-ext-'));
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-vsix-user-'));
  installVsix(entry, vsix, extensionsDir, userDataDir);
  const summary = await runSuiteInCodeServer({
    entry,
    suite: 'smoke',
    workspace: copyWorkspace(path.join(REPO_ROOT, 'test/fixtures/integration-workspace')),
    extensionDevelopmentPath: path.join(REPO_ROOT, 'test/smoke-host'),
    extensionsDir,
    userDataDir,
    timeoutMs: 180_000,
  });
  summary.metrics.vsixKiB = size / 1024;
  saveSummary(summary, 'vsix-smoke');
  const sizeOk = size <= MAX_VSIX_BYTES;
  if (!sizeOk) console.log(`  ✗ the .vsix is ${size} bytes, over the ${MAX_VSIX_BYTES}-byte limit`);
  return report(summary) || (sizeOk ? 0 : 1);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`vsix smoke test failed to run: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
