/**
 * Renders a fix that is a chart value change in the user's own install method (facts §B.6, §G):
 * a Helm `--set` path (nested under `cni.` before 1.24), an IstioOperator `spec.values.cni.*`
 * path, a Sail `IstioCNI` `spec.values.cni.*` path, or, with no install marker, the DaemonSet env
 * the value becomes. Each rendering is a snippet to preview and one command that runs as pasted.
 */
import { atLeast, type InstallInfo, scopeLevel } from './install';
import type { ValueChange } from './reasons/reason';

export interface RenderedFix {
  method: InstallInfo['method'];
  /** One line: what to change, in the method's terms. */
  summary: string;
  /** YAML to preview (values file, custom resource fragment). */
  snippet: string;
  /** A command that applies it; carries `flags` (e.g. `--kubeconfig F --context C`). */
  command: string;
}

/** Chart value → the ConfigMap / env key the chart renders it into (for installs without markers). */
const ENV_OF: Record<string, string> = {
  chained: 'CHAINED_CNI_PLUGIN',
  excludeNamespaces: 'EXCLUDE_NAMESPACES',
  cniConfFileName: 'CNI_CONF_NAME',
  'repair.enabled': 'REPAIR_ENABLED',
  'repair.repairPods': 'REPAIR_REPAIR_PODS',
  'repair.deletePods': 'REPAIR_DELETE_PODS',
  'repair.labelPods': 'REPAIR_LABEL_PODS',
  'ambient.enabled': 'AMBIENT_ENABLED',
  istioOwnedCNIConfig: 'ISTIO_OWNED_CNI_CONFIG',
};

const q = (s: string): string => (/^[A-Za-z0-9_./:=@,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const fmt = (v: ValueChange['value']): string => (Array.isArray(v) ? `{${v.join(',')}}` : String(v));
/** Helm's --set splits on commas: escape them in scalar values (lists use `{a,b}`). */
const fmtHelm = (v: ValueChange['value']): string =>
  Array.isArray(v) ? fmt(v) : String(v).replace(/,/g, '\\,');
const envValue = (v: ValueChange['value']): string => (Array.isArray(v) ? v.join(',') : String(v));

/** `{a: {b: v}}` for path `a.b`. */
function nest(path: string[], value: unknown): Record<string, unknown> {
  let out: unknown = value;
  for (const k of [...path].reverse()) out = { [k]: out };
  return out as Record<string, unknown>;
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      prev &&
      typeof prev === 'object' &&
      !Array.isArray(prev) &&
      v &&
      typeof v === 'object' &&
      !Array.isArray(v)
        ? merge(prev as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

function yaml(o: unknown, indent = ''): string {
  if (Array.isArray(o)) return o.map((v) => `\n${indent}- ${String(v)}`).join('');
  if (o && typeof o === 'object')
    return Object.entries(o as Record<string, unknown>)
      .map(([k, v]) =>
        v && typeof v === 'object'
          ? `\n${indent}${k}:${yaml(v, `${indent}  `)}`
          : `\n${indent}${k}: ${typeof v === 'string' && /^(true|false|\d+|)$|[:#,{}]/.test(v) ? JSON.stringify(v) : String(v)}`,
      )
      .join('');
  return ` ${String(o)}`;
}

/** IstioOperator / IstioCNI values: cni chart values live under `values.cni`, global and pilot ones do not. */
const valuesPrefix = (c: ValueChange): string =>
  c.chart === 'istiod' || c.path.startsWith('global.') ? '' : 'cni';

/** The Helm path of a value for this version: 1.21-1.23 charts nest everything under `cni.`. */
export function helmPath(change: ValueChange, version: string): string {
  if (change.chart === 'istiod' || change.path.startsWith('global.')) return change.path;
  return atLeast(version, '1.24') ? change.path : `cni.${change.path}`;
}

/** One shell word as kubectlFlags writes it: bare characters, backslash escapes, single-quoted runs. */
const SHELL_WORD = /(?:[^\s'\\]|\\.|'[^']*')+/g;

/**
 * kubectl's connection flags as Helm spells them: Helm's `--context` is `--kube-context`
 * (`--kubeconfig` is the same). `flags` is `--flag value` pairs, so only even words are flags.
 */
export function helmFlags(flags: string): string {
  const words = flags.match(SHELL_WORD) ?? [];
  const out = words.map((w, i) => (i % 2 === 0 && w === '--context' ? '--kube-context' : w)).join(' ');
  return out ? ` ${out}` : '';
}

export function renderValueFix(changes: ValueChange[], install: InstallInfo | null, flags = ''): RenderedFix {
  const method = install?.method ?? 'unknown';
  const version = install?.version ?? '';
  const ns = install?.namespace || 'istio-system';
  const f = flags ? ` ${flags}` : '';
  const istiod = changes.every((c) => c.chart === 'istiod');
  if (method === 'helm' || (method === 'unknown' && istiod)) {
    const release = istiod ? 'istiod' : (install?.release?.name ?? 'istio-cni');
    const relNs = istiod ? 'istio-system' : (install?.release?.namespace ?? ns);
    const sets = changes.map((c) => `--set ${q(`${helmPath(c, version)}=${fmtHelm(c.value)}`)}`).join(' ');
    const values = changes.reduce<Record<string, unknown>>(
      (acc, c) => merge(acc, nest(helmPath(c, version).split('.'), c.value)),
      {},
    );
    return {
      method,
      summary: `Helm values of release ${release}: ${changes.map((c) => `${helmPath(c, version)}=${fmt(c.value)}`).join(', ')}`,
      snippet: yaml(values).trimStart(),
      command: `helm upgrade ${release} istio/${istiod ? 'istiod' : 'cni'} -n ${relNs} --reuse-values ${sets}${helmFlags(f)}`,
    };
  }
  if (method === 'istioctl' || method === 'sail') {
    const values = changes.reduce<Record<string, unknown>>(
      (acc, c) => merge(acc, nest([valuesPrefix(c), ...c.path.split('.')].filter(Boolean), c.value)),
      {},
    );
    const spec = { spec: { values } };
    const paths = changes.map((c) => `spec.values.${valuesPrefix(c) ? 'cni.' : ''}${c.path}=${fmt(c.value)}`);
    if (method === 'sail') {
      const kind = istiod ? 'istio' : 'istiocni';
      const name = istiod ? 'default' : (install?.owner?.name ?? 'default');
      return {
        method,
        summary: `${istiod ? 'Istio' : 'IstioCNI'}/${name} (Sail operator): ${paths.join(', ')}`,
        snippet: yaml(spec).trimStart(),
        command: `kubectl patch ${kind} ${name} --type merge -p ${q(JSON.stringify(spec))}${f}`,
      };
    }
    // The in-cluster operator (removed in 1.24) reconciles a patched IstioOperator; otherwise
    // istioctl re-installs from installed-state (the merged spec it saved) plus the new values.
    const owner = install?.owner;
    const sets = changes
      .map((c) => `--set ${q(`values.${valuesPrefix(c) ? 'cni.' : ''}${c.path}=${fmt(c.value)}`)}`)
      .join(' ');
    const operator = owner && owner.name !== 'installed-state' && !atLeast(version, '1.24');
    const iopNs = owner?.namespace ?? ns;
    return {
      method,
      summary: `IstioOperator${owner ? ` ${owner.name}` : ''}: ${paths.join(', ')}`,
      snippet: yaml(spec).trimStart(),
      command: operator
        ? `kubectl patch istiooperator ${owner.name} -n ${iopNs} --type merge -p ${q(JSON.stringify(spec))}${f}`
        : `kubectl get istiooperator installed-state -n ${iopNs} -o yaml${f} > installed-state.yaml && istioctl install -y -f installed-state.yaml ${sets}${f}`,
    };
  }
  return unknownMethod(changes, install, ns, f);
}

function unknownMethod(
  changes: ValueChange[],
  install: InstallInfo | null,
  ns: string,
  f: string,
): RenderedFix {
  const envs: string[] = [];
  const other: string[] = [];
  for (const c of changes) {
    const env = ENV_OF[c.path];
    if (c.chart === 'cni' && env) envs.push(`${env}=${envValue(c.value)}`);
    else other.push(`${c.path}=${fmt(c.value)}`);
  }
  const log = changes.find((c) => c.path === 'logging.level');
  if (log && install) {
    const i = install.args.findIndex((a) => a.startsWith('--log_output_level='));
    const patch =
      i >= 0
        ? [
            {
              op: 'replace',
              path: `/spec/template/spec/containers/0/args/${i}`,
              value: `--log_output_level=${fmt(log.value)}`,
            },
          ]
        : [
            {
              op: 'add',
              path: '/spec/template/spec/containers/0/args/-',
              value: `--log_output_level=${fmt(log.value)}`,
            },
          ];
    return {
      method: 'unknown',
      summary: `No install marker: change the install-cni argument --log_output_level=${fmt(log.value)}`,
      snippet: `args:\n  - --log_output_level=${fmt(log.value)}`,
      command: `kubectl -n ${ns} patch daemonset istio-cni-node --type json -p ${q(JSON.stringify(patch))}${f}`,
    };
  }
  return {
    method: 'unknown',
    summary: `No install marker: set ${[...envs, ...other].join(', ')} on the istio-cni-node DaemonSet (and in the manifests you apply, or it is reverted)`,
    snippet: envs
      .map((e) => `- name: ${e.split('=')[0] ?? ''}\n  value: ${JSON.stringify(e.slice(e.indexOf('=') + 1))}`)
      .join('\n'),
    command: envs.length
      ? `kubectl -n ${ns} set env daemonset/istio-cni-node ${envs.map(q).join(' ')}${f}`
      : `# set ${other.join(', ')} in the manifests istio-cni was rendered from`,
  };
}

/**
 * "Raise the CNI log level" (the troubleshooting page's first step), version-aware: 1.23+ one
 * `logging.level` with the `cni-plugin` scope at debug (keeping the other scopes); before, the
 * plugin's `logLevel` plus the agent's `cni` scope in `global.logging.level` (the 1.22 chart:
 * "if want to see them you need change global.logging.level with cni:debug").
 */
export function logLevelChanges(install: InstallInfo | null): ValueChange[] {
  const current = install?.settings.logLevel;
  if (install && !atLeast(install.version, '1.23'))
    return [
      { chart: 'cni', path: 'logLevel', value: 'debug' },
      { chart: 'cni', path: 'global.logging.level', value: withScope(current, 'cni', 'debug') },
    ];
  return [{ chart: 'cni', path: 'logging.level', value: withScope(current, 'cni-plugin', 'debug') }];
}

/** `spec` with `scope` set to `level`, other scopes kept (`default:info` is kept or added). */
export function withScope(spec: string | undefined, scope: string, level: string): string {
  const parts = (spec ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((p) => (p.includes(':') ? p : `default:${p}`));
  const kept = parts.filter((p) => p.split(':')[0] !== scope);
  if (!kept.some((p) => p.startsWith('default:')))
    kept.unshift(`default:${scopeLevel(spec, 'default') ?? 'info'}`);
  return [...kept, `${scope}:${level}`].join(',');
}
