/**
 * A generated large cluster for benches and the API server: 500 nodes, 5,000 pods (one
 * istio-cni-node per node, 3,000 sidecar pods, 500 ambient pods, 1,000 pods istio-cni does not
 * touch), a few broken: 3 crash-looping istio-cni-node pods, 10 pods failing istio-validation,
 * repair and sandbox events. Deterministic: the same call gives the same objects. `realistic`
 * makes each object as large as a real one (managedFields, the injected proxy, volumes:
 * realisticBulk.ts), ~6.7 KB per pod on the wire, for the cluster bench (issue 15).
 */
import { type Scenario, type ScenarioObject } from './loadScenario';
import { nodeExtras, podBulk, podConditions, podStatusExtras, withRuntimeIds } from './realisticBulk';

export interface LargeScenarioOptions {
  nodes?: number;
  pods?: number;
  /** Objects as large as real ones (shared bulk, see realisticBulk.ts). */
  realistic?: boolean;
}

/** The failures generateLargeScenario plants: what a diagnose of it must find. */
export interface PlantedFailures {
  /** istio-cni-node pods crash-looping (their nodes are not ready). */
  brokenNodes: string[];
  /** Sidecar pods failing istio-validation (`namespace/name`). */
  validationFailed: string[];
}

const BROKEN_NODES = [7, 42, 311];
const isSidecar = (i: number): boolean => i % 9 < 6;
const isBroken = (i: number): boolean => isSidecar(i) && i % 300 === 0;

/** What generateLargeScenario(options) plants, without generating the cluster. */
export function plantedFailures(options: LargeScenarioOptions = {}): PlantedFailures {
  const nodes = options.nodes ?? 500;
  const pods = options.pods ?? 5000;
  const validationFailed: string[] = [];
  for (let i = 0; i < pods - nodes; i++)
    if (isBroken(i)) validationFailed.push(`team-${i % 20}/${podName(i)}`);
  return { brokenNodes: BROKEN_NODES.filter((n) => n < nodes).map((n) => `node-${n}`), validationFailed };
}

const ownerOf = (i: number): string => `app-${i % 97}-${(i % 7).toString(16)}c9d8b7f5`;
const podName = (i: number): string => `${ownerOf(i)}-${i.toString(36).padStart(5, 'x')}`;

const IMAGE = 'docker.io/istio/install-cni:1.26.1';
const PROXY = 'docker.io/istio/proxyv2:1.26.1';
const SIDECAR_STATUS =
  '{"initContainers":["istio-validation","istio-proxy"],"containers":null,"volumes":["istio-envoy","istio-data"],"imagePullSecrets":null,"revision":"default"}';

const running = (name: string, restarts = 0): Record<string, unknown> => ({
  name,
  ready: true,
  started: true,
  restartCount: restarts,
  state: { running: { startedAt: '2025-01-01T00:01:00Z' } },
});

function node(i: number, realistic: boolean): ScenarioObject {
  const base = plainNode(i);
  if (!realistic) return base;
  const extra = nodeExtras(i);
  return {
    ...base,
    metadata: { ...base.metadata, uid: uid('node', i), ...extra.metadata },
    spec: { ...(base.spec as object), ...extra.spec },
    status: { ...(base.status as object), ...extra.status },
  };
}

const uid = (kind: string, i: number): string =>
  `${kind === 'node' ? 'a' : 'b'}${i.toString(16).padStart(7, '0')}-5d3c-4e2b-9a1f-${(i * 2654435761).toString(16).slice(-12).padStart(12, '0')}`;

function plainNode(i: number): ScenarioObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: `node-${i}`,
      labels: { 'kubernetes.io/hostname': `node-${i}`, 'topology.kubernetes.io/zone': `zone-${i % 3}` },
    },
    spec: {},
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
      nodeInfo: { kubeletVersion: 'v1.31.2', containerRuntimeVersion: 'containerd://1.7.22' },
    },
  };
}

function cniPod(i: number, broken: boolean, realistic: boolean): ScenarioObject {
  const base = plainCniPod(i, broken);
  return realistic ? realisticPod(base, i, i, 'install-cni', IMAGE, false, !broken) : base;
}

/** `base` with the size of a real pod: shared bulk, per-pod IDs, IPs and conditions. */
function realisticPod(
  base: ScenarioObject,
  i: number,
  node: number,
  app: string,
  image: string,
  sidecar: boolean,
  ready: boolean,
): ScenarioObject {
  const bulk = podBulk(app, image, sidecar, PROXY);
  const spec = base.spec as Record<string, unknown>;
  const status = base.status as Record<string, unknown>;
  const meta = base.metadata;
  return {
    ...base,
    metadata: {
      ...meta,
      generateName: `${meta.name.slice(0, meta.name.lastIndexOf('-') + 1)}`,
      uid: uid('pod', i),
      annotations: sidecar
        ? {
            ...(meta.annotations as object),
            'istio.io/rev': 'default',
            'kubectl.kubernetes.io/default-container': app,
            'kubectl.kubernetes.io/default-logs-container': app,
            'prometheus.io/path': '/stats/prometheus',
            'prometheus.io/port': '15020',
            'prometheus.io/scrape': 'true',
          }
        : meta.annotations,
      managedFields: bulk.managedFields,
    },
    spec: {
      ...bulk.spec,
      nodeName: spec.nodeName,
      ...(bulk.initContainers ? { initContainers: bulk.initContainers } : {}),
      containers: bulk.containers,
    },
    status: {
      ...status,
      conditions: podConditions(ready),
      ...podStatusExtras(i, node),
      ...(status.initContainerStatuses
        ? {
            initContainerStatuses: withRuntimeIds(
              status.initContainerStatuses as Record<string, unknown>[],
              i,
            ),
          }
        : {}),
      containerStatuses: withRuntimeIds(status.containerStatuses as Record<string, unknown>[], i + 1),
    },
  };
}

function plainCniPod(i: number, broken: boolean): ScenarioObject {
  const status = broken
    ? {
        name: 'install-cni',
        ready: false,
        started: false,
        restartCount: 9,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error' } },
      }
    : running('install-cni');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `istio-cni-node-${i.toString(36).padStart(5, '0')}`,
      namespace: 'istio-system',
      labels: { 'k8s-app': 'istio-cni-node', 'sidecar.istio.io/inject': 'false' },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'istio-cni-node', controller: true },
      ],
    },
    spec: { nodeName: `node-${i}`, containers: [{ name: 'install-cni', image: IMAGE }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: broken ? 'False' : 'True' }],
      containerStatuses: [status],
    },
  };
}

function workload(
  i: number,
  nodes: number,
  mode: 'sidecar' | 'ambient' | 'plain',
  broken: boolean,
): ScenarioObject {
  const app = `app-${i % 97}`;
  const namespace = mode === 'ambient' ? `ambient-${i % 5}` : `team-${i % 20}`;
  const owner = ownerOf(i);
  const labels: Record<string, string> = { app, 'pod-template-hash': `${(i % 7).toString(16)}c9d8b7f5` };
  const annotations: Record<string, string> = {};
  if (mode === 'sidecar') {
    labels['security.istio.io/tlsMode'] = 'istio';
    labels['service.istio.io/canonical-name'] = app;
    annotations['sidecar.istio.io/status'] = SIDECAR_STATUS;
  }
  if (mode === 'ambient') annotations['ambient.istio.io/redirection'] = 'enabled';
  const validation = broken
    ? {
        name: 'istio-validation',
        ready: false,
        restartCount: 5,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 126, reason: 'Error' } },
      }
    : {
        name: 'istio-validation',
        ready: true,
        restartCount: 0,
        state: { terminated: { exitCode: 0, reason: 'Completed' } },
      };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName(i),
      namespace,
      labels,
      annotations,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, controller: true }],
    },
    spec: {
      nodeName: `node-${i % nodes}`,
      ...(mode === 'sidecar'
        ? {
            initContainers: [
              { name: 'istio-validation', image: PROXY, args: ['istio-iptables', '--run-validation'] },
              { name: 'istio-proxy', image: PROXY },
            ],
          }
        : {}),
      containers: [{ name: app, image: `registry.example/${app}:1.0.${i % 10}` }],
    },
    status: {
      phase: broken ? 'Pending' : 'Running',
      conditions: [{ type: 'Ready', status: broken ? 'False' : 'True' }],
      ...(mode === 'sidecar' ? { initContainerStatuses: [validation, running('istio-proxy')] } : {}),
      containerStatuses: [
        broken
          ? { name: app, ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }
          : running(app),
      ],
    },
  };
}

function event(
  i: number,
  pod: ScenarioObject,
  reason: string,
  message: string,
  host: string,
): ScenarioObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${pod.metadata.name}.18${i.toString(16).padStart(14, '0')}`,
      namespace: pod.metadata.namespace,
    },
    involvedObject: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name },
    reason,
    message,
    type: 'Warning',
    count: 1 + (i % 4),
    firstTimestamp: '2025-01-01T00:05:00Z',
    lastTimestamp: '2025-01-01T00:09:00Z',
    source: { component: reason === 'FailedCreatePodSandBox' ? 'kubelet' : 'cni-repair', host },
  };
}

export function generateLargeScenario(options: LargeScenarioOptions = {}): Scenario {
  const nodes = options.nodes ?? 500;
  const pods = options.pods ?? 5000;
  const realistic = options.realistic === true;
  const objects: ScenarioObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } },
    ...Array.from({ length: 5 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: `ambient-${i}`, labels: { 'istio.io/dataplane-mode': 'ambient' } },
    })),
    ...Array.from({ length: 20 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: `team-${i}`, labels: { 'istio-injection': 'enabled' } },
    })),
  ];
  const brokenNodes = new Set(BROKEN_NODES.filter((n) => n < nodes));
  for (let i = 0; i < nodes; i++) objects.push(node(i, realistic), cniPod(i, brokenNodes.has(i), realistic));
  objects.push({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'istio-cni-node', namespace: 'istio-system', labels: { 'k8s-app': 'istio-cni-node' } },
    spec: { template: { spec: { containers: [{ name: 'install-cni', image: IMAGE }] } } },
    status: {
      desiredNumberScheduled: nodes,
      currentNumberScheduled: nodes,
      numberReady: nodes - brokenNodes.size,
      numberAvailable: nodes - brokenNodes.size,
      numberUnavailable: brokenNodes.size,
    },
  });
  const workloads = pods - nodes;
  for (let i = 0; i < workloads; i++) {
    const mode = isSidecar(i) ? 'sidecar' : i % 9 < 7 ? 'ambient' : 'plain';
    const broken = isBroken(i);
    const plain = workload(i, nodes, mode, broken);
    const app = `app-${i % 97}`;
    const pod = realistic
      ? realisticPod(plain, i, i % nodes, app, `registry.example/${app}:1.0`, mode === 'sidecar', !broken)
      : plain;
    objects.push(pod);
    if (broken)
      objects.push(
        event(
          i,
          pod,
          'DeleteBrokenPod',
          `Deleting broken pod: ${pod.metadata.namespace}/${pod.metadata.name}`,
          `node-${i % nodes}`,
        ),
      );
    if (i % 450 === 1) {
      objects.push(
        event(
          i,
          pod,
          'FailedCreatePodSandBox',
          'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: plugin type="istio-cni" name="istio-cni" failed (add): failed to find plugin "istio-cni" in path [/opt/cni/bin]',
          `node-${i % nodes}`,
        ),
      );
    }
  }
  return { name: 'large', objects, logs: [], nodeFiles: [], ...(realistic ? { shared: true } : {}) };
}
