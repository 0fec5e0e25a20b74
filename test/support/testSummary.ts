/** The summary a test suite writes for the orchestrator and launchers (see summaryReporter.ts). */

export interface TestRecord {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

export interface TestSummary {
  suite: string;
  passes: number;
  failures: number;
  pending: number;
  durationMs: number;
  tests: TestRecord[];
  /** Anything a suite wants to report upward (e.g. activation time measured inside VS Code). */
  metrics: Record<string, number>;
}

/** Suites put numbers here (e.g. `metrics.activationMs = ...`); they land in the summary file. */
export const metrics: Record<string, number> = {};
