/**
 * The vocabulary of the CNI config linter: findings, fixes and rule metadata. Plain data so the
 * CLI, the language server and the docs generator can all speak it without knowing each other.
 * Positions are 0-based (LSP style); the CLI converts to 1-based when it prints.
 */

export type Severity = 'error' | 'warning' | 'info';

/** Which container runtime reads the directory; they differ in how they treat invalid files. */
export type Runtime = 'containerd' | 'cri-o';

export const RUNTIMES: readonly Runtime[] = ['containerd', 'cri-o'];

export interface TextPosition {
  line: number;
  character: number;
}

export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}

/** One file of a CNI config directory as the caller read it. */
export interface CniFileInput {
  path: string;
  text: string;
  /**
   * Why the caller could not read the entry (a dangling symlink, a symlink loop, a FIFO): the
   * runtime lists it by name and fails on it too, so it is linted, not dropped.
   */
  unreadable?: string;
}

export interface TextEdit {
  range: TextRange;
  newText: string;
}

/**
 * A quick fix. `edits` only ever touch the file the finding is in; a change to another file or
 * to the cluster is offered as a Helm values snippet for the user to apply deliberately.
 */
export type Fix =
  | {
      kind: 'edits';
      title: string;
      edits: TextEdit[];
      /** Ask the editor to show the change for confirmation before applying it (a larger edit). */
      preview?: boolean;
    }
  | { kind: 'helmSnippet'; title: string; snippet: string };

export interface RelatedLocation {
  file: string;
  range: TextRange;
  message: string;
}

export interface Finding {
  file: string;
  range: TextRange;
  severity: Severity;
  ruleId: string;
  message: string;
  related: RelatedLocation[];
  /** The preferred quick fix. */
  fix?: Fix;
  /** Further fixes offered next to `fix`, e.g. the durable Helm change behind a local edit. */
  moreFixes?: Fix[];
}

/** What the docs, SARIF output and hovers say about a rule. */
export interface RuleMeta {
  /** Stable kebab-case ID; never renamed once released. */
  id: string;
  title: string;
  severity: Severity;
  /**
   * Where the behaviour is documented: Istio docs, an issue (`istio/istio#57432`) or source
   * (`istio/istio cni/pkg/install/cniconfig.go@1.30.3`), and the runtime/CNI code it mirrors.
   */
  source: string;
  /** Markdown: what it detects, what happens to pods, how to fix it. */
  description: string;
  fixable: boolean;
}
