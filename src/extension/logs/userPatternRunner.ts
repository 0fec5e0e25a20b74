/**
 * User log patterns from `istioCniDoctor.logs.userPatterns`: validated on load (problems are
 * shown once), never run in an untrusted workspace, and run in a worker with a time budget so a
 * catastrophic regex cannot freeze the extension host. A pattern that overruns the budget is
 * switched off with a warning until the setting changes.
 */
import * as vscode from 'vscode';
import { Worker } from 'worker_threads';
import { type Finding, type LogPattern, validateUserPatterns } from '../../core/logs';
import { type SettingsReader } from '../settings';
import type { WorkerMessage, WorkerRequest } from './userPatternWorker';

/** Base budget per scan, plus a per-megabyte allowance. */
const BUDGET_MS = 1_000;
const BUDGET_MS_PER_MB = 40;

export class UserPatternRunner implements vscode.Disposable {
  private raw: unknown[] = [];
  private patterns: LogPattern[] = [];
  private readonly disabled = new Set<string>();
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the set of runnable patterns changes. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly workerPath: string,
    private readonly settings: SettingsReader,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.load();
    this.disposables.push(
      settings.onDidChange((keys) => {
        if (keys.includes('logs.userPatterns')) this.load();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.load()),
    );
  }

  /** True when there is at least one pattern that may run here. */
  get active(): boolean {
    return vscode.workspace.isTrusted && this.runnable().length > 0;
  }

  pattern(id: string): LogPattern | undefined {
    return this.patterns.find((p) => p.id === id);
  }

  /** Findings of the runnable user patterns on `text`, whose first line is `firstLine`. */
  async scan(text: string, firstLine: number): Promise<Finding[]> {
    if (!this.active) return [];
    const raw = this.runnable().map((p) => this.raw.find((r) => (r as { id?: unknown }).id === p.id));
    const budget = BUDGET_MS + (text.length / (1024 * 1024)) * BUDGET_MS_PER_MB;
    return this.runInWorker({ id: this.nextId++, patterns: raw, text, firstLine }, budget);
  }

  private runnable(): LogPattern[] {
    return this.patterns.filter((p) => !this.disabled.has(p.id));
  }

  private load(): void {
    this.disabled.clear();
    const value = this.settings.get('logs.userPatterns');
    this.raw = Array.isArray(value) ? value : [];
    if (!vscode.workspace.isTrusted) {
      this.patterns = [];
      if (this.raw.length > 0) this.log.warn('User log patterns are ignored: this workspace is not trusted.');
      this.changed.fire();
      return;
    }
    const { patterns, problems } = validateUserPatterns(value);
    this.patterns = patterns;
    if (problems.length > 0) {
      const text = problems.map((p) => `${p.id ?? `#${p.index + 1}`}: ${p.message}`).join('; ');
      this.log.warn(`User log patterns: ${text}`);
      void vscode.window.showWarningMessage(
        `Istio CNI Doctor: some user log patterns were not loaded. ${text}`,
      );
    }
    this.changed.fire();
  }

  private runInWorker(req: WorkerRequest, budgetMs: number): Promise<Finding[]> {
    const worker = (this.worker ??= new Worker(this.workerPath));
    return new Promise<Finding[]>((resolve) => {
      let current: string | undefined;
      const finish = (findings: Finding[]) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        resolve(findings);
      };
      const onMessage = (msg: WorkerMessage) => {
        if (msg.id !== req.id) return;
        if (msg.type === 'start') current = msg.patternId;
        else finish(msg.findings);
      };
      const onError = (err: Error) => {
        this.log.error(`User pattern worker failed: ${err.message}`);
        this.worker = undefined;
        finish([]);
      };
      const timer = setTimeout(() => {
        void worker.terminate();
        this.worker = undefined;
        if (current) this.switchOff(current, budgetMs);
        finish([]);
      }, budgetMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage(req);
    });
  }

  private switchOff(id: string, budgetMs: number): void {
    this.disabled.add(id);
    const message = `User log pattern "${id}" took longer than ${Math.round(budgetMs)} ms and was switched off. Simplify its regex (avoid nested quantifiers such as (a+)+), then edit the setting to turn it back on.`;
    this.log.warn(message);
    void vscode.window.showWarningMessage(`Istio CNI Doctor: ${message}`, 'Open Settings').then((choice) => {
      if (choice)
        void vscode.commands.executeCommand(
          'workbench.action.openSettings',
          'istioCniDoctor.logs.userPatterns',
        );
    });
    this.changed.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
    void this.worker?.terminate();
  }
}
