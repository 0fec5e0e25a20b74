/**
 * Runs user-defined log patterns in a worker thread, one pattern at a time, announcing each
 * before it starts. The extension host gives the worker a time budget: if a catastrophic regex
 * overruns it, the host terminates the worker and knows which pattern to switch off.
 */
import { parentPort } from 'worker_threads';
import { type Finding, LogMatcher, validateUserPatterns } from '../../core/logs';

export interface WorkerRequest {
  id: number;
  patterns: unknown[];
  text: string;
  firstLine: number;
}

export type WorkerMessage =
  { id: number; type: 'start'; patternId: string } | { id: number; type: 'done'; findings: Finding[] };

parentPort?.on('message', (req: WorkerRequest) => {
  const { patterns } = validateUserPatterns(req.patterns);
  const findings: Finding[] = [];
  for (const pattern of patterns) {
    parentPort?.postMessage({ id: req.id, type: 'start', patternId: pattern.id } satisfies WorkerMessage);
    for (const f of new LogMatcher([pattern]).scan(req.text))
      findings.push({ ...f, line: f.line + req.firstLine });
  }
  findings.sort((a, b) => a.line - b.line);
  parentPort?.postMessage({ id: req.id, type: 'done', findings } satisfies WorkerMessage);
});
