/**
 * `istio-cni-doctor diagnose`: the health of istio-cni on every node and the workloads it is
 * breaking, from a live cluster or a saved snapshot. Exit 0 healthy, 1 something affected or not
 * ready, 2 the cluster or snapshot cannot be read (or bad usage).
 */
import { buildHealthModel } from '../../core/health/buildModel';
import { capturedAt } from '../../core/health/capturedAt';
import type { ClusterData } from '../../core/health/clusterData';
import { analyze } from '../../core/health/verdict/analyze';
import { type CommandSpec, type ParsedArgs, usageLine } from '../args';
import { diagnoseArgs } from '../diagnose/args';
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
  ambient-pending      ambient.istio.io/redirection: pending (no traffic)
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
      name: 'format',
      short: 'o',
      choices: ['text', 'json'],
      default: 'text',
      help: 'text (default) or json',
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
2 the cluster or snapshot cannot be read (the reason is printed) or bad usage.`,
};

export async function run(parsed: ParsedArgs, io: CliIo): Promise<number> {
  const args = diagnoseArgs(parsed);
  const [verb, ref, extra] = parsed.operands;
  if (verb !== undefined && (verb !== 'pod' || ref === undefined || extra !== undefined)) {
    io.err(
      `istio-cni-doctor diagnose: ${verb === 'pod' && ref === undefined ? "'pod' needs NAMESPACE/NAME" : `unexpected argument '${extra ?? verb}'`}\n${usageLine(spec)}\n`,
    );
    return 2;
  }
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
    const model = buildHealthModel(data.value, asOf);
    const hint = loadHint(args, info);
    if (args.pod !== undefined) {
      const podNode = model.affected.find((a) => `${a.namespace}/${a.name}` === args.pod)?.node;
      const wanted = podNode ? [podNode] : nodeOfPod(data.value, args.pod);
      const analysis = analyze(model, data.value, await nodeEvidence(args, client, model, wanted));
      const story = podStoryFor(analysis, data.value, args.pod);
      if (typeof story === 'string') {
        io.err(`istio-cni-doctor diagnose: ${story}\n`);
        return 2;
      }
      if (args.format === 'json') io.out(`${JSON.stringify(story, null, 2)}\n`);
      else io.out(podStoryText(story, hint));
      return story.verdict ? 1 : 0;
    }
    const analysis = analyze(
      model,
      data.value,
      await nodeEvidence(args, client, model, affectedNodes(model)),
    );
    if (args.format === 'json')
      io.out(`${JSON.stringify(diagnoseJson(info, model, analysis.verdicts), null, 2)}\n`);
    else io.out(diagnoseText(info, model, args.snapshot ?? '', asOf) + rootCauseText(analysis, hint));
    return model.summary.healthy ? 0 : 1;
  } finally {
    client.dispose();
  }
}

function nodeOfPod(data: ClusterData, ref: string): string[] {
  const pod = data.workloadPods.find(
    (p) => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}` === ref,
  );
  return pod?.spec?.nodeName ? [pod.spec.nodeName] : [];
}
