/**
 * `istio-cni-doctor diagnose`: the health of istio-cni on every node and the workloads it is
 * breaking, from a live cluster or a saved snapshot. Exit 0 healthy, 1 something affected or not
 * ready, 2 the cluster or snapshot cannot be read, the run did not finish in time (or bad usage).
 * A verdict (0 or 1) is only ever returned after the whole model was built from a complete read;
 * every other way out is 2 with a message on stderr.
 */
import { buildHealthModel } from '../../core/health/buildModel';
import { REASONS } from '../../core/health/reasons/index';
import { capturedAt } from '../../core/health/capturedAt';
import type { ClusterClient, ClusterFailure, LoadProgressListener } from '../../cluster/clusterClient';
import type { ClusterData } from '../../core/health/clusterData';
import { LoadProgressTracker } from '../../core/health/loadProgress';
import type { HealthModel } from '../../core/health/model';
import { analyze } from '../../core/health/verdict/analyze';
import { fail, type Result } from '../../core/result';
import { type CommandSpec, type ParsedArgs, usageErrorText } from '../args';
import { type DiagnoseArgs, diagnoseArgs } from '../diagnose/args';
import { describeFailure } from '../diagnose/failure';
import { diagnoseJson } from '../diagnose/jsonReport';
import { openClient } from '../diagnose/openClient';
import {
  affectedNodes,
  loadHint,
  nodeEvidence,
  podStoryFor,
  podStoryText,
  rootCauseText,
} from '../diagnose/rootCause';
import { diagnoseText } from '../diagnose/textReport';
import { watchDiagnose } from '../diagnose/watch';
import { type CliIo } from '../io';

export const spec: CommandSpec = {
  name: 'diagnose',
  summary: 'Report istio-cni health and affected workloads of a cluster or snapshot',
  description: `Report the state of istio-cni on every node (the istio-cni-node pod: ready, restarts, version),
how it was installed (Helm, istioctl/IstioOperator, Sail IstioCNI) with its effective settings,
and what it is breaking, grouped by reason, with the fix in your install method's terms:
${REASONS.map((r) => `  ${r.id.padEnd(32)} ${r.title}`).join('\n')}
(docs/diagnose.md explains each reason.)
Each affected workload then gets a verdict: the node fact that explains it (a net.d error, an
install error in the istio-cni-node log, the agent's state), the chain of evidence and the fix.

istio-cni-doctor diagnose pod NAMESPACE/NAME explains one pod: its verdict and fix on top, then a
timeline of its status, events, istio-validation output, the istio-cni-node lines naming it,
repair actions and its node's CNI state.`,
  operands: '[pod NAMESPACE/NAME]',
  operandsOptional: true,
  options: [
    {
      name: 'kubeconfig',
      value: 'FILE',
      help: 'kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)',
    },
    { name: 'context', value: 'NAME', help: 'kubeconfig context (default: the current context)' },
    {
      name: 'snapshot',
      value: 'DIR',
      conflicts: ['kubeconfig', 'context'],
      help: `read a saved snapshot instead of a live cluster: a directory of
'kubectl get -o yaml|json' output and/or an extracted istioctl bug-report`,
    },
    {
      name: 'watch',
      short: 'w',
      flag: true,
      conflicts: ['snapshot'],
      help: `after the report, keep watching the cluster and print one line per change
(with --format json: the whole JSON document on one line); Ctrl-C ends it`,
    },
    {
      name: 'reconnect-timeout',
      value: 'DURATION',
      help: 'with --watch: exit 2 after this long without a connection (default 2m)',
    },
    {
      name: 'format',
      short: 'o',
      choices: ['text', 'json'],
      default: 'text',
      help: 'text (default) or json',
    },
    {
      name: 'request-timeout',
      value: 'DURATION',
      help: `time allowed for each request to the API server, including any silence
while its answer arrives (like kubectl's: 30s, 1m, 1m30s; default 15s; 0 for none)`,
    },
    {
      name: 'timeout',
      value: 'DURATION',
      default: '5m',
      help: 'time allowed for the whole run (default 5m; 0 for none)',
    },
    {
      name: 'node-evidence',
      flag: true,
      help: `read the evidence of the nodes with affected pods (at most 20): the istio-cni-node
log tail (pods/log) and, live, the node's net.d through the istio-cni-node pod (pods/exec:
'ls' and 'cat' of /host/etc/cni/net.d, nothing else). Off by default.`,
    },
  ],
  footer: `Exit codes: 0 healthy, 1 a workload is affected or a node's istio-cni is not ready,
2 the cluster or snapshot cannot be read, the run did not finish within --timeout (the reason
is printed), or bad usage. Never 0 or 1 without a complete read.
With --watch (--timeout then bounds the first report): on Ctrl-C, 0 or 1 from the last
report; 2 when the connection cannot be kept.`,
};

/** `--kubeconfig F --context C` as given, so printed fix commands run against the same cluster. */
function kubectlFlags(a: { kubeconfig?: string | undefined; context?: string | undefined }): string {
  const q = (v: string): string => (/^[A-Za-z0-9_./:=@-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
  return [
    ...(a.kubeconfig ? [`--kubeconfig ${q(a.kubeconfig)}`] : []),
    ...(a.context ? [`--context ${q(a.context)}`] : []),
  ].join(' ');
}

const PREFIX = 'istio-cni-doctor diagnose';

export async function run(parsed: ParsedArgs, io: CliIo): Promise<number> {
  const args = diagnoseArgs(parsed);
  if (!args.ok) {
    io.err(usageErrorText(spec, args.error));
    return 2;
  }
  const [verb, ref, extra] = parsed.operands;
  if (verb !== undefined && (verb !== 'pod' || ref === undefined || extra !== undefined)) {
    const message =
      verb === 'pod' && ref === undefined
        ? "'pod' needs NAMESPACE/NAME"
        : `unexpected argument '${extra ?? verb}'`;
    io.err(usageErrorText(spec, { kind: 'usage', message }));
    return 2;
  }
  const deadline = new Deadline(args.value.timeoutMs);
  let client: ClusterClient | undefined;
  try {
    const opened = await deadline.race(openClient(args.value));
    if (opened === TIMED_OUT) return timedOut(io, args.value, 'while opening the kubeconfig');
    if (!opened.ok) {
      io.err(`${PREFIX}: cannot read the cluster: ${describeFailure(opened.error)}\n`);
      return 2;
    }
    client = opened.value;
    return await report(client, args.value, io, deadline);
  } catch (e) {
    io.err(`${PREFIX}: did not finish: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  } finally {
    deadline.clear();
    client?.dispose();
  }
}

async function report(
  client: ClusterClient,
  args: DiagnoseArgs,
  io: CliIo,
  deadline: Deadline,
): Promise<number> {
  const info = client.info();
  if (info.insecure)
    io.err(
      `${PREFIX}: warning: context ${info.context} sets insecure-skip-tls-verify: true; the identity of ${info.server} is not checked, and the credentials are sent to whoever answers.\n`,
    );
  const what = args.snapshot !== undefined ? 'snapshot' : 'cluster';
  const status = progressLine(io, args, what);
  let data: Result<ClusterData, ClusterFailure> | typeof TIMED_OUT;
  try {
    data = await deadline.race(
      client
        .load(status?.listener)
        .catch((e: unknown) =>
          fail({ kind: 'server-error', message: e instanceof Error ? e.message : String(e) }),
        ),
    );
  } finally {
    status?.clear();
  }
  if (data === TIMED_OUT) return timedOut(io, args, `while reading the ${what}`);
  if (!data.ok) {
    io.err(`${PREFIX}: cannot read the ${what}: ${describeFailure(data.error)}\n`);
    return 2;
  }
  if (args.watch) {
    deadline.clear();
    return watchDiagnose(client, data.value, io, {
      format: args.format,
      reconnectTimeoutMs: args.reconnectTimeoutMs,
      stop: interrupted(),
    });
  }
  // Offline, ages are as of when the snapshot was taken.
  const asOf = info.source === 'snapshot' ? capturedAt(data.value) : undefined;
  const model = buildHealthModel(data.value, asOf, { commandFlags: kubectlFlags(args) });
  const hint = loadHint(args, info);
  const wanted = args.pod !== undefined ? nodeOfPod(data.value, model, args.pod) : affectedNodes(model);
  const extra = await deadline.race(nodeEvidence(args, client, model, wanted));
  if (extra === TIMED_OUT) return timedOut(io, args, 'while reading node evidence');
  const analysis = analyze(model, data.value, extra);
  if (args.pod !== undefined) {
    const story = podStoryFor(analysis, data.value, args.pod);
    if (typeof story === 'string') {
      io.err(`${PREFIX}: ${story}\n`);
      return 2;
    }
    if (args.format === 'json') io.out(`${JSON.stringify(story, null, 2)}\n`);
    else io.out(podStoryText(story, hint));
    return story.verdict ? 1 : 0;
  }
  if (args.format === 'json')
    io.out(`${JSON.stringify(diagnoseJson(info, model, analysis.verdicts), null, 2)}\n`);
  else io.out(diagnoseText(info, model, args.snapshot ?? '', asOf) + rootCauseText(analysis, hint));
  return model.summary.healthy ? 0 : 1;
}

/**
 * The "reading the cluster: pods 40,000…" status line, on a terminal only (io.progress exists
 * only when stderr is a TTY) and never with --format json. `clear` removes it before anything
 * else is printed, and silences a load that is still running after a timeout.
 */
function progressLine(
  io: CliIo,
  args: DiagnoseArgs,
  what: string,
): { listener: LoadProgressListener; clear(): void } | undefined {
  const show = io.progress?.bind(io);
  if (!show || args.format === 'json') return undefined;
  const tracker = new LoadProgressTracker();
  let shown = false;
  let cleared = false;
  return {
    listener: (p) => {
      if (cleared || p.type !== 'step' || !tracker.update(p)) return;
      shown = true;
      show(`${PREFIX}: reading the ${what}: ${tracker.text()}`);
    },
    clear: () => {
      cleared = true;
      if (shown) show('');
    },
  };
}

function nodeOfPod(data: ClusterData, model: HealthModel, ref: string): string[] {
  const affected = model.affected.find((a) => `${a.namespace}/${a.name}` === ref)?.node;
  if (affected) return [affected];
  const pod = data.workloadPods.find(
    (p) => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}` === ref,
  );
  return pod?.spec?.nodeName ? [pod.spec.nodeName] : [];
}

function timedOut(io: CliIo, args: DiagnoseArgs, when: string): number {
  io.err(
    `${PREFIX}: did not finish within ${formatDuration(args.timeoutMs)} (--timeout) ${when}; no verdict. Raise --timeout, or --request-timeout if one request is slow.\n`,
  );
  return 2;
}

const TIMED_OUT = Symbol('timed out');

/** The overall deadline of the command; 0 means none. */
class Deadline {
  private timer: NodeJS.Timeout | undefined;
  private readonly expired: Promise<typeof TIMED_OUT>;

  constructor(ms: number) {
    this.expired = new Promise((resolve) => {
      if (ms > 0) this.timer = setTimeout(() => resolve(TIMED_OUT), ms);
    });
  }

  race<T>(work: Promise<T>): Promise<T | typeof TIMED_OUT> {
    return Promise.race([work, this.expired]);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ''}`;
}

/** Resolves on the first Ctrl-C (SIGINT) or SIGTERM. */
function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
