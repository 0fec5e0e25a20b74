/**
 * Line readers: split one log line into timestamp, level, scope, message and labels, for every
 * format an Istio CNI problem shows up in (see istio-cni-facts §A.1). The readers are tried from
 * the most to the least distinctive shape; each is one anchored regex, so a line costs O(length).
 * Callers pass single lines; very long lines should be cut first (see MAX_LINE_SCAN).
 */
import { type LogFormat, type LogRecord } from './types';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Removes ANSI colour codes (kubectl/ztunnel with colour, `less -R` copies). */
export function stripAnsi(line: string): string {
  return line.includes('\x1b') ? line.replace(ANSI, '') : line;
}

const LEVELS: Record<string, string> = {
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  fatal: 'fatal',
  panic: 'fatal',
  trace: 'debug',
  I: 'info',
  W: 'warn',
  E: 'error',
  F: 'fatal',
  Normal: 'info',
  Warning: 'warn',
};

/** Optional `kubectl logs --prefix` or pasted pod-name prefix before an Istio line. */
const PREFIX = String.raw`(?:\[pod\/[^\]\s]+\]\s+|(?<prefix>[a-z0-9][a-z0-9.-]*-[a-z0-9]{5})\s+)?`;
const RFC3339 = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})`;
const ISTIO_BODY = String.raw`(?<ts>${RFC3339})\s+(?<lvl>debug|info|warn|error|fatal)(?:\s+(?<scope>[a-z][a-z0-9-]*[a-z0-9])(?=\t|\s{2}))?\s+(?<msg>.*)$`;
const ISTIO_CONSOLE = new RegExp(`^${ISTIO_BODY}`);
/** Only tried when the line does not start with a digit: the prefix group backtracks over dates. */
const ISTIO_CONSOLE_PREFIXED = new RegExp(`^${PREFIX}${ISTIO_BODY}`);
const ZTUNNEL = new RegExp(
  String.raw`^(?<ts>${RFC3339})\s+(?<lvl>trace|debug|info|warn|error)\s+(?<scope>[a-z_][a-z0-9_]*(?:::[a-z0-9_]+)+)\s+(?<msg>.*)$`,
);
const KLOG_LEVEL = /^[IWEF]\d{4} /;
const KLOG =
  /^(?<lvl>[IWEF])(?<date>\d{4}) (?<time>\d{2}:\d{2}:\d{2}\.\d{6})\s+(?<pid>\d+) (?<scope>[^\s\]]+:\d+)\] (?<msg>.*)$/;
const JOURNALD =
  /^(?<ts>[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}) (?<host>\S+) (?<unit>[\w.@-]+?)(?:\[(?<pid>\d+)\])?: (?<rest>.*)$/;
const LOGRUS_START = /^(?:time|level)="?[^\s"]*"? /;
const LOGRUS_PAIR = /(?<!\S)([A-Za-z_][\w.-]*)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g;
const K8S_EVENT = new RegExp(
  String.raw`^\s*(?:(?<seen>\S+)\s+)??(?<lvl>Normal|Warning)\s+(?<reason>[A-Z][A-Za-z]+)\s+(?:(?<object>[a-z]+\/\S+)\s+(?<msg1>.*)|(?<age>\S+(?: \(x\d+ over \S+\))?)\s+(?<from>[^\s,]+(?:, \S+)?)\s+(?<msg2>.*))$`,
);
const LOOSE_SCOPE = /^(cni-agent|cni-plugin|install|repair|ambient|untaint) /;
/** The labels after the separator, anchored at both ends (see splitLabelsTail). */
const LABELS = /^[A-Za-z_][\w.-]*=\S*(?: [A-Za-z_][\w.-]*=\S*)*$/;
const KLOG_STRUCTURED = /^"((?:[^"\\]|\\.)*)"(.*)$/;

/** Every regex of the readers, for the linearity tests (adversarial lines built from each). */
export const LINE_READER_REGEXES: readonly RegExp[] = [
  ANSI,
  ISTIO_CONSOLE,
  ISTIO_CONSOLE_PREFIXED,
  ZTUNNEL,
  KLOG_LEVEL,
  KLOG,
  JOURNALD,
  LOGRUS_START,
  LOGRUS_PAIR,
  K8S_EVENT,
  LOOSE_SCOPE,
  LABELS,
  KLOG_STRUCTURED,
];

/** The standard keys of Istio's JSON encoder; the others are labels. */
const JSON_STANDARD = new Set(['level', 'time', 'scope', 'msg', 'caller', 'stack']);

/** Parses one line (without its newline). Never throws; unknown shapes come back as `plain`. */
export function parseLogLine(rawLine: string): LogRecord {
  const line = stripAnsi(rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine);
  const first = line.charCodeAt(0);
  let parsed: LogRecord | undefined;
  // Dispatch on the first character so a line costs one or two anchored regexes, not seven.
  if (first === 123 /* { */) parsed = parseIstioJson(line);
  else if (first >= 48 && first <= 57 /* digit */)
    parsed = (line.includes('::') ? parseZtunnel(line) : undefined) ?? parseIstioConsole(line);
  else if (KLOG_LEVEL.test(line)) parsed = parseKlog(line);
  else if (first === 116 /* t */ || first === 108 /* l */) parsed = parseLogrus(line);
  else if (first === 91 /* [ */) parsed = parseIstioConsole(line);
  if (parsed) return parsed;
  return (
    parseJournald(line) ??
    parseIstioConsole(line) ??
    parseK8sEvent(line) ??
    record('plain', '', '', '', line.trim(), {})
  );
}

function record(
  format: LogFormat,
  timestamp: string,
  level: string,
  scope: string,
  message: string,
  labels: Record<string, string>,
): LogRecord {
  return { format, timestamp, level, scope, message, labels };
}

function parseIstioConsole(line: string): LogRecord | undefined {
  const first = line.charCodeAt(0);
  const m = (first >= 48 && first <= 57 ? ISTIO_CONSOLE : ISTIO_CONSOLE_PREFIXED).exec(line);
  const g = m?.groups;
  if (!g) return undefined;
  const [tailless, labels] = splitLabelsTail(g.msg ?? '');
  let msg = tailless;
  if (g.prefix) labels.pod = labels.pod ?? g.prefix;
  let scope = g.scope ?? '';
  // Pasted lines often lose the TAB after the scope; accept a single space for known scopes.
  const loose = scope ? undefined : LOOSE_SCOPE.exec(msg);
  if (loose?.[1] !== undefined) {
    scope = loose[1];
    msg = msg.slice(loose[0].length);
  }
  return record('istio-console', g.ts ?? '', g.lvl ?? '', scope, msg.trimEnd(), labels);
}

function parseIstioJson(line: string): LogRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const obj = value as Record<string, unknown>;
  if (typeof obj.msg !== 'string' && typeof obj.level !== 'string') return undefined;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (!JSON_STANDARD.has(k)) labels[k] = typeof v === 'string' ? v : labelJson(v);
  }
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  return record(
    'istio-json',
    str(obj.time),
    normaliseLevel(str(obj.level)),
    str(obj.scope),
    str(obj.msg),
    labels,
  );
}

/** A non-string JSON value as label text; a value nested too deep to print is left out. */
function labelJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '…';
  }
}

function parseZtunnel(line: string): LogRecord | undefined {
  const g = ZTUNNEL.exec(line)?.groups;
  if (!g) return undefined;
  const [msg, labels] = splitLabelsTail(g.msg ?? '');
  return record('ztunnel', g.ts ?? '', normaliseLevel(g.lvl ?? ''), g.scope ?? '', msg, labels);
}

function parseKlog(line: string): LogRecord | undefined {
  const g = KLOG.exec(line)?.groups;
  if (!g) return undefined;
  let msg = g.msg ?? '';
  const labels: Record<string, string> = { pid: g.pid ?? '' };
  // Structured klog: "Message" key="value" key2=value2
  const structured = KLOG_STRUCTURED.exec(msg);
  if (structured) {
    msg = unescapeQuoted(structured[1] ?? '');
    Object.assign(labels, splitPairs(structured[2] ?? ''));
  }
  return record(
    'klog',
    `${g.date ?? ''} ${g.time ?? ''}`,
    normaliseLevel(g.lvl ?? ''),
    g.scope ?? '',
    msg,
    labels,
  );
}

function parseJournald(line: string): LogRecord | undefined {
  const g = JOURNALD.exec(line)?.groups;
  if (!g) return undefined;
  const inner = parseKlog(g.rest ?? '') ?? parseLogrus(g.rest ?? '');
  const labels: Record<string, string> = { ...(inner?.labels ?? {}), host: g.host ?? '', unit: g.unit ?? '' };
  if (g.pid) labels.pid = g.pid;
  return record(
    'journald',
    g.ts ?? '',
    inner?.level ?? '',
    inner?.scope || (g.unit ?? ''),
    inner?.message ?? g.rest ?? '',
    labels,
  );
}

function parseLogrus(line: string): LogRecord | undefined {
  if (!LOGRUS_START.test(line)) return undefined;
  const pairs = splitPairs(line);
  const { time = '', level = '', msg = '', ...labels } = pairs;
  return record('logrus', time, normaliseLevel(level), '', msg, labels);
}

function parseK8sEvent(line: string): LogRecord | undefined {
  const g = K8S_EVENT.exec(line)?.groups;
  if (!g) return undefined;
  const labels: Record<string, string> = {};
  if (g.object) labels.object = g.object;
  if (g.age) labels.age = g.age;
  if (g.from) labels.from = g.from;
  if (g.seen) labels.lastSeen = g.seen;
  return record(
    'k8s-event',
    '',
    normaliseLevel(g.lvl ?? ''),
    g.reason ?? '',
    (g.msg1 ?? g.msg2 ?? '').trim(),
    labels,
  );
}

/**
 * Splits Istio/ztunnel trailing labels (`\tk=v k2=v2`, or after 2+ spaces when pasted). Labels
 * hold no tab and no two spaces in a row, so they can only start after the last tab or double
 * space: one backward search and one anchored regex, linear whatever the line (an unanchored
 * regex ending in `$` took 6 s on a line of 65,000 trailing spaces).
 */
function splitLabelsTail(message: string): [string, Record<string, string>] {
  const tab = message.lastIndexOf('\t');
  const spaces = message.lastIndexOf('  ');
  const sepEnd = Math.max(tab + 1, spaces === -1 ? 0 : spaces + 2);
  if (sepEnd === 0) return [message, {}];
  const tail = message.slice(sepEnd);
  if (!LABELS.test(tail)) return [message, {}];
  // The separator starts at the tab, or at the first space of the run that ends at `sepEnd`.
  let sepStart = sepEnd - 1;
  if (sepEnd - 1 !== tab) while (sepStart > 0 && message.charCodeAt(sepStart - 1) === 32) sepStart--;
  return [message.slice(0, sepStart), splitPairs(tail)];
}

function normaliseLevel(level: string): string {
  return LEVELS[level] ?? LEVELS[level.toLowerCase()] ?? level.toLowerCase();
}

/** `a=1 b="x \"y\""` into `{a: '1', b: 'x "y"'}`. */
function splitPairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(LOGRUS_PAIR)) {
    const key = m[1];
    if (key !== undefined) out[key] = m[2] !== undefined ? unescapeQuoted(m[2]) : (m[3] ?? '');
  }
  return out;
}

function unescapeQuoted(text: string): string {
  return text.includes('\\')
    ? text.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c))
    : text;
}
