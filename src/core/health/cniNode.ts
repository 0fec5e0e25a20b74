/**
 * The istio-cni-node pod of each node and the node's CNI status (facts §B.1, §B.2): Ready means
 * /readyz passed (install valid and watch ready); a crash-looping install-cni is a fatal agent
 * error; no pod at all means the plugin was never installed there.
 */
import type { K8sContainer, K8sDaemonSet, K8sNode, K8sPod } from './k8s';
import type { CniPodHealth, DaemonSetHealth, NodeCniStatus, NodeHealth } from './model';

export const CNI_CONTAINER = 'install-cni';
export const NOT_READY_TAINT = 'cni.istio.io/not-ready';

/** The tag of an image reference: `docker.io/istio/install-cni:1.26.1-distroless` → `1.26.1-distroless`. */
export function imageTag(image: string | undefined): string {
  if (!image) return '';
  const noDigest = image.split('@')[0] ?? '';
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > lastSlash ? noDigest.slice(colon + 1) : '';
}

const cniContainer = (containers: K8sContainer[] | undefined): K8sContainer | undefined =>
  containers?.find((c) => c.name === CNI_CONTAINER) ?? containers?.[0];

export function cniPodHealth(pod: K8sPod, now: Date): CniPodHealth {
  const status = pod.status ?? {};
  const cs = status.containerStatuses?.find((s) => s.name === CNI_CONTAINER) ?? status.containerStatuses?.[0];
  const created = Date.parse(pod.metadata?.creationTimestamp ?? '');
  const readyCond = status.conditions?.find((c) => c.type === 'Ready');
  return {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    ready: readyCond ? readyCond.status === 'True' : cs?.ready === true,
    restarts: cs?.restartCount ?? 0,
    phase: status.phase ?? 'Unknown',
    version: imageTag(cniContainer(pod.spec?.containers)?.image ?? cs?.image),
    ageSeconds: Number.isNaN(created) ? undefined : Math.max(0, Math.floor((now.getTime() - created) / 1000)),
    stateReason: cs?.state?.waiting?.reason ?? cs?.state?.terminated?.reason,
  };
}

export function cniStatus(pod: CniPodHealth | null): NodeCniStatus {
  if (!pod) return 'missing';
  if (pod.stateReason === 'CrashLoopBackOff') return 'crash-looping';
  return pod.ready && pod.phase === 'Running' ? 'ready' : 'not-ready';
}

/** Of several istio-cni-node pods on one node (a rolling update), the one that counts: not terminating, newest. */
export function pickCniPod(pods: K8sPod[]): K8sPod | undefined {
  let best: K8sPod | undefined;
  for (const p of pods) {
    if (!best) best = p;
    else if (Boolean(best.metadata?.deletionTimestamp) !== Boolean(p.metadata?.deletionTimestamp)) {
      if (!p.metadata?.deletionTimestamp) best = p;
    } else if ((p.metadata?.creationTimestamp ?? '') > (best.metadata?.creationTimestamp ?? '')) best = p;
  }
  return best;
}

export function nodeHealth(
  name: string,
  node: K8sNode | undefined,
  pod: K8sPod | undefined,
  now: Date,
): NodeHealth {
  const cniPod = pod ? cniPodHealth(pod, now) : null;
  const ready = node?.status?.conditions?.find((c) => c.type === 'Ready');
  return {
    name,
    status: cniStatus(cniPod),
    cniPod,
    nodeReady: ready ? ready.status === 'True' : undefined,
    notReadyTaint: (node?.spec?.taints ?? []).some((t) => t.key === NOT_READY_TAINT),
  };
}

export function daemonSetHealth(ds: K8sDaemonSet): DaemonSetHealth {
  return {
    namespace: ds.metadata?.namespace ?? '',
    name: ds.metadata?.name ?? '',
    desired: ds.status?.desiredNumberScheduled ?? 0,
    ready: ds.status?.numberReady ?? 0,
    version: imageTag(cniContainer(ds.spec?.template?.spec?.containers)?.image),
  };
}
