/**
 * The raw objects behind the health model, kept next to HealthIndex from the same lists and
 * watch events: "describe pod", the container picker and the owner description need fields the
 * model drops, and the verdict and timeline ("Why is this pod not running?") are computed from
 * `clusterData()`, so it must hold everything the lists held (namespaces with their ambient
 * label, the DaemonSet, the ConfigMap, ztunnel pods, the bindings), not only pods and events.
 */
import type { ClusterData } from '../health/clusterData';
import { CNI_CONFIGMAP, isCniDaemonSet, isZtunnelPod } from '../health/healthIndex';
import type {
  K8sClusterRoleBinding,
  K8sConfigMap,
  K8sDaemonSet,
  K8sEvent,
  K8sNamespace,
  K8sNode,
  K8sObject,
  K8sPod,
  WatchEventType,
  WatchedKind,
} from '../health/k8s';
import { isCniPod } from '../health/podFacts';

const key = (o: K8sObject): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

export class ClusterObjects {
  private readonly pods = new Map<string, K8sPod>();
  private readonly events = new Map<string, K8sEvent>();
  private readonly nodes = new Map<string, K8sNode>();
  private readonly namespaces = new Map<string, K8sNamespace>();
  private readonly bindings = new Map<string, K8sClusterRoleBinding>();
  private daemonSet: K8sDaemonSet | undefined;
  private configMap: K8sConfigMap | undefined;
  private cniLogs: Record<string, string> = {};
  private cniNamespace: string | undefined;

  replace(data: ClusterData): void {
    this.clear();
    for (const p of [...data.cniPods, ...data.workloadPods, ...(data.ztunnelPods ?? [])])
      this.pods.set(key(p), p);
    for (const e of data.events) this.events.set(key(e), e);
    for (const n of data.nodes) this.nodes.set(key(n), n);
    for (const ns of data.namespaces) this.namespaces.set(key(ns), ns);
    for (const b of data.clusterRoleBindings ?? []) this.bindings.set(key(b), b);
    this.daemonSet = data.daemonSet;
    this.configMap = data.configMap;
    this.cniLogs = { ...data.cniLogs };
    this.cniNamespace = data.cniNamespace;
  }

  /** The objects as ClusterData again, for analyses that need more than the model (verdicts, timelines). */
  clusterData(): ClusterData {
    const pods = [...this.pods.values()];
    const ztunnelPods = pods.filter(isZtunnelPod);
    const bindings = [...this.bindings.values()];
    return {
      cniNamespace: this.daemonSet?.metadata?.namespace ?? this.cniNamespace,
      daemonSet: this.daemonSet,
      cniPods: pods.filter(isCniPod),
      workloadPods: pods.filter((p) => !isCniPod(p) && !isZtunnelPod(p)),
      nodes: [...this.nodes.values()],
      namespaces: [...this.namespaces.values()],
      events: [...this.events.values()],
      cniLogs: { ...this.cniLogs },
      ...(this.configMap ? { configMap: this.configMap } : {}),
      ...(ztunnelPods.length ? { ztunnelPods } : {}),
      ...(bindings.length ? { clusterRoleBindings: bindings } : {}),
    };
  }

  apply(kind: WatchedKind, type: WatchEventType, object: K8sObject): void {
    const deleted = type === 'DELETED';
    if (kind === 'DaemonSet') {
      const ds = object as K8sDaemonSet;
      if (isCniDaemonSet(ds)) this.daemonSet = deleted ? undefined : ds;
      return;
    }
    if (kind === 'ConfigMap') {
      if (object.metadata?.name === CNI_CONFIGMAP) this.configMap = deleted ? undefined : object;
      return;
    }
    const map: Map<string, K8sObject> = {
      Pod: this.pods,
      Event: this.events,
      Node: this.nodes,
      Namespace: this.namespaces,
      ClusterRoleBinding: this.bindings,
    }[kind];
    if (deleted) map.delete(key(object));
    else map.set(key(object), object);
  }

  pod(namespace: string, name: string): K8sPod | undefined {
    return this.pods.get(`${namespace}/${name}`);
  }

  allEvents(): Iterable<K8sEvent> {
    return this.events.values();
  }

  clear(): void {
    for (const m of [this.pods, this.events, this.nodes, this.namespaces, this.bindings]) m.clear();
    this.daemonSet = undefined;
    this.configMap = undefined;
    this.cniLogs = {};
    this.cniNamespace = undefined;
  }
}
