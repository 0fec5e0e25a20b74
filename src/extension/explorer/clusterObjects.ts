/**
 * The raw pods and events behind the health model, kept next to HealthIndex from the same lists
 * and watch events: "describe pod" and the container picker need fields the model drops.
 */
import type { ClusterData } from '../../core/health/clusterData';
import type {
  K8sEvent,
  K8sNode,
  K8sObject,
  K8sPod,
  WatchEventType,
  WatchedKind,
} from '../../core/health/k8s';
import { isCniPod } from '../../core/health/podFacts';

const key = (o: K8sObject): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

export class ClusterObjects {
  private readonly pods = new Map<string, K8sPod>();
  private readonly events = new Map<string, K8sEvent>();
  private readonly nodes = new Map<string, K8sNode>();
  private cniLogs: Record<string, string> = {};
  private cniNamespace: string | undefined;

  replace(data: ClusterData): void {
    this.pods.clear();
    this.events.clear();
    this.nodes.clear();
    for (const p of [...data.cniPods, ...data.workloadPods]) this.pods.set(key(p), p);
    for (const e of data.events) this.events.set(key(e), e);
    for (const n of data.nodes) this.nodes.set(key(n), n);
    this.cniLogs = { ...data.cniLogs };
    this.cniNamespace = data.cniNamespace;
  }

  /** The objects as ClusterData again, for analyses that need more than the model (verdicts, timelines). */
  clusterData(): ClusterData {
    const pods = [...this.pods.values()];
    return {
      cniNamespace: this.cniNamespace,
      daemonSet: undefined,
      cniPods: pods.filter(isCniPod),
      workloadPods: pods.filter((p) => !isCniPod(p)),
      nodes: [...this.nodes.values()],
      namespaces: [],
      events: [...this.events.values()],
      cniLogs: { ...this.cniLogs },
    };
  }

  apply(kind: WatchedKind, type: WatchEventType, object: K8sObject): void {
    const map: Map<string, K8sObject> | undefined =
      kind === 'Pod' ? this.pods : kind === 'Event' ? this.events : kind === 'Node' ? this.nodes : undefined;
    if (!map) return;
    if (type === 'DELETED') map.delete(key(object));
    else map.set(key(object), object);
  }

  pod(namespace: string, name: string): K8sPod | undefined {
    return this.pods.get(`${namespace}/${name}`);
  }

  allEvents(): Iterable<K8sEvent> {
    return this.events.values();
  }

  clear(): void {
    this.pods.clear();
    this.events.clear();
    this.nodes.clear();
    this.cniLogs = {};
  }
}
