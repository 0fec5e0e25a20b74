/**
 * What the model needs to know about one workload pod, computed once per pod version so the
 * incremental index only redoes the pods that changed. Facts are about the pod alone; joins
 * with nodes, events and logs happen in assemble.ts.
 */
import type { K8sContainerStatus, K8sPod } from './k8s';
import type { WorkloadOwner } from './model';
import { ownerOfPod } from './owner';

export const VALIDATION_CONTAINER = 'istio-validation';
export const BROKEN_POD_LABEL = 'cni.istio.io/uninitialized';
export const REDIRECTION_ANNOTATION = 'ambient.istio.io/redirection';
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
export const SIDECAR_STATUS_ANNOTATION = 'sidecar.istio.io/status';
export const CNI_POD_LABEL = 'k8s-app';
export const CNI_POD_LABEL_VALUE = 'istio-cni-node';

export interface PodFacts {
  namespace: string;
  name: string;
  node: string;
  owner: WorkloadOwner | null;
  /** Injected with the istio-validation init container (sidecar mode with istio-cni). */
  sidecar: boolean;
  /** Pod label istio.io/dataplane-mode (`ambient`, `none`), if set. */
  dataplaneMode: string | undefined;
  /** Annotation ambient.istio.io/redirection, if set. */
  redirection: string | undefined;
  hostNetwork: boolean;
  phase: string;
  /** Phase Running or Succeeded: past the point where CNI could block it. */
  started: boolean;
  /** Running with condition Ready=True: nothing to report unless events or logs say otherwise. */
  healthy: boolean;
  /** Why the pod is not running yet, as `kubectl get pods` would show it (e.g. `ContainerCreating`). */
  status: string;
  /** Set when istio-validation failed; the text says how. */
  validationFailure: string | undefined;
  labeledBroken: boolean;
  terminating: boolean;
  /** spec.restartPolicy (`Always`, `OnFailure`, `Never`); undefined when not given. */
  restartPolicy?: string | undefined;
  /** Annotation k8s.v1.cni.cncf.io/networks (Multus), if set. */
  multusNetworks?: string | undefined;
  /** The pod's `app` label (ztunnel pods are `app=ztunnel`). */
  app?: string | undefined;
}

export const MULTUS_NETWORKS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';

export const podKey = (namespace: string, name: string): string => `${namespace}/${name}`;

export function isCniPod(pod: K8sPod): boolean {
  return pod.metadata?.labels?.[CNI_POD_LABEL] === CNI_POD_LABEL_VALUE;
}

export function podFacts(pod: K8sPod): PodFacts {
  const meta = pod.metadata ?? {};
  const status = pod.status ?? {};
  const phase = status.phase ?? 'Unknown';
  const readyCond = status.conditions?.find((c) => c.type === 'Ready');
  const validation = status.initContainerStatuses?.find((s) => s.name === VALIDATION_CONTAINER);
  const sidecar =
    validation !== undefined ||
    (pod.spec?.initContainers ?? []).some((c) => c.name === VALIDATION_CONTAINER) ||
    (meta.annotations?.[SIDECAR_STATUS_ANNOTATION] ?? '').includes(VALIDATION_CONTAINER);
  return {
    namespace: meta.namespace ?? 'default',
    name: meta.name ?? '',
    node: pod.spec?.nodeName ?? '',
    owner: ownerOfPod(pod),
    sidecar,
    dataplaneMode: meta.labels?.[DATAPLANE_MODE_LABEL],
    redirection: meta.annotations?.[REDIRECTION_ANNOTATION],
    hostNetwork: pod.spec?.hostNetwork === true,
    phase,
    started: phase === 'Running' || phase === 'Succeeded',
    healthy: (phase === 'Running' && readyCond?.status === 'True') || phase === 'Succeeded',
    status: displayStatus(pod),
    validationFailure: validation ? validationFailure(validation) : undefined,
    labeledBroken: meta.labels?.[BROKEN_POD_LABEL] === 'true',
    terminating: meta.deletionTimestamp !== undefined,
    restartPolicy: pod.spec?.restartPolicy,
    multusNetworks: meta.annotations?.[MULTUS_NETWORKS_ANNOTATION],
    app: meta.labels?.['app'],
  };
}

/** istio-validation failed when it exited non-zero now or last time and has not since passed. */
function validationFailure(s: K8sContainerStatus): string | undefined {
  const now = s.state?.terminated;
  if (now?.exitCode === 0 || s.ready === true) return undefined;
  const last = s.lastState?.terminated;
  const failed =
    now && now.exitCode !== undefined && now.exitCode !== 0 ? now : last && last.exitCode ? last : undefined;
  if (!failed) return undefined;
  const waiting = s.state?.waiting?.reason;
  const shown =
    waiting === 'CrashLoopBackOff'
      ? 'Init:CrashLoopBackOff'
      : now
        ? 'Init:Error'
        : waiting
          ? `Init:${waiting}`
          : 'retrying';
  const restarts = s.restartCount ?? 0;
  return `istio-validation exit ${failed.exitCode ?? '?'} (${shown}, ${restarts} restart${restarts === 1 ? '' : 's'})`;
}

/** Roughly the STATUS column of `kubectl get pods`. */
function displayStatus(pod: K8sPod): string {
  const status = pod.status ?? {};
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  const inits = status.initContainerStatuses ?? [];
  let done = 0;
  for (const s of inits) {
    const term = s.state?.terminated;
    if (term && term.exitCode !== 0) return 'Init:Error';
    const reason = s.state?.waiting?.reason;
    if (reason && reason !== 'PodInitializing') return `Init:${reason}`;
    if (term || s.started === true) done += 1;
  }
  if (done < inits.length && status.phase === 'Pending') return `Init:${done}/${inits.length}`;
  for (const s of status.containerStatuses ?? []) {
    const reason = s.state?.waiting?.reason ?? s.state?.terminated?.reason;
    if (reason) return reason;
  }
  return status.reason ?? status.phase ?? 'Unknown';
}
