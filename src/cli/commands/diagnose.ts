/**
 * `istio-cni-doctor diagnose`: the health of istio-cni on every node and the workloads it is
 * breaking, from a live cluster or a saved snapshot. Exit 0 healthy, 1 something affected or not
 * ready, 2 the cluster or snapshot cannot be read (or bad usage).
 */
import { buildHealthModel } from '../../core/health/buildModel';
import { REASONS } from '../../core/health/reasons/index';
import { capturedAt } from '../../core/health/capturedAt';
import { parseDiagnoseArgs } from '../diagnose/args';
import { describeFailure } from '../diagnose/failure';
import { diagnoseJson } from '../diagnose/jsonReport';
import { type ClientOpener, openClient } from '../diagnose/openClient';
import { diagnoseText } from '../diagnose/textReport';
import { type CliIo } from '../io';

export const summary = 'Report istio-cni health and affected workloads of a cluster or snapshot';

export const help = `Usage: istio-cni-doctor diagnose [--kubeconfig FILE] [--context NAME] [--snapshot DIR] [--format text|json]

Report the state of istio-cni on every node (the istio-cni-node pod: ready, restarts, version),
how it was installed (Helm, istioctl/IstioOperator, Sail IstioCNI) with its effective settings,
and what it is breaking, grouped by reason, with the fix in your install method's terms:
${REASONS.map((r) => `  ${r.id.padEnd(32)} ${r.title}`).join('\n')}
(docs/diagnose.md explains each reason.)

Options:
  --kubeconfig FILE  kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)
  --context NAME     kubeconfig context (default: the current context)
  --snapshot DIR     read a saved snapshot instead of a live cluster: a directory of
                     'kubectl get -o yaml|json' output and/or an extracted istioctl bug-report
  --format FORMAT    text (default) or json

Exit codes: 0 healthy, 1 a workload is affected or a node's istio-cni is not ready,
2 the cluster or snapshot cannot be read (the reason is printed) or bad usage.
`;

/** `--kubeconfig F --context C` as given, so printed fix commands run against the same cluster. */
function kubectlFlags(a: { kubeconfig?: string | undefined; context?: string | undefined }): string {
  const q = (v: string): string => (/^[A-Za-z0-9_./:=@-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
  return [
    ...(a.kubeconfig ? [`--kubeconfig ${q(a.kubeconfig)}`] : []),
    ...(a.context ? [`--context ${q(a.context)}`] : []),
  ].join(' ');
}

export function run(args: string[], io: CliIo): Promise<number> {
  return runDiagnose(args, io, openClient);
}

/** `run` with the client opener injectable (tests use it for live mode against a test server). */
export async function runDiagnose(argv: string[], io: CliIo, open: ClientOpener): Promise<number> {
  const args = parseDiagnoseArgs(argv);
  if (!args.ok) {
    io.err(`istio-cni-doctor diagnose: ${args.error}. Run 'istio-cni-doctor diagnose --help'.\n`);
    return 2;
  }
  const opened = await open(args.value);
  if (!opened.ok) {
    io.err(`istio-cni-doctor diagnose: cannot read the cluster: ${describeFailure(opened.error)}\n`);
    return 2;
  }
  const client = opened.value;
  try {
    const data = await client.load();
    const what = args.value.snapshot !== undefined ? 'snapshot' : 'cluster';
    if (!data.ok) {
      io.err(`istio-cni-doctor diagnose: cannot read the ${what}: ${describeFailure(data.error)}\n`);
      return 2;
    }
    const info = client.info();
    // Offline, ages are as of when the snapshot was taken.
    const asOf = info.source === 'snapshot' ? capturedAt(data.value) : undefined;
    const model = buildHealthModel(data.value, asOf, { commandFlags: kubectlFlags(args.value) });
    if (args.value.format === 'json') io.out(`${JSON.stringify(diagnoseJson(info, model), null, 2)}\n`);
    else io.out(diagnoseText(info, model, args.value.snapshot ?? '', asOf));
    return model.summary.healthy ? 0 : 1;
  } finally {
    client.dispose();
  }
}
