/**
 * The progress bar on the explorer view itself while a cluster loads (VS Code draws it under the
 * view's title), with what is being read as its message ("pods 40,000…, events…"). It runs from
 * the first "connecting" until the connection settles (connected, offline, failed), and the tree's
 * cluster row carries the same text, since a view's progress bar shows no message of its own.
 */
import * as vscode from 'vscode';
import { VIEWS } from '../../protocol/ids';
import type { ConnectionManager } from './connectionManager';

export class ViewProgress implements vscode.Disposable {
  private end: (() => void) | undefined;
  private report: ((message: string) => void) | undefined;
  private shown: string | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly manager: ConnectionManager) {
    this.subscription = manager.onDidChange(() => this.update());
  }

  /** The message on the view's progress now; undefined when no progress is showing (for tests). */
  get message(): string | undefined {
    return this.end ? (this.shown ?? '') : undefined;
  }

  private update(): void {
    const c = this.manager.connection;
    if (c.phase !== 'connecting') {
      this.stop();
      return;
    }
    if (!this.end) this.start();
    const message = c.progress ? `Reading ${c.progress}` : `Connecting to ${c.context}…`;
    if (message !== this.shown) {
      this.shown = message;
      this.report?.(message);
    }
  }

  private start(): void {
    const done = new Promise<void>((resolve) => (this.end = resolve));
    void vscode.window.withProgress(
      { location: { viewId: VIEWS.explorer }, title: 'Istio CNI' },
      (progress) => {
        this.report = (message) => progress.report({ message });
        if (this.shown) this.report(this.shown);
        return done;
      },
    );
  }

  private stop(): void {
    this.end?.();
    this.end = undefined;
    this.report = undefined;
    this.shown = undefined;
  }

  dispose(): void {
    this.stop();
    this.subscription.dispose();
  }
}
