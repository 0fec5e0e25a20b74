/** Small joins several reasons share (kept here so each reason file stays about one reason). */
import type { JoinContext } from '../assemble';
import type { PodFacts } from '../podFacts';

/** `; istio-cni-node on worker-3 is not-ready` when the pod's node is not ready, else ''. */
export function nodeNote(p: PodFacts, ctx: JoinContext): string {
  const n = ctx.nodeByName.get(p.node);
  if (!n || n.status === 'ready') return '';
  return n.status === 'missing'
    ? `; no istio-cni-node on ${p.node}`
    : `; istio-cni-node on ${p.node} is ${n.status}`;
}

/** The pod needs istio-cni to start: sidecar with istio-validation, or ambient. */
export function dependsOnCni(p: PodFacts, ctx: JoinContext): boolean {
  if (p.hostNetwork) return false;
  if (p.sidecar || p.redirection !== undefined || p.dataplaneMode === 'ambient') return true;
  return p.dataplaneMode !== 'none' && ctx.namespaceAmbient(p.namespace);
}

/** Nothing recreates the pod when it fails: restartPolicy Never or a Job's pod (facts §D4). */
export function notRecreated(p: PodFacts): boolean {
  return p.restartPolicy === 'Never' || p.owner?.kind === 'Job' || p.owner?.kind === 'CronJob';
}
