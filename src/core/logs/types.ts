/**
 * The data shapes of log intelligence: a parsed log line, a catalog pattern and a finding.
 * Everything here is plain data so the extension, the language server and the CLI can share it.
 */

/** How loud a finding is. `error` means a pod cannot start or bypasses the mesh. */
export type Severity = 'error' | 'warning' | 'info';

/** The line formats the readers understand; `plain` is any line none of the others matched. */
export type LogFormat =
  'istio-console' | 'istio-json' | 'ztunnel' | 'klog' | 'journald' | 'logrus' | 'k8s-event' | 'plain';

/** A line split into its parts. Missing parts are empty strings, never undefined. */
export interface LogRecord {
  format: LogFormat;
  /** As written in the line (RFC 3339, klog `MMDD hh:mm:ss.uuuuuu`, or syslog `Mon DD hh:mm:ss`). */
  timestamp: string;
  /** Normalised: `debug | info | warn | error | fatal`, or '' when the line has none. */
  level: string;
  /** Istio scope (`cni-agent`), ztunnel module path, klog `file.go:line`, event reason, journald unit. */
  scope: string;
  message: string;
  /** `k=v` labels, JSON keys other than the standard ones, journald host/pid, event age/source. */
  labels: Record<string, string>;
}

/** Where a message is logged; decides which line formats a pattern can appear in. */
export type LogSource =
  /** install-cni container: installer, repair controller, ambient node agent (Istio console or JSON). */
  | 'agent'
  /** CNI plugin: forwarded by the agent (scope cni-plugin), or on stderr inside kubelet/containerd errors. */
  | 'plugin'
  /** kubelet, containerd or CRI-O: klog, journald, logrus, and `kubectl describe` events. */
  | 'runtime'
  /** istio-validation init container (Istio console without scope, or bare lines in old versions). */
  | 'validation'
  /** ztunnel (Rust tracing format). */
  | 'ztunnel';

/** Groups used by the summary ("3 validation failures, 1 repair, 2 sandbox failures"). */
export type Category =
  'validation' | 'repair' | 'sandbox' | 'node' | 'config' | 'ambient' | 'plugin' | 'multus' | 'user';

/** Named fields a pattern can extract. `pod` is always `namespace/name`. */
export type FieldName = 'pod' | 'node' | 'sandbox' | 'path' | 'error';

/** One entry of the pattern catalog (or a validated user pattern). */
export interface LogPattern {
  /** Stable kebab-case ID, shown to users and used in settings; never renamed. */
  id: string;
  severity: Severity;
  category: Category;
  /** One line, shown as the hover title and in CLI output. */
  title: string;
  meaning: string;
  cause: string;
  fix: string;
  /** Docs page or issue that explains it. */
  link: string;
  /** Istio versions the strings come from, e.g. `1.24+`, `<=1.22`, `all`. */
  versions: string;
  source: LogSource;
  /**
   * Plain strings of which at least one occurs in every line the regex matches. The matcher finds
   * candidate lines with one pass of a combined literal search and only then runs `regex`.
   * Empty for user patterns: those are scanned with one combined regex instead.
   */
  literals: readonly string[];
  /**
   * Applied to one line at a time (no flags). Named groups become fields: `pod`, `ns` + `name`,
   * `node`, `sandbox`, `path`, `error`; a numeric suffix (`pod2`) allows several alternatives.
   */
  regex: RegExp;
  /** The fields this pattern can extract, for docs and hovers. */
  fields: readonly FieldName[];
  /** Real-shaped messages (no timestamp/level), used by docs and by the tests of every format. */
  examples: readonly string[];
}

/** A pattern matched on a line. Lines and columns are 0-based, columns in UTF-16 code units. */
export interface Finding {
  line: number;
  startColumn: number;
  endColumn: number;
  patternId: string;
  severity: Severity;
  fields: Partial<Record<FieldName, string>>;
  /** The line's message (timestamp/level/scope stripped, ANSI codes removed), at most 1000 characters. */
  message: string;
  /** Other patterns that also matched this line, less specific than `patternId`. */
  also: readonly string[];
}
