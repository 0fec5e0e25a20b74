/**
 * `istio-cni-doctor diagnose`: the health of istio-cni on every node and the workloads it is
 * breaking, from a live cluster or a saved snapshot. Exit 0 healthy, 1 something affected or not
 * ready, 2 the cluster or snapshot cannot be read (or bad usage).
 */
import { buildHealthModel } from '../../core/health/buildModel';
import { REASONS } from '../../core/health/reasons/index';
import { capturedAt } from '../../core/health/capturedAt';
import { type CommandSpec, type ParsedArgs } from '../args';
import { diagnoseArgs } from '../diagnose/args';
import { describeFailure } from '../diagnose/failure';
import { diagnoseJson } from '../diagnose/jsonReport';
import { openClient } from '../diagnose/openClient';
import { diagnoseText } from '../diagnose/textReport';
import { type CliIo } from '../io';

export const spec: CommandSpec = {
  name: 'diagnose',
  summary: 'Report istio-cni health and affected workloads of a cluster or snapshot',
  description: `Report the state of istio-cni on every node (the istio-cni-node pod: ready, restarts, version),
how it was installed (Helm, istioctl/IstioOperator, Sail IstioCNI) with its effective settings,
and what it is breaking, grouped by reason, with the fix in your install method's terms:
${REASONS.map((r) => `  ${r.id.padEnd(32)} ${r.title}`).join('\n')}
(docs/diagnose.md explains each reason.)`,
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
      name: 'format',
      short: 'o',
      choices: ['text', 'json'],
      default: 'text',
      help: 'text (default) or json',
    },
  ],
  footer: `Exit codes: 0 healthy, 1 a workload is affected or a node's istio-cni is not ready,
2 the cluster or snapshot cannot be read (the reason is printed) or bad usage.`,
};

/** `--kubeconfig F --context C` as given, so printed fix commands run against the same cluster. */
function kubectlFlags(a: { kubeconfig?: string | undefined; context?: string | undefined }): string {
  const q = (v: string): string => (/^[A-Za-z0-9_./:=@-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
  return [
    ...(a.kubeconfig ? [`--kubeconfig ${q(a.kubeconfig)}`] : []),
    ...(a.context ? [`--context ${q(a.context)}`] : []),
  ].join(' ');
}

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
    const model = buildHealthModel(data.value, asOf, { commandFlags: kubectlFlags(args) });
    if (args.format === 'json') io.out(`${JSON.stringify(diagnoseJson(info, model), null, 2)}\n`);
    else io.out(diagnoseText(info, model, args.snapshot ?? '', asOf));
    return model.summary.healthy ? 0 : 1;
  } finally {
    client.dispose();
  }
}
