/**
 * Who owns a pod, for grouping and for the eviction-loop check. A ReplicaSet is resolved to its
 * Deployment by the pod-template-hash convention (`<deployment>-<hash>`), because a Deployment
 * is what users know; pods deleted by repair are resolved from their name alone.
 */
import type { K8sPod } from './k8s';
import type { WorkloadOwner } from './model';

/** Kubernetes' SafeEncodeString alphabet, used for pod-template-hash and generated suffixes. */
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const HASH_SUFFIX = new RegExp(`^(.+)-${SAFE}{6,10}$`);
const DEPLOYMENT_POD = new RegExp(`^(.+)-${SAFE}{6,10}-${SAFE}{5}$`);

export function ownerOfPod(pod: K8sPod): WorkloadOwner | null {
  const refs = pod.metadata?.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller === true) ?? refs[0];
  if (!ref?.kind || !ref.name) return null;
  if (ref.kind === 'ReplicaSet') {
    const hash = pod.metadata?.labels?.['pod-template-hash'];
    if (hash && ref.name.endsWith(`-${hash}`))
      return { kind: 'Deployment', name: ref.name.slice(0, -hash.length - 1) };
    const m = HASH_SUFFIX.exec(ref.name);
    if (m?.[1]) return { kind: 'Deployment', name: m[1] };
  }
  return { kind: ref.kind, name: ref.name };
}

/** Best guess for a pod known only by name (deleted by repair): `reviews-v1-7f8c9d6b5-x2x4z` → Deployment `reviews-v1`. */
export function ownerFromPodName(name: string): WorkloadOwner | null {
  const m = DEPLOYMENT_POD.exec(name);
  return m?.[1] ? { kind: 'Deployment', name: m[1] } : null;
}

export const ownerKey = (namespace: string, owner: WorkloadOwner | null, podName: string): string =>
  owner ? `${namespace}/${owner.kind}/${owner.name}` : `${namespace}/Pod/${podName}`;

export const formatOwner = (owner: WorkloadOwner | null): string | null =>
  owner ? `${owner.kind}/${owner.name}` : null;
