/**
 * Maps a request path to the resource it names: `/api/v1/[namespaces/{ns}/]{resource}[/{name}[/{sub}]]`
 * and `/apis/{group}/{version}/...`, for the kinds the extension reads.
 */

export interface ResourceType {
  resource: string;
  kind: string;
  group: string;
  apiVersion: string;
  namespaced: boolean;
}

export const RESOURCES: ResourceType[] = [
  { resource: 'pods', kind: 'Pod', group: '', apiVersion: 'v1', namespaced: true },
  { resource: 'events', kind: 'Event', group: '', apiVersion: 'v1', namespaced: true },
  { resource: 'configmaps', kind: 'ConfigMap', group: '', apiVersion: 'v1', namespaced: true },
  { resource: 'nodes', kind: 'Node', group: '', apiVersion: 'v1', namespaced: false },
  { resource: 'namespaces', kind: 'Namespace', group: '', apiVersion: 'v1', namespaced: false },
  { resource: 'daemonsets', kind: 'DaemonSet', group: 'apps', apiVersion: 'apps/v1', namespaced: true },
  {
    resource: 'clusterrolebindings',
    kind: 'ClusterRoleBinding',
    group: 'rbac.authorization.k8s.io',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    namespaced: false,
  },
];

export interface Route {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export function parseRoute(pathname: string): Route | undefined {
  let group: string;
  let rest: string;
  if (pathname.startsWith('/api/v1/')) {
    group = '';
    rest = pathname.slice('/api/v1/'.length);
  } else if (pathname.startsWith('/apis/apps/v1/')) {
    group = 'apps';
    rest = pathname.slice('/apis/apps/v1/'.length);
  } else if (pathname.startsWith('/apis/rbac.authorization.k8s.io/v1/')) {
    group = 'rbac.authorization.k8s.io';
    rest = pathname.slice('/apis/rbac.authorization.k8s.io/v1/'.length);
  } else {
    return undefined;
  }
  const segs = rest
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  let namespace: string | undefined;
  if (segs[0] === 'namespaces' && segs.length >= 3) {
    namespace = segs[1];
    segs.splice(0, 2);
  }
  const [resource, name, subresource, extra] = segs;
  const type = RESOURCES.find((r) => r.resource === resource && r.group === group);
  if (!type || extra !== undefined || (namespace !== undefined && !type.namespaced)) return undefined;
  return {
    type,
    ...(namespace === undefined ? {} : { namespace }),
    ...(name === undefined ? {} : { name }),
    ...(subresource === undefined ? {} : { subresource }),
  };
}

export const DISCOVERY: Record<string, unknown> = {
  '/version': { major: '1', minor: '31', gitVersion: 'v1.31.0-icd-test', platform: 'linux/amd64' },
  '/api': {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }],
  },
  '/apis': {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [
      {
        name: 'apps',
        versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
        preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
      },
      {
        name: 'rbac.authorization.k8s.io',
        versions: [{ groupVersion: 'rbac.authorization.k8s.io/v1', version: 'v1' }],
        preferredVersion: { groupVersion: 'rbac.authorization.k8s.io/v1', version: 'v1' },
      },
    ],
  },
  '/api/v1': {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: RESOURCES.filter((r) => r.group === '').map((r) => ({
      name: r.resource,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: ['get', 'list', 'watch'],
    })),
  },
  '/apis/apps/v1': {
    kind: 'APIResourceList',
    groupVersion: 'apps/v1',
    resources: [{ name: 'daemonsets', namespaced: true, kind: 'DaemonSet', verbs: ['get', 'list', 'watch'] }],
  },
  '/apis/rbac.authorization.k8s.io/v1': {
    kind: 'APIResourceList',
    groupVersion: 'rbac.authorization.k8s.io/v1',
    resources: [
      {
        name: 'clusterrolebindings',
        namespaced: false,
        kind: 'ClusterRoleBinding',
        verbs: ['get', 'list', 'watch'],
      },
    ],
  },
};
