/**
 * Mocha's spec reporter plus a machine-readable summary written to a file, so the test
 * orchestrator (tools/runTests.mjs) can add up passes and failures across suites, and the
 * code-server launcher can read the verdict of a suite that ran inside VS Code (the extension
 * host's exit code is not the verdict). The file path comes from `reporterOption.output` or
 * the ISTIO_CNI_DOCTOR_TEST_SUMMARY environment variable.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as Mocha from 'mocha';
import { metrics, type TestRecord, type TestSummary } from './testSummary';

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(
    runner: Mocha.Runner,
    options: Mocha.MochaOptions & { reporterOption?: Record<string, string> },
  ) {
    super(runner, options);
    const output = options.reporterOption?.output ?? process.env.ISTIO_CNI_DOCTOR_TEST_SUMMARY;
    const suite = options.reporterOption?.suite ?? process.env.ISTIO_CNI_DOCTOR_TEST_SUITE ?? 'tests';
    const tests: TestRecord[] = [];
    const started = Date.now();
    runner.on('pass', (t) =>
      tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 }),
    );
    runner.on('pending', (t) => tests.push({ title: t.fullTitle(), state: 'pending', durationMs: 0 }));
    runner.on('fail', (t, err: Error) =>
      tests.push({
        title: t.fullTitle(),
        state: 'failed',
        durationMs: t.duration ?? 0,
        error: err.stack ?? err.message,
      }),
    );
    runner.once('end', () => {
      if (!output) return;
      const summary: TestSummary = {
        suite,
        passes: tests.filter((t) => t.state === 'passed').length,
        failures: tests.filter((t) => t.state === 'failed').length,
        pending: tests.filter((t) => t.state === 'pending').length,
        durationMs: Date.now() - started,
        tests,
        metrics,
      };
      fs.mkdirSync(path.dirname(output), { recursive: true });
      fs.writeFileSync(output, JSON.stringify(summary, null, 2));
    });
  }
}

export = SummaryReporter;
