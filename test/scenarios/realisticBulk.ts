/**
 * What makes a generated object as large as a real one (issue 15: ~6.7 KB per pod on the wire):
 * `managedFields`, the injected istio-proxy's args and env, volumes, tolerations, timestamps and
 * IDs. The bulky parts are the same for every pod of one app (as they are for the pods of one
 * ReplicaSet), so they are built once per app and shared by reference: the server process holds
 * 150,000 pods without holding 1 GB of JSON, and still sends every byte of each pod.
 */

type Json = Record<string, unknown>;

const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-01T00:01:00Z';

/** fieldsV1 of `f:` keys as the API server writes them (every leaf `{}`). */
function fields(paths: string[]): Json {
  const root: Json = {};
  for (const p of paths) {
    let cur = root;
    for (const part of p.split('/')) cur = (cur[part] ??= {}) as Json;
  }
  return root;
}

function containerFields(name: string, extra: string[]): string[] {
  const k = `f:spec/f:containers/k:{"name":"${name}"}`;
  return [
    `${k}/.`,
    `${k}/f:image`,
    `${k}/f:imagePullPolicy`,
    `${k}/f:name`,
    `${k}/f:resources/f:limits/f:cpu`,
    `${k}/f:resources/f:limits/f:memory`,
    `${k}/f:resources/f:requests/f:cpu`,
    `${k}/f:resources/f:requests/f:memory`,
    `${k}/f:terminationMessagePath`,
    `${k}/f:terminationMessagePolicy`,
    ...extra.map((e) => `${k}/${e}`),
  ];
}

/** Injection happens at admission: the creator (the ReplicaSet controller) owns the injected fields. */
function managedFields(app: string): Json[] {
  const spec = [
    'f:metadata/f:generateName',
    'f:metadata/f:labels/.',
    'f:metadata/f:labels/f:app',
    'f:metadata/f:labels/f:pod-template-hash',
    'f:metadata/f:ownerReferences/.',
    'f:metadata/f:ownerReferences/k:{"uid":"4f1d2c3b-5a6e-4b7c-8d9e-0a1b2c3d4e5f"}',
    ...containerFields(app, [
      'f:env/.',
      'f:env/k:{"name":"LOG_LEVEL"}/.',
      'f:env/k:{"name":"LOG_LEVEL"}/f:name',
      'f:env/k:{"name":"LOG_LEVEL"}/f:value',
      'f:ports/.',
      'f:ports/k:{"containerPort":8080,"protocol":"TCP"}/.',
      'f:ports/k:{"containerPort":8080,"protocol":"TCP"}/f:containerPort',
      'f:readinessProbe/.',
      'f:readinessProbe/f:httpGet/.',
      'f:readinessProbe/f:httpGet/f:path',
      'f:readinessProbe/f:httpGet/f:port',
    ]),
    'f:spec/f:dnsPolicy',
    'f:spec/f:enableServiceLinks',
    'f:spec/f:restartPolicy',
    'f:spec/f:schedulerName',
    'f:spec/f:securityContext',
    'f:spec/f:terminationGracePeriodSeconds',
  ];
  const status = [
    'f:status/f:conditions/k:{"type":"ContainersReady"}/.',
    'f:status/f:conditions/k:{"type":"ContainersReady"}/f:lastProbeTime',
    'f:status/f:conditions/k:{"type":"ContainersReady"}/f:lastTransitionTime',
    'f:status/f:conditions/k:{"type":"ContainersReady"}/f:status',
    'f:status/f:conditions/k:{"type":"ContainersReady"}/f:type',
    'f:status/f:conditions/k:{"type":"Initialized"}/.',
    'f:status/f:conditions/k:{"type":"Initialized"}/f:lastProbeTime',
    'f:status/f:conditions/k:{"type":"Initialized"}/f:lastTransitionTime',
    'f:status/f:conditions/k:{"type":"Initialized"}/f:status',
    'f:status/f:conditions/k:{"type":"Initialized"}/f:type',
    'f:status/f:conditions/k:{"type":"PodReadyToStartContainers"}/.',
    'f:status/f:conditions/k:{"type":"PodReadyToStartContainers"}/f:lastProbeTime',
    'f:status/f:conditions/k:{"type":"PodReadyToStartContainers"}/f:lastTransitionTime',
    'f:status/f:conditions/k:{"type":"PodReadyToStartContainers"}/f:status',
    'f:status/f:conditions/k:{"type":"PodReadyToStartContainers"}/f:type',
    'f:status/f:conditions/k:{"type":"Ready"}/.',
    'f:status/f:conditions/k:{"type":"Ready"}/f:lastProbeTime',
    'f:status/f:conditions/k:{"type":"Ready"}/f:lastTransitionTime',
    'f:status/f:conditions/k:{"type":"Ready"}/f:status',
    'f:status/f:conditions/k:{"type":"Ready"}/f:type',
    'f:status/f:containerStatuses',
    'f:status/f:hostIP',
    'f:status/f:hostIPs',
    'f:status/f:initContainerStatuses',
    'f:status/f:phase',
    'f:status/f:podIP',
    'f:status/f:podIPs/.',
    'f:status/f:podIPs/k:{"ip":"10.0.0.1"}/.',
    'f:status/f:podIPs/k:{"ip":"10.0.0.1"}/f:ip',
    'f:status/f:startTime',
  ];
  const out: Json[] = [
    {
      manager: 'kube-controller-manager',
      operation: 'Update',
      apiVersion: 'v1',
      time: T0,
      fieldsType: 'FieldsV1',
      fieldsV1: fields(spec),
    },
  ];
  out.push({
    manager: 'kubelet',
    operation: 'Update',
    apiVersion: 'v1',
    time: T1,
    fieldsType: 'FieldsV1',
    fieldsV1: fields(status),
    subresource: 'status',
  });
  return out;
}

const RESOURCES = {
  limits: { cpu: '500m', memory: '512Mi' },
  requests: { cpu: '100m', memory: '128Mi' },
};

const TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

function proxyContainer(image: string): Json {
  const env = [
    ['PILOT_CERT_PROVIDER', 'istiod'],
    ['CA_ADDR', 'istiod.istio-system.svc:15012'],
    ['ISTIO_CPU_LIMIT', '2'],
    ['PROXY_CONFIG', '{}\n'],
    ['ISTIO_META_POD_PORTS', '[\n    {"containerPort":8080,"protocol":"TCP"}\n]'],
    ['ISTIO_META_APP_CONTAINERS', 'app'],
    ['GOMEMLIMIT', '1073741824'],
    ['GOMAXPROCS', '2'],
    ['ISTIO_META_CLUSTER_ID', 'Kubernetes'],
    ['ISTIO_META_NODE_NAME', ''],
    ['ISTIO_META_INTERCEPTION_MODE', 'REDIRECT'],
    ['ISTIO_META_MESH_ID', 'cluster.local'],
    ['TRUST_DOMAIN', 'cluster.local'],
  ].map(([name, value]) => ({ name, value }));
  return {
    name: 'istio-proxy',
    image,
    args: [
      'proxy',
      'sidecar',
      '--domain',
      '$(POD_NAMESPACE).svc.cluster.local',
      '--proxyLogLevel=warning',
      '--proxyComponentLogLevel=misc:error',
      '--log_output_level=default:info',
    ],
    ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
    env,
    resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } },
    restartPolicy: 'Always',
    volumeMounts: [
      { mountPath: '/var/run/secrets/workload-spiffe-uds', name: 'workload-socket' },
      { mountPath: '/var/run/secrets/credential-uds', name: 'credential-socket' },
      { mountPath: '/var/run/secrets/workload-spiffe-credentials', name: 'workload-certs' },
      { mountPath: '/var/run/secrets/istio', name: 'istiod-ca-cert' },
      { mountPath: '/var/lib/istio/data', name: 'istio-data' },
      { mountPath: '/etc/istio/proxy', name: 'istio-envoy' },
      { mountPath: '/var/run/secrets/tokens', name: 'istio-token' },
      { mountPath: '/etc/istio/pod', name: 'istio-podinfo' },
    ],
    readinessProbe: {
      httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' },
      periodSeconds: 15,
      failureThreshold: 4,
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 1337,
      runAsNonRoot: true,
      runAsUser: 1337,
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
  };
}

function volumes(sidecar: boolean): Json[] {
  const api = {
    name: 'kube-api-access-x7k2p',
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
          },
        },
      ],
    },
  };
  if (!sidecar) return [api];
  return [
    { name: 'workload-socket', emptyDir: {} },
    { name: 'credential-socket', emptyDir: {} },
    { name: 'workload-certs', emptyDir: {} },
    { name: 'istio-envoy', emptyDir: { medium: 'Memory' } },
    { name: 'istio-data', emptyDir: {} },
    {
      name: 'istio-podinfo',
      downwardAPI: {
        defaultMode: 420,
        items: [
          { path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } },
          { path: 'annotations', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.annotations' } },
        ],
      },
    },
    {
      name: 'istio-token',
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } },
        ],
      },
    },
    { name: 'istiod-ca-cert', configMap: { defaultMode: 420, name: 'istio-ca-root-cert' } },
    api,
  ];
}

export interface PodBulk {
  managedFields: Json[];
  /** Fields added to spec (containers and initContainers are replaced). */
  spec: Json;
  initContainers: Json[] | undefined;
  containers: Json[];
}

const cache = new Map<string, PodBulk>();

/** The shared bulk of every pod of `app` (built once per app and mode). */
export function podBulk(app: string, image: string, sidecar: boolean, proxyImage: string): PodBulk {
  const key = `${app}|${sidecar}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const main: Json = {
    name: app,
    image,
    imagePullPolicy: 'IfNotPresent',
    env: [{ name: 'LOG_LEVEL', value: 'info' }],
    ports: [{ containerPort: 8080, protocol: 'TCP' }],
    readinessProbe: { httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, periodSeconds: 10 },
    resources: RESOURCES,
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    volumeMounts: [
      {
        mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
        name: 'kube-api-access-x7k2p',
        readOnly: true,
      },
    ],
  };
  const bulk: PodBulk = {
    managedFields: managedFields(app),
    spec: {
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: TOLERATIONS,
      volumes: volumes(sidecar),
    },
    initContainers: sidecar
      ? [
          {
            name: 'istio-validation',
            image: proxyImage,
            args: [
              'istio-iptables',
              '-p',
              '15001',
              '-z',
              '15006',
              '-u',
              '1337',
              '-m',
              'REDIRECT',
              '-i',
              '*',
              '-x',
              '',
              '-b',
              '*',
              '-d',
              '15090,15021,15020',
              '--log_output_level=default:info',
              '--run-validation',
              '--skip-rule-apply',
            ],
            resources: RESOURCES,
            securityContext: { capabilities: { drop: ['ALL'] }, runAsNonRoot: true, runAsUser: 1337 },
          },
          proxyContainer(proxyImage),
        ]
      : undefined,
    containers: [main],
  };
  cache.set(key, bulk);
  return bulk;
}

/** The per-pod status fields a real kubelet reports (IPs, start time, container IDs). */
export function podStatusExtras(i: number, node: number): Json {
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const host = `172.16.${(node >> 8) & 255}.${node & 255}`;
  return {
    hostIP: host,
    hostIPs: [{ ip: host }],
    podIP: ip,
    podIPs: [{ ip }],
    qosClass: 'Burstable',
    startTime: T0,
  };
}

const ID_TAIL = 'a3f9c2e1b7d4'.repeat(4);
const IMAGE_ID = `registry.example/app@sha256:${'9b2f4c1e8d7a6b5c'.repeat(4)}`;

/** Container IDs and image IDs added to each container status. */
export function withRuntimeIds(statuses: Json[], i: number): Json[] {
  return statuses.map((s, n) => ({
    ...s,
    containerID: `containerd://${(i * 7919 + n).toString(16).padStart(16, '0')}${ID_TAIL}`,
    image: 'registry.example/app:1.0',
    imageID: IMAGE_ID,
  }));
}

const CONDITIONS = { ready: conditions(true), notReady: conditions(false) };

/** The conditions a kubelet reports for a pod, Ready as given (shared: nothing writes them). */
export function podConditions(ready: boolean): Json[] {
  return ready ? CONDITIONS.ready : CONDITIONS.notReady;
}

function conditions(ready: boolean): Json[] {
  const c = (type: string, status: boolean): Json => ({
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: T1,
  });
  return [
    c('PodReadyToStartContainers', true),
    c('Initialized', ready),
    c('Ready', ready),
    c('ContainersReady', ready),
    c('PodScheduled', true),
  ];
}

/** The bulk of a Node: images, addresses, capacity, managedFields. */
export function nodeExtras(i: number): { metadata: Json; spec: Json; status: Json } {
  return {
    metadata: {
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
      managedFields: NODE_MANAGED,
    },
    spec: {
      podCIDR: `10.${(i >> 8) & 255}.${i & 255}.0/24`,
      providerID: `aws:///us-east-1a/i-${i.toString(16).padStart(17, '0')}`,
    },
    status: {
      addresses: [
        { type: 'InternalIP', address: `172.16.${(i >> 8) & 255}.${i & 255}` },
        { type: 'Hostname', address: `node-${i}` },
      ],
      allocatable: { cpu: '7910m', 'ephemeral-storage': '95491281146', memory: '31619104Ki', pods: '110' },
      capacity: { cpu: '8', 'ephemeral-storage': '103615420Ki', memory: '32633888Ki', pods: '110' },
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images: NODE_IMAGES,
    },
  };
}

const NODE_IMAGES = Array.from({ length: 12 }, (_, n) => ({
  names: [
    `registry.example/app-${n}@sha256:${'4e7d2a9c1b3f5e6d'.repeat(4)}`,
    `registry.example/app-${n}:1.0.${n % 10}`,
  ],
  sizeBytes: 20_000_000 + n * 1_234_567,
}));

const NODE_MANAGED = [
  {
    manager: 'kubelet',
    operation: 'Update',
    apiVersion: 'v1',
    time: T0,
    fieldsType: 'FieldsV1',
    fieldsV1: fields([
      'f:metadata/f:annotations/.',
      'f:metadata/f:annotations/f:node.alpha.kubernetes.io/ttl',
      'f:metadata/f:annotations/f:volumes.kubernetes.io/controller-managed-attach-detach',
      'f:metadata/f:labels/.',
      'f:metadata/f:labels/f:kubernetes.io/hostname',
      'f:metadata/f:labels/f:topology.kubernetes.io/zone',
      'f:spec/f:podCIDR',
      'f:spec/f:providerID',
    ]),
  },
  {
    manager: 'kubelet',
    operation: 'Update',
    apiVersion: 'v1',
    time: T1,
    fieldsType: 'FieldsV1',
    fieldsV1: fields([
      'f:status/f:allocatable/f:cpu',
      'f:status/f:allocatable/f:memory',
      'f:status/f:capacity/f:cpu',
      'f:status/f:capacity/f:memory',
      'f:status/f:conditions/k:{"type":"DiskPressure"}/f:lastHeartbeatTime',
      'f:status/f:conditions/k:{"type":"MemoryPressure"}/f:lastHeartbeatTime',
      'f:status/f:conditions/k:{"type":"PIDPressure"}/f:lastHeartbeatTime',
      'f:status/f:conditions/k:{"type":"Ready"}/f:lastHeartbeatTime',
      'f:status/f:images',
      'f:status/f:nodeInfo/f:bootID',
    ]),
    subresource: 'status',
  },
];
