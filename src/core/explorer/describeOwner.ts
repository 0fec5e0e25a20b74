/**
 * "Describe Owner": a plain-text page about the workload that owns an affected pod, from what
 * the explorer holds: its pods (phase, node, istio-validation), the pods of it that istio-cni
 * affects or repair deleted, and their CNI events; plus the kubectl command that prints the
 * owner's own YAML. The explorer reads no Deployment/StatefulSet objects (its lists are scoped
 * to what the health model needs), and the page says so instead of pretending to be that YAML.
 */
import type { K8sEvent, K8sPod } from '../health/k8s';
import type { AffectedWorkload } from '../health/model';
import { ownerOfPod } from '../health/owner';
import { podFacts } from '../health/podFacts';
import { REASON_INFO } from '../health/reasons';
import type { Result } from '../result';
import { type KubectlConnection, kubectlLine } from '../shell/kubectlLine';
import { eventsFor } from './describe';

export interface OwnerRef {
  namespace: string;
  kind: string;
  name: string;
}

/** The kubectl command that prints the owner's YAML, with the connection's --kubeconfig/--context. */
export function ownerYamlCommand(owner: OwnerRef, conn: KubectlConnection): Result<string, string> {
  return kubectlLine(conn, [
    'get',
    { kind: owner.kind.toLowerCase() },
    '-n',
    { namespace: owner.namespace },
    { name: owner.name },
    '-o',
    'yaml',
  ]);
}

const sameOwner = (p: K8sPod, o: OwnerRef): boolean => {
  const owner = ownerOfPod(p);
  return p.metadata?.namespace === o.namespace && owner?.kind === o.kind && owner.name === o.name;
};

export function describeOwner(
  owner: OwnerRef,
  pods: Iterable<K8sPod>,
  events: Iterable<K8sEvent>,
  affected: readonly AffectedWorkload[],
  yamlCommand: Result<string, string>,
): string {
  const mine = [...pods].filter((p) => sameOwner(p, owner));
  const hit = affected.filter(
    (a) => a.namespace === owner.namespace && a.owner?.kind === owner.kind && a.owner.name === owner.name,
  );
  const lines = [
    `Owner:      ${owner.kind}/${owner.name}`,
    `Namespace:  ${owner.namespace}`,
    `YAML:       ${yamlCommand.ok ? yamlCommand.value : `(no command: ${yamlCommand.error})`}`,
    '',
    'Read from the pods and CNI events the explorer holds; the explorer does not read',
    `${owner.kind} objects, so run the command above for the owner's full YAML.`,
    '',
    `Affected by istio-cni (${hit.length}):`,
  ];
  if (hit.length === 0) lines.push('  <none>');
  for (const a of hit)
    lines.push(
      `  ${a.name}  ${a.node || 'node unknown'}  ${REASON_INFO[a.reason].title}`,
      `    ${a.detail}`,
      `    Next step: ${a.nextStep}`,
    );
  lines.push('', `Pods of ${owner.kind}/${owner.name} the explorer holds (${mine.length}):`);
  if (mine.length === 0) lines.push('  <none: only pods that depend on istio-cni are read>');
  const allEvents = [...events];
  for (const p of mine) {
    let f;
    try {
      f = podFacts(p);
    } catch {
      continue; // fields of the wrong type (a hand-edited snapshot): nothing to say about it
    }
    lines.push(
      `  ${f.name}  ${f.node || 'node unknown'}  ${f.status}${f.validationFailure ? `  (${f.validationFailure})` : ''}`,
    );
    for (const e of eventsFor(p, allEvents))
      lines.push(
        `    ${e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? '?'}  ${e.reason ?? ''}${(e.count ?? 1) > 1 ? ` (x${e.count})` : ''}: ${e.message ?? ''}`,
      );
  }
  return `${lines.join('\n')}\n`;
}
