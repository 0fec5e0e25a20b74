/**
 * What the extension's API exposes of the explorer, for the integration tests: the rows as
 * descriptors, the connection state, the badge, the announcements, and a refresh event to wait
 * on (never a sleep).
 */
import type * as vscode from 'vscode';
import type { ExplorerTree } from '../../core/explorer/buildTree';
import type { ExplorerConnection } from '../../core/explorer/connection';
import type { ExplorerItem } from '../../core/explorer/item';
import type { ExplorerFeature } from './explorerFeature';

export interface ExplorerApi {
  roots(): ExplorerItem[];
  children(item: ExplorerItem): ExplorerItem[];
  tree(): ExplorerTree;
  readonly state: ExplorerConnection;
  readonly onDidRefresh: vscode.Event<ExplorerTree>;
  /** Whether the explorer view is showing. */
  visible(): boolean;
  /** The view's badge value (affected workloads), undefined when hidden. */
  badge(): number | undefined;
  /** Notifications shown for state changes, oldest first. */
  announced(): readonly string[];
  /** The message of the progress bar on the view while a cluster loads; undefined when none shows. */
  progressMessage(): string | undefined;
  /** The status bar item's text. */
  statusText(): string;
  find(target: unknown): ExplorerItem | undefined;
  selection(): readonly ExplorerItem[];
  /** Why the last "read the node's CNI config" failed, if it did. */
  nodeConfigError(): string | undefined;
  /** Answers the modal pods/exec question with `answer` from now on; `asked()` counts the questions since. */
  answerExecConsent(answer: 'allow' | 'deny' | undefined): { asked(): number };
}

export function explorerApi(f: ExplorerFeature): ExplorerApi {
  return {
    roots: () => f.provider.getChildren(),
    children: (item) => f.provider.getChildren(item),
    tree: () => f.provider.current,
    get state() {
      return f.manager.connection;
    },
    onDidRefresh: f.provider.onDidRefresh,
    visible: () => f.view.visible,
    badge: () => f.view.badge?.value,
    announced: () => f.status.announced,
    progressMessage: () => f.progress.message,
    statusText: () => f.status.text,
    find: (target) => f.provider.find(target),
    selection: () => f.view.selection,
    nodeConfigError: () => f.nodeConfig.lastError,
    answerExecConsent: (answer) => {
      let asked = 0;
      f.why.askExecConsent = () => {
        asked++;
        return Promise.resolve(answer);
      };
      return { asked: () => asked };
    },
  };
}
