/**
 * `npm run test:electron`: the standard launcher for contributors with internet. It downloads
 * VS Code with @vscode/test-electron and runs the same integration suite as the code-server
 * launcher. Not run in CI here (no VS Code downloads on these machines).
 */
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT, copyWorkspace } from './codeServer';

async function main(): Promise<void> {
  const workspace = copyWorkspace(path.join(REPO_ROOT, 'test/fixtures/integration-workspace'));
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.100.3',
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: path.resolve(__dirname, '../integration/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: {
      ISTIO_CNI_DOCTOR_TEST_SUITE: 'suite',
      ISTIO_CNI_DOCTOR_TEST_SUMMARY: path.join(REPO_ROOT, 'test-artifacts/integration-electron.json'),
    },
  });
}

main().catch((err: unknown) => {
  console.error(`test-electron run failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
