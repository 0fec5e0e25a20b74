/**
 * The health model kept up to date from watch events. `apply()` is O(1) per event (a map write
 * and, for a workload pod, its facts); `model()` redoes only what changed: node statuses when a
 * node or istio-cni pod changed, evidence when an event or log changed, and the affected list
 * from candidate pods (those not plainly healthy). `replace()` takes a relist wholesale.
 */
import type { ClusterData } from './clusterData';
import { daemonSetHealth, nodeHealth, pickCniPod } from './cniNode';
import { type AgentLogHit, agentLogHits } from './agentLog';
import {
  emptyEvidence,
  type Evidence,
  eventEvidence,
  isRelevantEvent,
  type LogRepairs,
  logRepairs,
  mergeEvidence,
} from './evidence';
import { type ZtunnelHealth, ztunnelHealth } from './findings';
import { type InstallInfo, installInfo } from './install';
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
} from './k8s';
import type { AffectedWorkload, HealthModel, NodeHealth } from './model';
import { assemble, classifyPod, type JoinContext } from './assemble';
import { DATAPLANE_MODE_LABEL, isCniPod, type PodFacts, podFacts, podKey } from './podFacts';

const CNI_DS_NAME = 'istio-cni-node';
export const CNI_CONFIGMAP = 'istio-cni-config';
export const isZtunnelPod = (p: K8sPod): boolean => p.metadata?.labels?.['app'] === 'ztunnel';
/** The istio-cni-node DaemonSet, by name or by its `k8s-app` label (as the lists find it). */
export const isCniDaemonSet = (ds: K8sDaemonSet): boolean =>
  ds.metadata?.name === CNI_DS_NAME || ds.metadata?.labels?.['k8s-app'] === CNI_DS_NAME;
/** Node ages are recomputed when the clock moved this much since the last node pass. */
const AGE_RESOLUTION_MS = 1000;

const metaKey = (o: { metadata?: { namespace?: string; name?: string; uid?: string } }): string =>
  podKey(o.metadata?.namespace ?? '', o.metadata?.name ?? o.metadata?.uid ?? '');

export class HealthIndex {
  private daemonSet: K8sDaemonSet | undefined;
  private readonly nodes = new Map<string, K8sNode>();
  private readonly cniPods = new Map<string, K8sPod>();
  private readonly pods = new Map<string, PodFacts>();
  private readonly candidates = new Map<string, PodFacts>();
  private readonly namespaces = new Map<string, K8sNamespace>();
  private readonly events = new Map<string, K8sEvent>();
  private readonly logs = new Map<string, LogRepairs>();
  private readonly agentLogs = new Map<string, AgentLogHit[]>();
  private configMap: K8sConfigMap | undefined;
  private readonly ztunnelPods = new Map<string, K8sPod>();
  private readonly bindings = new Map<string, K8sClusterRoleBinding>();
  private installCache: { value: InstallInfo | null } | undefined;
  private nodeCache:
    | {
        at: number;
        nodes: NodeHealth[];
        byName: Map<string, NodeHealth>;
        ztunnel: Map<string, ZtunnelHealth>;
      }
    | undefined;
  private evidenceCache: Evidence | undefined;
  private modelCache: HealthModel | undefined;
  /** Affected entries of classified candidates; valid for the current nodes, evidence and namespaces. */
  private readonly podAffected = new Map<string, AffectedWorkload>();
  /** Pods changed since the last model(); only these are reclassified. */
  private readonly dirtyPods = new Set<string>();
  /** Nodes, evidence or namespaces changed: every candidate is reclassified. */
  private reclassifyAll = true;

  constructor(
    data?: ClusterData,
    private readonly clock: () => Date = () => new Date(),
  ) {
    if (data) this.replace(data);
  }

  /** Drop everything and take a full list (initial load or relist after 410). */
  replace(data: ClusterData): void {
    this.daemonSet = data.daemonSet;
    this.configMap = data.configMap;
    this.installCache = undefined;
    this.ztunnelPods.clear();
    this.bindings.clear();
    for (const p of data.ztunnelPods ?? []) this.ztunnelPods.set(metaKey(p), p);
    for (const b of data.clusterRoleBindings ?? []) this.bindings.set(b.metadata?.name ?? '', b);
    for (const m of [
      this.nodes,
      this.cniPods,
      this.pods,
      this.candidates,
      this.namespaces,
      this.events,
      this.logs,
      this.agentLogs,
      this.podAffected,
    ])
      m.clear();
    this.dirtyPods.clear();
    for (const n of data.nodes) this.nodes.set(n.metadata?.name ?? '', n);
    for (const p of data.cniPods) this.cniPods.set(metaKey(p), p);
    for (const p of data.workloadPods) this.setPod(p);
    for (const ns of data.namespaces) this.namespaces.set(ns.metadata?.name ?? '', ns);
    for (const e of data.events) if (guard(() => isRelevantEvent(e))) this.events.set(metaKey(e), e);
    for (const [node, text] of Object.entries(data.cniLogs))
      if (typeof text === 'string') this.setLogEvidence(node, text);
    this.invalidate(true, true);
  }

  /** One watch event. Objects of other namespaces or kinds than the model reads are ignored. */
  apply(kind: WatchedKind, type: WatchEventType, object: K8sObject): void {
    const deleted = type === 'DELETED';
    switch (kind) {
      case 'Pod':
        return this.applyPod(object as K8sPod, deleted);
      case 'Node': {
        const name = object.metadata?.name ?? '';
        if (deleted) this.nodes.delete(name);
        else this.nodes.set(name, object as K8sNode);
        return this.invalidate(true, false);
      }
      case 'Event':
        return this.applyEvent(object, deleted);
      case 'DaemonSet': {
        const ds = object as K8sDaemonSet;
        if (!isCniDaemonSet(ds)) return;
        this.daemonSet = deleted ? undefined : ds;
        this.installCache = undefined;
        this.invalidate(false, false);
        this.reclassifyAll = true;
        return;
      }
      case 'ConfigMap': {
        if (object.metadata?.name !== CNI_CONFIGMAP) return;
        this.configMap = deleted ? undefined : object;
        this.installCache = undefined;
        this.invalidate(false, false);
        this.reclassifyAll = true;
        return;
      }
      case 'ClusterRoleBinding': {
        const name = object.metadata?.name ?? '';
        if (deleted) this.bindings.delete(name);
        else this.bindings.set(name, object);
        return this.invalidate(false, false);
      }
      case 'Namespace': {
        const name = object.metadata?.name ?? '';
        if (deleted) this.namespaces.delete(name);
        else this.namespaces.set(name, object);
        this.invalidate(false, false);
        this.reclassifyAll = true;
        return;
      }
    }
  }

  private applyPod(pod: K8sPod, deleted: boolean): void {
    const key = metaKey(pod);
    if (isZtunnelPod(pod)) {
      if (deleted) this.ztunnelPods.delete(key);
      else this.ztunnelPods.set(key, pod);
      return this.invalidate(true, false);
    }
    if (isCniPod(pod)) {
      if (deleted) this.cniPods.delete(key);
      else this.cniPods.set(key, pod);
      return this.invalidate(true, false);
    }
    if (deleted) {
      this.pods.delete(key);
      this.candidates.delete(key);
      this.dirtyPods.add(key);
    } else this.setPod(pod);
    this.invalidate(false, false);
  }

  private applyEvent(e: K8sEvent, deleted: boolean): void {
    const key = metaKey(e);
    if (deleted) {
      if (!this.events.delete(key)) return;
    } else if (guard(() => isRelevantEvent(e))) this.events.set(key, e);
    else return;
    this.invalidate(false, true);
  }

  /** New istio-cni-node log text for a node (its race-repair lines are evidence). */
  setCniLog(node: string, text: string): void {
    this.setLogEvidence(node, text);
    this.invalidate(false, true);
  }

  private setLogEvidence(node: string, text: string): void {
    this.logs.set(node, logRepairs(node, text));
    this.agentLogs.set(node, guard(() => agentLogHits(text)) ?? []);
  }

  model(): HealthModel {
    const now = this.clock();
    if (this.modelCache && this.nodeCache && now.getTime() - this.nodeCache.at < AGE_RESOLUTION_MS)
      return this.modelCache;
    const nodes = this.nodeHealth(now);
    this.evidenceCache ??=
      guard(() => mergeEvidence(eventEvidence(this.events.values()), this.logs.values())) ?? emptyEvidence();
    this.installCache ??= { value: guard(() => installInfo(this.daemonSet, this.configMap)) ?? null };
    const namespaceAmbient = (ns: string): boolean =>
      this.namespaces.get(ns)?.metadata?.labels?.[DATAPLANE_MODE_LABEL] === 'ambient';
    const ctx: JoinContext = {
      nodeByName: nodes.byName,
      namespaceAmbient,
      evidence: this.evidenceCache,
      install: this.installCache.value,
      ztunnel: nodes.ztunnel,
      ...(this.commandFlags ? { commandFlags: this.commandFlags } : {}),
    };
    this.classify(ctx);
    this.modelCache = assemble({
      ...ctx,
      daemonSet: (this.daemonSet && guard(() => daemonSetHealth(this.daemonSet as K8sDaemonSet))) ?? null,
      cniInstalled: this.daemonSet !== undefined || this.cniPods.size > 0,
      nodes: nodes.nodes,
      podAffected: this.podAffected,
      pod: (key) => this.pods.get(key),
      view: {
        nodeObjects: this.nodes,
        cniPods: [...this.cniPods.values()],
        daemonSetEvents: this.evidenceCache.daemonSetFailures ?? [],
        ztunnel: nodes.ztunnel,
        ambientNodes: this.ambientNodes(namespaceAmbient),
        clusterRoleBindings: [...this.bindings.values()],
        agentLogs: this.agentLogs,
      },
    });
    return this.modelCache;
  }

  /** Flags every printed fix command carries (`--kubeconfig F --context C`), set by the front end. */
  commandFlags = '';

  /** Nodes that run pods meant for ambient (annotated, labelled, or in an ambient namespace). */
  private ambientNodes(namespaceAmbient: (ns: string) => boolean): Set<string> {
    const out = new Set<string>();
    for (const p of this.pods.values()) {
      if (!p.node || p.hostNetwork || p.sidecar || p.dataplaneMode === 'none') continue;
      if (p.redirection !== undefined || p.dataplaneMode === 'ambient' || namespaceAmbient(p.namespace))
        out.add(p.node);
    }
    return out;
  }

  /** Reclassifies the changed pods, or every candidate when what they are joined with changed. */
  private classify(ctx: JoinContext): void {
    if (this.reclassifyAll) {
      this.podAffected.clear();
      for (const [key, facts] of this.candidates) this.setAffected(key, facts, ctx);
    } else {
      for (const key of this.dirtyPods) {
        const facts = this.candidates.get(key);
        if (facts) this.setAffected(key, facts, ctx);
        else this.podAffected.delete(key);
      }
    }
    this.dirtyPods.clear();
    this.reclassifyAll = false;
  }

  private setAffected(key: string, facts: PodFacts, ctx: JoinContext): void {
    const a = guard(() => classifyPod(facts, ctx));
    if (a) this.podAffected.set(key, a);
    else this.podAffected.delete(key);
  }

  private setPod(pod: K8sPod): void {
    if (isCniPod(pod)) {
      this.cniPods.set(metaKey(pod), pod);
      return;
    }
    if (isZtunnelPod(pod)) {
      this.ztunnelPods.set(metaKey(pod), pod);
      return;
    }
    const facts = guard(() => podFacts(pod));
    // A pod whose fields have the wrong types (a hand-edited snapshot) is left out, not fatal.
    if (!facts) return;
    const key = podKey(facts.namespace, facts.name);
    this.pods.set(key, facts);
    this.dirtyPods.add(key);
    const candidate =
      !facts.healthy ||
      facts.labeledBroken ||
      facts.redirection === 'pending' ||
      facts.validationFailure !== undefined ||
      // an ambient-meant pod running without the redirection annotation (not captured)
      (facts.started && facts.redirection === undefined && !facts.sidecar && !facts.hostNetwork);
    if (candidate) this.candidates.set(key, facts);
    else this.candidates.delete(key);
  }

  private invalidate(nodes: boolean, evidence: boolean): void {
    this.modelCache = undefined;
    if (nodes) this.nodeCache = undefined;
    if (evidence) this.evidenceCache = undefined;
    if (nodes || evidence) this.reclassifyAll = true;
  }

  private nodeHealth(now: Date): NonNullable<HealthIndex['nodeCache']> {
    if (this.nodeCache && now.getTime() - this.nodeCache.at < AGE_RESOLUTION_MS) return this.nodeCache;
    const podsByNode = new Map<string, K8sPod[]>();
    for (const p of this.cniPods.values()) {
      const node = p.spec?.nodeName;
      if (!node) continue;
      const list = podsByNode.get(node);
      if (list) list.push(p);
      else podsByNode.set(node, [p]);
    }
    const names = new Set<string>();
    for (const [name, n] of this.nodes) if (name && isLinux(n)) names.add(name);
    for (const name of podsByNode.keys()) names.add(name);
    // Without a node list (a bug-report has none), the nodes pods run on are all we know.
    if (this.nodes.size === 0) for (const p of this.pods.values()) if (p.node) names.add(p.node);
    const nodes = [...names]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map(
        (name) =>
          guard(() => nodeHealth(name, this.nodes.get(name), pickCniPod(podsByNode.get(name) ?? []), now)) ??
          nodeHealth(name, undefined, undefined, now),
      );
    const ztunnel = new Map<string, ZtunnelHealth>();
    for (const p of this.ztunnelPods.values()) {
      const node = p.spec?.nodeName;
      const z = node ? guard(() => ztunnelHealth(p)) : undefined;
      if (node && z && !(ztunnel.get(node)?.ready && !z.ready)) ztunnel.set(node, z);
    }
    if (this.ztunnelPods.size > 0) for (const n of nodes) n.ztunnel = ztunnel.get(n.name) ?? null;
    this.nodeCache = { at: now.getTime(), nodes, byName: new Map(nodes.map((n) => [n.name, n])), ztunnel };
    return this.nodeCache;
  }
}

/** Runs `f`, or gives undefined when malformed input (wrong field types) makes it throw. */
function guard<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** istio-cni is Linux only: Windows nodes never get an istio-cni-node pod and are not "missing" one. */
const isLinux = (n: K8sNode): boolean => (n?.metadata?.labels?.['kubernetes.io/os'] ?? 'linux') === 'linux';
