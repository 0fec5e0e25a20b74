/**
 * ClusterData from loose Kubernetes objects (`kubectl get -o yaml|json` output, a bug-report's
 * resource dump, a test scenario) plus container logs. Scoped like the live client: only the
 * pods that depend on istio-cni, and only the events the model reads, are kept.
 */
import { type ClusterData, emptyClusterData } from './clusterData';
import { isRelevantEvent, namesIstioCniPod } from './evidence';
import type { K8sClusterRoleBinding, K8sConfigMap, K8sDaemonSet, K8sEvent, K8sPod } from './k8s';
import {
  BROKEN_POD_LABEL,
  DATAPLANE_MODE_LABEL,
  isCniPod,
  podFacts,
  podKey,
  REDIRECTION_ANNOTATION,
} from './podFacts';

export interface ContainerLog {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  text: string;
}

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Flattens `List`/`PodList`/... documents; items of a typed list get their kind from it. */
export function flattenObjects(docs: unknown[]): Loose[] {
  const out: Loose[] = [];
  const visit = (doc: unknown, inherited: string | undefined, depth: number): void => {
    if (!isObject(doc) || depth > 4) return;
    const kind = typeof doc.kind === 'string' ? doc.kind : inherited;
    if (Array.isArray(doc.items) && (kind === undefined || kind.endsWith('List'))) {
      const itemKind = kind && kind !== 'List' ? kind.slice(0, -'List'.length) : undefined;
      for (const item of doc.items) visit(item, itemKind, depth + 1);
      return;
    }
    if (kind) out.push(kind === doc.kind ? doc : { ...doc, kind });
  };
  for (const d of docs) visit(d, undefined, 0);
  return out;
}

export function clusterDataFromObjects(docs: unknown[], logs: ContainerLog[] = []): ClusterData {
  const data = emptyClusterData();
  const pods: K8sPod[] = [];
  const events: K8sEvent[] = [];
  const configMaps: K8sConfigMap[] = [];
  for (const o of flattenObjects(docs)) {
    switch (o.kind) {
      case 'Pod':
        pods.push(o);
        break;
      case 'Node':
        data.nodes.push(o);
        break;
      case 'Event':
        events.push(o);
        break;
      case 'Namespace':
        data.namespaces.push(o);
        break;
      case 'DaemonSet': {
        const ds = o as K8sDaemonSet;
        if (ds.metadata?.name === 'istio-cni-node' || ds.metadata?.labels?.['k8s-app'] === 'istio-cni-node')
          data.daemonSet = ds;
        break;
      }
      case 'ConfigMap':
        if ((o as K8sConfigMap).metadata?.name === 'istio-cni-config') configMaps.push(o);
        break;
      case 'ClusterRoleBinding':
        if ((o as K8sClusterRoleBinding).metadata?.name === 'istio-cni')
          (data.clusterRoleBindings ??= []).push(o);
        break;
    }
  }
  data.events = events.filter((e) => isRelevantEvent(e) || (e.message ?? '').includes('istio-cni'));
  const named = new Set(
    data.events
      .filter(namesIstioCniPod)
      .map((e) =>
        podKey(
          e.involvedObject?.namespace ?? e.metadata?.namespace ?? 'default',
          e.involvedObject?.name ?? '',
        ),
      ),
  );
  const ambientNs = new Set(
    data.namespaces
      .filter((n) => n.metadata?.labels?.[DATAPLANE_MODE_LABEL] === 'ambient')
      .map((n) => n.metadata?.name),
  );
  for (const p of pods) {
    if (isCniPod(p)) data.cniPods.push(p);
    else if (p.metadata?.labels?.['app'] === 'ztunnel') (data.ztunnelPods ??= []).push(p);
    else if (dependsOrNamed(p, named, ambientNs)) data.workloadPods.push(p);
  }
  data.cniNamespace = data.daemonSet?.metadata?.namespace ?? data.cniPods[0]?.metadata?.namespace;
  data.configMap = configMaps.find((c) => c.metadata?.namespace === data.cniNamespace) ?? configMaps[0];
  data.cniLogs = cniLogsByNode(data.cniPods, logs);
  return data;
}

function dependsOrNamed(p: K8sPod, named: Set<string>, ambientNs: Set<string | undefined>): boolean {
  let f;
  try {
    f = podFacts(p);
  } catch {
    return false; // fields of the wrong type: not a pod the model can read
  }
  if (named.has(podKey(f.namespace, f.name))) return true;
  // The safety net of the live client: every Pending pod, whatever labels it carries.
  if (f.phase === 'Pending' && !f.hostNetwork) return true;
  if (f.sidecar || f.redirection !== undefined || f.dataplaneMode === 'ambient') return true;
  if (
    p.metadata?.labels?.[BROKEN_POD_LABEL] !== undefined ||
    p.metadata?.annotations?.[REDIRECTION_ANNOTATION] !== undefined
  )
    return true;
  return !f.hostNetwork && f.dataplaneMode !== 'none' && ambientNs.has(f.namespace);
}

/** The install-cni logs (previous instance first) of each node's istio-cni-node pods. */
function cniLogsByNode(cniPods: K8sPod[], logs: ContainerLog[]): Record<string, string> {
  const nodeOf = new Map(
    cniPods.map((p) => [podKey(p.metadata?.namespace ?? '', p.metadata?.name ?? ''), p.spec?.nodeName ?? '']),
  );
  const out: Record<string, string> = {};
  const ordered = [...logs].sort((a, b) => Number(b.previous) - Number(a.previous));
  for (const l of ordered) {
    const node = nodeOf.get(podKey(l.namespace, l.pod));
    if (!node || (l.container !== 'install-cni' && l.container !== '')) continue;
    out[node] = out[node] === undefined ? l.text : `${out[node]}\n${l.text}`;
  }
  return out;
}
