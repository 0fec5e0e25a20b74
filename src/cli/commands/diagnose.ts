/**
 * `istio-cni-doctor diagnose`: the health of istio-cni on every node and the workloads it is
 * breaking, from a live cluster or a saved snapshot. Exit 0 healthy, 1 something affected or not
 * ready, 2 the cluster or snapshot cannot be read (or bad usage).
 */
import { buildHealthModel } from '../../core/health/buildModel';
import { capturedAt } from '../../core/health/capturedAt';
import { type CommandSpec, type ParsedArgs } from '../args';
import { diagnoseArgs } from '../diagnose/args';
import { describeFailure } from '../diagnose/failure';
import { diagnoseJson } from '../diagnose/jsonReport';
import { openClient } from '../diagnose/openClient';
import { diagnoseText } from '../diagnose/textReport';
import { watchDiagnose } from '../diagnose/watch';
import { type CliIo } from '../io';

export const spec: CommandSpec = {
  name: 'diagnose',
  summary: 'Report istio-cni health and affected workloads of a cluster or snapshot',
  description: `Report the state of istio-cni on every node (the istio-cni-node pod: ready, restarts, version)
and the workloads it is breaking, grouped by reason, with the next step for each:
  validation-failed    istio-validation exits 126 (no iptables redirection)
  sandbox-cni-failed   FailedCreatePodSandBox from the istio-cni plugin
  repair-deleted       deleted by race repair (DeleteBrokenPod, "Pod detected as broken")
  repair-labeled       labeled cni.istio.io/uninitialized=true by race repair
  eviction-loop        the same workload deleted by repair again and again
  node-cni-not-ready   stuck before Running on a node whose istio-cni-node is not ready
  ambient-pending      ambient.istio.io/redirection: pending (no traffic)`,
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
      value: 'SECONDS',
      help: 'with --watch: exit 2 after this long without a connection (default 120)',
    },
    {
      name: 'format',
      short: 'o',
      choices: ['text', 'json'],
      default: 'text',
      help: 'text (default) or json',
    },
  ],
  footer: `Exit codes: 0 healthy, 1 a workload is affected or a node's istio-cni is not ready,
2 the cluster or snapshot cannot be read (the reason is printed) or bad usage.
With --watch: on Ctrl-C, 0 or 1 from the last report; 2 when the connection cannot be kept.`,
};

export async function run(parsed: ParsedArgs, io: CliIo): Promise<number> {
  const args = diagnoseArgs(parsed);
  const opened = await openClient(args);
  if (!opened.ok) {
    io.err(`istio-cni-doctor diagnose: cannot read the cluster: ${describeFailure(opened.error)}\n`);
    return 2;
  }
  const client = opened.value;
  try {
    const data = await client.load();
    const what = args.snapshot !== undefined ? 'snapshot' : 'cluster';
    if (!data.ok) {
      io.err(`istio-cni-doctor diagnose: cannot read the ${what}: ${describeFailure(data.error)}\n`);
      return 2;
    }
    const info = client.info();
    // Offline, ages are as of when the snapshot was taken.
    const asOf = info.source === 'snapshot' ? capturedAt(data.value) : undefined;
    if (args.watch) {
      const seconds = Number(parsed.values['reconnect-timeout'] ?? '120');
      if (!Number.isFinite(seconds) || seconds <= 0) {
        io.err(`istio-cni-doctor diagnose: --reconnect-timeout must be a number of seconds above 0\n`);
        return 2;
      }
      return await watchDiagnose(client, data.value, io, {
        format: args.format,
        reconnectTimeoutMs: seconds * 1000,
        stop: interrupted(),
      });
    }
    const model = buildHealthModel(data.value, asOf);
    if (args.format === 'json') io.out(`${JSON.stringify(diagnoseJson(info, model), null, 2)}\n`);
    else io.out(diagnoseText(info, model, args.snapshot ?? '', asOf));
    return model.summary.healthy ? 0 : 1;
  } finally {
    client.dispose();
  }
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
