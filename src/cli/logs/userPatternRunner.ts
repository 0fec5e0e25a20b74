/**
 * `logs --pattern-file` patterns run in a worker thread, never on the main thread: a user regex
 * can backtrack for minutes (`(a|a)*b`). The worker tries one pattern on one line at a time and
 * ticks a shared counter per line; a watchdog here terminates it when one line keeps one pattern
 * busy past USER_PATTERN_LINE_BUDGET_MS, switches that pattern off (with a message) and re-runs
 * the batch with the others in a fresh worker. The catalog patterns stay on the main thread:
 * they are linear by construction (see the catalogue's adversarial tests).
 */
import { type MessagePort, Worker } from 'worker_threads';
import {
  type Finding,
  type LogPattern,
  MAX_LINE_SCAN,
  USER_PATTERN_LINE_BUDGET_MS,
  userPatternFinding,
} from '../../core/logs';

/** [pattern index, line within the batch, line text, match index, match length, groups]. */
type Hit = [number, number, string, number, number, Record<string, string> | null];
interface Request {
  id: number;
  text: string;
  active: number[];
}

/**
 * The worker's body, run from its own source text (`eval`), so the CLI bundle needs no second
 * file. It must not refer to anything outside itself.
 */
function workerMain(
  parentPort: MessagePort,
  data: { progress: SharedArrayBuffer; sources: string[]; maxLine: number },
): void {
  const progress = new Int32Array(data.progress);
  const regexes = data.sources.map((s) => new RegExp(s));
  parentPort.on('message', (req: Request) => {
    const hits: Hit[] = [];
    const lines = req.text.split('\n');
    for (const p of req.active) {
      const re = regexes[p];
      if (!re) continue;
      Atomics.store(progress, 0, p);
      for (let i = 0; i < lines.length; i++) {
        Atomics.store(progress, 1, i);
        Atomics.add(progress, 2, 1);
        let line = lines[i] ?? '';
        if (line.length > data.maxLine) line = line.slice(0, data.maxLine);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        const m = re.exec(line);
        if (m) hits.push([p, i, line, m.index, m[0].length, m.groups ? Object.assign({}, m.groups) : null]);
      }
    }
    parentPort.postMessage({ id: req.id, hits });
  });
}

export class UserPatternRunner {
  private worker: Worker | undefined;
  private readonly progress = new Int32Array(new SharedArrayBuffer(12));
  private readonly off = new Set<number>();
  private nextId = 1;

  /**
   * `onSwitchOff` is told when a pattern is switched off, with the 0-based line (absolute) on
   * which it overran.
   */
  constructor(
    private readonly patterns: readonly LogPattern[],
    private readonly onSwitchOff: (pattern: LogPattern, line: number, budgetMs: number) => void,
    private readonly budgetMs = USER_PATTERN_LINE_BUDGET_MS,
  ) {}

  /** Patterns switched off so far. */
  get switchedOff(): LogPattern[] {
    return [...this.off].map((i) => this.patterns[i]).filter((p): p is LogPattern => p !== undefined);
  }

  /** Findings of the patterns still on, on the complete lines `text` whose first line is `firstLine`. */
  async scan(text: string, firstLine: number): Promise<Finding[]> {
    for (;;) {
      const active = this.patterns.map((_, i) => i).filter((i) => !this.off.has(i));
      if (active.length === 0) return [];
      const result = await this.run({ id: this.nextId++, text, active });
      if ('stuck' in result) {
        const [p, line] = result.stuck;
        this.off.add(p);
        const pattern = this.patterns[p];
        if (pattern) this.onSwitchOff(pattern, firstLine + line, this.budgetMs);
        continue;
      }
      return result.hits
        .map(([p, line, lineText, index, length, groups]) =>
          userPatternFinding(
            this.patterns[p] as LogPattern,
            lineText,
            firstLine + line,
            index,
            length,
            groups ?? undefined,
          ),
        )
        .sort((a, b) => a.line - b.line);
    }
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    // `require` is in a string so that bundlers leave it to the worker.
    const source = `const w = require('worker_threads'); (${workerMain.toString()})(w.parentPort, w.workerData);`;
    const worker = new Worker(source, {
      eval: true,
      workerData: {
        progress: this.progress.buffer,
        sources: this.patterns.map((p) => p.regex.source),
        maxLine: MAX_LINE_SCAN,
      },
    });
    worker.unref();
    return worker;
  }

  private run(req: Request): Promise<{ hits: Hit[] } | { stuck: [number, number] }> {
    const worker = (this.worker ??= this.start());
    const progress = this.progress;
    return new Promise((resolve, reject) => {
      let seen = Atomics.load(progress, 2);
      let since = Date.now();
      const watchdog = setInterval(
        () => {
          const now = Atomics.load(progress, 2);
          // -1: the worker has not picked the batch up yet (starting, or the machine is busy).
          if (now !== seen || Atomics.load(progress, 0) === -1) {
            seen = now;
            since = Date.now();
          } else if (Date.now() - since >= this.budgetMs) {
            done();
            void worker.terminate();
            this.worker = undefined;
            resolve({ stuck: [Atomics.load(progress, 0), Atomics.load(progress, 1)] });
          }
        },
        Math.max(10, this.budgetMs / 5),
      );
      const onMessage = (msg: { id: number; hits: Hit[] }) => {
        if (msg.id !== req.id) return;
        done();
        resolve({ hits: msg.hits });
      };
      const onError = (err: Error) => {
        done();
        this.worker = undefined;
        reject(err);
      };
      const done = () => {
        clearInterval(watchdog);
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      Atomics.store(progress, 0, -1);
      worker.postMessage(req);
    });
  }
}
