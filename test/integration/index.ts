/**
 * The entry VS Code calls (`extensionTestsPath`) inside its extension host, for both launchers
 * (test-electron and code-server). Runs the mocha files of one suite folder, writes the summary
 * file the launcher reads (the host's exit code is not the verdict), then waits for the launcher
 * to take its screenshots before returning, because returning ends the test run.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

const WAIT_FOR_LAUNCHER_MS = 60_000;

export async function run(): Promise<void> {
  const suite = process.env.ISTIO_CNI_DOCTOR_TEST_SUITE ?? 'suite';
  const output =
    process.env.ISTIO_CNI_DOCTOR_TEST_SUMMARY ??
    path.resolve(__dirname, '../../../test-artifacts/integration.json');
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 60_000,
    reporter: path.resolve(__dirname, '../support/summaryReporter.js'),
    reporterOptions: { output, suite },
  });
  const dir = path.join(__dirname, suite);
  for (const file of fs.readdirSync(dir).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(dir, file));
  }
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  console.log(`[istio-cni-doctor tests] ${suite}: ${failures} failure(s); summary in ${output}`);
  await waitForLauncher(`${output}.done`);
  // test-electron takes a rejected run() as the failure verdict; code-server reads the summary.
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}

/** The launcher writes `<summary>.done` once it has its screenshots (or immediately, for test-electron). */
async function waitForLauncher(doneFile: string): Promise<void> {
  if (process.env.ISTIO_CNI_DOCTOR_WAIT_FOR_LAUNCHER !== '1') return;
  const deadline = Date.now() + WAIT_FOR_LAUNCHER_MS;
  while (Date.now() < deadline && !fs.existsSync(doneFile)) await new Promise((r) => setTimeout(r, 100));
}
