/**
 * Which fields of each kind the model reads (the types in k8s.ts), as data: a live object is cut
 * down to them as soon as it is parsed, so a 150,000-pod cluster keeps its few useful fields per
 * pod instead of every env var, volume and probe of each (issue 15: memory and GC). A shape lists
 * every field of its type (the compiler checks it), so a field added to a type without its shape,
 * or the other way round, does not compile.
 */
import type {
  K8sClusterRoleBinding,
  K8sConfigMap,
  K8sContainer,
  K8sContainerState,
  K8sContainerStatus,
  K8sDaemonSet,
  K8sEvent,
  K8sNamespace,
  K8sNode,
  K8sObject,
  K8sObjectMeta,
  K8sPod,
  WatchedKind,
} from './k8s';

/** `true` keeps a value whole; an object keeps only its keys; `[shape]` applies shape to each element. */
export type Shape<T> = { [K in keyof T]-?: ShapeOf<NonNullable<T[K]>> };
type ShapeOf<V> = V extends readonly (infer E)[]
  ? E extends object
    ? [Shape<E>] | true
    : true
  : V extends object
    ? Shape<V> | true
    : true;

const META: Shape<K8sObjectMeta> = {
  name: true,
  namespace: true,
  uid: true,
  resourceVersion: true,
  creationTimestamp: true,
  deletionTimestamp: true,
  labels: true,
  annotations: true,
  ownerReferences: [{ apiVersion: true, kind: true, name: true, uid: true, controller: true }],
};

const CONTAINER: Shape<K8sContainer> = {
  name: true,
  image: true,
  args: true,
  env: [{ name: true, value: true }],
};

const STATE: Shape<K8sContainerState> = { waiting: true, running: true, terminated: true };

const CONTAINER_STATUS: Shape<K8sContainerStatus> = {
  name: true,
  ready: true,
  started: true,
  restartCount: true,
  image: true,
  state: STATE,
  lastState: STATE,
};

const POD: Shape<K8sPod> = {
  apiVersion: true,
  kind: true,
  metadata: META,
  spec: {
    nodeName: true,
    hostNetwork: true,
    restartPolicy: true,
    initContainers: [CONTAINER],
    containers: [CONTAINER],
  },
  status: {
    phase: true,
    reason: true,
    message: true,
    podIP: true,
    startTime: true,
    conditions: [{ type: true, status: true, reason: true, message: true, lastTransitionTime: true }],
    initContainerStatuses: [CONTAINER_STATUS],
    containerStatuses: [CONTAINER_STATUS],
  },
};

const NODE: Shape<K8sNode> = {
  apiVersion: true,
  kind: true,
  metadata: META,
  spec: { taints: true, unschedulable: true, providerID: true },
  status: {
    conditions: [{ type: true, status: true, reason: true, message: true }],
    nodeInfo: { kubeletVersion: true, containerRuntimeVersion: true, osImage: true },
  },
};

const EVENT: Shape<K8sEvent> = {
  apiVersion: true,
  kind: true,
  metadata: META,
  involvedObject: true,
  reason: true,
  message: true,
  type: true,
  count: true,
  firstTimestamp: true,
  lastTimestamp: true,
  eventTime: true,
  source: true,
  reportingComponent: true,
  reportingController: true,
};

const DAEMON_SET: Shape<K8sDaemonSet> = {
  apiVersion: true,
  kind: true,
  metadata: META,
  spec: { template: { spec: { containers: [CONTAINER], serviceAccountName: true } } },
  status: true,
};

const NAMESPACE: Shape<K8sNamespace> = { apiVersion: true, kind: true, metadata: META };

const CONFIG_MAP: Shape<K8sConfigMap> = { apiVersion: true, kind: true, metadata: META, data: true };

const CLUSTER_ROLE_BINDING: Shape<K8sClusterRoleBinding> = {
  apiVersion: true,
  kind: true,
  metadata: META,
  roleRef: true,
  subjects: true,
};

const SHAPES: Record<WatchedKind, unknown> = {
  Pod: POD,
  Node: NODE,
  Event: EVENT,
  DaemonSet: DAEMON_SET,
  Namespace: NAMESPACE,
  ConfigMap: CONFIG_MAP,
  ClusterRoleBinding: CLUSTER_ROLE_BINDING,
};

/** A kind the model has a shape for (a watch event's object names its kind). */
export const isWatchedKind = (kind: unknown): kind is WatchedKind =>
  typeof kind === 'string' && Object.hasOwn(SHAPES, kind);

/**
 * `value` cut down to the fields the model reads of `kind`. A value of another shape than the
 * type says (a string where an object was expected) is kept as it is: the model checks what it
 * reads, and nothing is lost that it could have used.
 */
export function projectObject<T extends K8sObject>(kind: WatchedKind, value: T): T {
  return pick(value, SHAPES[kind]) as T;
}

function pick(value: unknown, shape: unknown): unknown {
  if (shape === true || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(shape)) return Array.isArray(value) ? value.map((v) => pick(v, shape[0])) : value;
  if (Array.isArray(value)) return value;
  const from = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(shape as object)) {
    const v = from[key];
    if (v !== undefined) out[key] = pick(v, (shape as Record<string, unknown>)[key]);
  }
  return out;
}
