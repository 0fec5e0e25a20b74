/**
 * The fault and bad-input sweep as data. Each `test/unit/reliability/<area>.cases.ts` file exports
 * `cases: ReliabilityCase[]`; `reliability.test.ts` runs every case as a mocha test, and
 * `tools/generateReliabilityDoc.ts` renders the same table into docs/reliability.md, so the page
 * can never list a fault that is not tested, nor miss one that is.
 */
export interface ReliabilityCase {
  /** Stable kebab-case ID, unique across all case files. */
  id: string;
  /** The fault or bad input, as a user would describe it ("list response cut short before Content-Length"). */
  fault: string;
  /** What the user gets ("diagnose exits 2: 'the response from … ended early'"). */
  behaviour: string;
  /** The check: rejects or throws when the behaviour is not what `behaviour` says. */
  run: () => Promise<void> | void;
  /** Mocha timeout for this case; the default is the suite's. */
  timeoutMs?: number;
}

/** One case file: its area title (a section of docs/reliability.md) and its cases. */
export interface ReliabilityArea {
  /** Section title, e.g. "Cluster reads (lists, logs, exec)". */
  title: string;
  /** Sort key of the section in the page. */
  order: number;
  cases: ReliabilityCase[];
}
