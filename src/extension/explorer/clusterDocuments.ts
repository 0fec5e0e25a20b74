/**
 * Read-only documents the explorer produces (pod logs, followed logs, "describe", filtered CNI
 * log lines), served under one URI scheme so VS Code shows them as read-only and never asks to
 * save them. A followed log grows through `append`, bounded in memory, and its change events
 * are coalesced so a chatty pod does not re-render the editor on every chunk.
 */
import * as vscode from 'vscode';
import { BoundedText } from '../../core/explorer/boundedText';
import { Coalescer } from '../../core/explorer/coalescer';

export const CLUSTER_DOC_SCHEME = 'istio-cni-doctor-cluster';
/** A followed log keeps at most this many characters (about 4 MB of ASCII). */
export const FOLLOW_MAX_CHARS = 4 * 1024 * 1024;

interface Entry {
  text: BoundedText;
  notify: Coalescer;
}

export class ClusterDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly docs = new Map<string, Entry>();
  private seq = 0;

  /** A new URI like `istio-cni-doctor-cluster:/logs/bookinfo/ratings-v1-abc∕istio-validation.log` (see logTitle.ts). */
  uri(path: string): vscode.Uri {
    // The query keeps two opens of the same log apart (each is a snapshot of that moment).
    return vscode.Uri.from({
      scheme: CLUSTER_DOC_SCHEME,
      path: `/${path.replace(/^\/+/, '')}`,
      query: String(++this.seq),
    });
  }

  set(uri: vscode.Uri, text: string, maxChars = FOLLOW_MAX_CHARS): void {
    this.entry(uri, maxChars).text.append(text);
  }

  append(uri: vscode.Uri, text: string): void {
    const e = this.entry(uri, FOLLOW_MAX_CHARS);
    e.text.append(text);
    e.notify.request();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString())?.text.value ?? '';
  }

  forget(uri: vscode.Uri): void {
    this.docs.get(uri.toString())?.notify.dispose();
    this.docs.delete(uri.toString());
  }

  private entry(uri: vscode.Uri, maxChars: number): Entry {
    const key = uri.toString();
    let e = this.docs.get(key);
    if (!e) {
      e = { text: new BoundedText(maxChars), notify: new Coalescer(() => this.changed.fire(uri), 250) };
      this.docs.set(key, e);
    }
    return e;
  }

  dispose(): void {
    for (const e of this.docs.values()) e.notify.dispose();
    this.docs.clear();
    this.changed.dispose();
  }
}
