/**
 * The scoped queries behind load() and watch(). Each is one label- or field-selected list,
 * paginated with limit=500 + continue, never "every pod, filtered on the client":
 *
 * - istio-cni-node pods: `k8s-app=istio-cni-node`, all namespaces (this finds the CNI namespace);
 * - the DaemonSet: same label, in that namespace (all namespaces if no pod exists);
 * - nodes: all (the model needs every node to spot a missing istio-cni-node);
 * - workload pods that depend on istio-cni, chosen as the cheapest honest set:
 *   sidecar pods by `security.istio.io/tlsMode=istio` (the injector adds it to every injected
 *   pod; we keep those with an istio-validation init container) that are not Running or
 *   Succeeded (`status.phase!=Running,status.phase!=Succeeded`: the API server filters, so a
 *   cluster of 100,000 healthy sidecar pods sends only its few broken ones, issue 15; a sidecar
 *   reason needs a pod that has not started: istio-validation runs before the pod is Running,
 *   and a Running pod named by a CNI event is read by name below), ambient pods by the pod label
 *   `istio.io/dataplane-mode=ambient`, pods in namespaces labelled ambient (one list per such
 *   namespace, `istio.io/dataplane-mode!=none`), pods labelled `cni.istio.io/uninitialized=true`
 *   by repair, and pods named by CNI events (GET each, at most 50). A per-node fieldSelector
 *   would cost one request per node (500 on a large cluster), so we do not do that;
 * - events by `reason=` fieldSelector (FailedCreatePodSandBox, DeleteBrokenPod, LabelBrokenPod),
 *   plus every event in the CNI namespace (DaemonSet scheduling and quota problems);
 * - the safety net: `status.phase=Pending` pods in all namespaces (stuck in Init or
 *   ContainerCreating whatever labels an unusual injection template gave them), without the
 *   sidecar label (`security.istio.io/tlsMode!=istio`: those come with the sidecar query, so no
 *   pod is sent twice);
 * - ztunnel pods by `app=ztunnel` (one per node in ambient; names the node whose ztunnel is gone);
 * - `FailedCreate` events of DaemonSets (`involvedObject.kind=DaemonSet`; istio-cni-node and
 *   ztunnel may live in different namespaces);
 * - in the CNI namespace: the `istio-cni-config` ConfigMap (by name) and, cluster-wide, the
 *   istio-cni ClusterRoleBindings (label `app.kubernetes.io/name=istio-cni`, 1.24+ charts;
 *   older charts by name, `metadata.name=istio-cni`).
 */
import type { WatchedKind } from '../../core/health/k8s';

export interface QuerySpec {
  /** Stable id: one watch per query. */
  id: string;
  kind: WatchedKind;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /**
   * Evidence the model can do without: a 403 or 404 (no RBAC to list ClusterRoleBindings, no
   * read on ConfigMaps) leaves it empty instead of failing the load, and it is not watched.
   */
  optional?: boolean;
}

export const CNI_LABEL = 'k8s-app=istio-cni-node';
const SIDECAR_LABEL = 'security.istio.io/tlsMode=istio';
export const CNI_EVENT_REASONS = ['FailedCreatePodSandBox', 'DeleteBrokenPod', 'LabelBrokenPod'];

/** Queries that do not depend on anything else. */
export function baseQueries(): QuerySpec[] {
  return [
    { id: 'cni-pods', kind: 'Pod', labelSelector: CNI_LABEL },
    { id: 'nodes', kind: 'Node' },
    { id: 'ambient-namespaces', kind: 'Namespace', labelSelector: 'istio.io/dataplane-mode' },
    {
      id: 'sidecar-pods',
      kind: 'Pod',
      labelSelector: SIDECAR_LABEL,
      fieldSelector: 'status.phase!=Running,status.phase!=Succeeded',
    },
    { id: 'ambient-pods', kind: 'Pod', labelSelector: 'istio.io/dataplane-mode=ambient' },
    { id: 'uninitialized-pods', kind: 'Pod', labelSelector: 'cni.istio.io/uninitialized=true' },
    ...CNI_EVENT_REASONS.map((reason): QuerySpec => ({
      id: `events-${reason}`,
      kind: 'Event',
      fieldSelector: `reason=${reason}`,
    })),
    {
      id: 'pending-pods',
      kind: 'Pod',
      labelSelector: 'security.istio.io/tlsMode!=istio',
      fieldSelector: 'status.phase=Pending',
    },
    { id: 'ztunnel-pods', kind: 'Pod', labelSelector: 'app=ztunnel' },
    {
      id: 'daemonset-events',
      kind: 'Event',
      fieldSelector: 'involvedObject.kind=DaemonSet,reason=FailedCreate',
    },
    {
      id: 'cni-rolebindings',
      kind: 'ClusterRoleBinding',
      fieldSelector: 'metadata.name=istio-cni',
      optional: true,
    },
  ];
}

/** The istio-cni-node DaemonSet: in the CNI namespace, or all namespaces when no pod names one. */
export function daemonSetQuery(cniNamespace: string | undefined): QuerySpec {
  return cniNamespace === undefined
    ? { id: 'daemonset', kind: 'DaemonSet', labelSelector: CNI_LABEL }
    : { id: 'daemonset', kind: 'DaemonSet', namespace: cniNamespace, labelSelector: CNI_LABEL };
}

/** Queries that need the CNI namespace (from the istio-cni-node pods). */
export function cniNamespaceQueries(cniNamespace: string): QuerySpec[] {
  return [
    { id: 'cni-namespace-events', kind: 'Event', namespace: cniNamespace },
    {
      id: 'cni-configmap',
      kind: 'ConfigMap',
      namespace: cniNamespace,
      fieldSelector: 'metadata.name=istio-cni-config',
      optional: true,
    },
  ];
}

/** The pods of each namespace labelled ambient (from the namespaces list). */
export function ambientNamespaceQueries(ambientNamespaces: string[]): QuerySpec[] {
  return ambientNamespaces.map((ns) => ({
    id: `ambient-ns-pods/${ns}`,
    kind: 'Pod',
    namespace: ns,
    labelSelector: 'istio.io/dataplane-mode!=none',
  }));
}

const RESOURCE: Record<WatchedKind, { prefix: string; plural: string; namespaced: boolean }> = {
  Pod: { prefix: '/api/v1', plural: 'pods', namespaced: true },
  Event: { prefix: '/api/v1', plural: 'events', namespaced: true },
  Node: { prefix: '/api/v1', plural: 'nodes', namespaced: false },
  Namespace: { prefix: '/api/v1', plural: 'namespaces', namespaced: false },
  DaemonSet: { prefix: '/apis/apps/v1', plural: 'daemonsets', namespaced: true },
  ConfigMap: { prefix: '/api/v1', plural: 'configmaps', namespaced: true },
  ClusterRoleBinding: {
    prefix: '/apis/rbac.authorization.k8s.io/v1',
    plural: 'clusterrolebindings',
    namespaced: false,
  },
};

/** The REST path a query lists and watches. */
export function queryPath(q: QuerySpec): string {
  const r = RESOURCE[q.kind];
  const ns =
    q.namespace !== undefined && r.namespaced ? `/namespaces/${encodeURIComponent(q.namespace)}` : '';
  return `${r.prefix}${ns}/${r.plural}`;
}

/** The resource a query reads, plural (`pods`, `events`), for progress messages. */
export const resourceOf = (q: QuerySpec): string => RESOURCE[q.kind].plural;

/** Resource name for messages ("list pods in istio-system"). */
export function describeQuery(q: QuerySpec, verb = 'list'): string {
  const sel = [q.labelSelector, q.fieldSelector].filter(Boolean).join(',');
  return `${verb} ${RESOURCE[q.kind].plural}${q.namespace ? ` in ${q.namespace}` : ''}${sel ? ` (${sel})` : ''}`;
}
