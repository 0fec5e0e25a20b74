import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import type { ClusterFailure } from '../../../src/cluster/clusterClient';
import { parseDescribeNodes } from '../../../src/cluster/snapshot/describeNodes';
import { SnapshotClusterClient } from '../../../src/cluster/snapshot/snapshotClusterClient';
import { buildHealthModel } from '../../../src/core/health/buildModel';
import type { ClusterData } from '../../../src/core/health/clusterData';
import type { K8sNode } from '../../../src/core/health/k8s';
import { loadScenario, type Scenario } from '../../scenarios/loadScenario';
import { SCENARIO_NOW, scenarioData } from '../health/scenarioData';

let tmp = '';
const write = (rel: string, text: string | Buffer): void => {
  const p = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
};
const byKind = (s: Scenario, kind: string): unknown[] => s.objects.filter((o) => o.kind === kind);

async function load(dir = tmp): Promise<ClusterData> {
  const r = await new SnapshotClusterClient(dir).load();
  if (!r.ok) assert.fail(r.error.message);
  return r.value;
}

async function failure(dir: string): Promise<ClusterFailure> {
  const r = await new SnapshotClusterClient(dir).load();
  assert.ok(!r.ok, 'expected a failure');
  return r.error;
}

/** `kubectl describe nodes` text for the fields the parser reads (plus noise it must skip). */
function describeNodesText(nodes: K8sNode[]): string {
  return nodes
    .map((n) => {
      const labels = Object.entries(n.metadata?.labels ?? {}).map(([k, v]) => `${k}=${v}`);
      const taints = (n.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
      const ready = n.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
      return [
        `Name:               ${n.metadata?.name}`,
        'Roles:              <none>',
        `Labels:             ${labels[0] ?? '<none>'}`,
        ...labels.slice(1).map((l) => `                    ${l}`),
        'Annotations:        node.alpha.kubernetes.io/ttl: 0',
        '                    volumes.kubernetes.io/controller-managed-attach-detach: true',
        'CreationTimestamp:  Tue, 10 Jun 2025 08:12:44 +0000',
        `Taints:             ${taints[0] ?? '<none>'}`,
        ...taints.slice(1).map((t) => `                    ${t}`),
        'Unschedulable:      false',
        'Conditions:',
        '  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message',
        '  ----             ------  -----------------                 ------------------                ------                       -------',
        '  MemoryPressure   False   Thu, 12 Jun 2025 21:30:00 +0000   Tue, 10 Jun 2025 08:12:44 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available',
        `  Ready            ${ready}    Thu, 12 Jun 2025 21:30:00 +0000   Tue, 10 Jun 2025 08:13:30 +0000   KubeletReady                 kubelet is posting ready status`,
        'Addresses:',
        '  InternalIP:  10.0.1.17',
        '',
      ].join('\n');
    })
    .join('\n');
}

describe('SnapshotClusterClient', () => {
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-snapshot-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('a directory of kubectl get -o yaml|json output (Lists, single objects, multi-doc) gives the same model as the scenario', async () => {
    const s = loadScenario('eviction-loop');
    write('pods.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: byKind(s, 'Pod') }, null, 2));
    write(
      'cluster/nodes.json',
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'NodeList',
        items: byKind(s, 'Node').map((n) => ({ ...(n as object), kind: undefined })),
      }),
    );
    write(
      'events.yml',
      byKind(s, 'Event')
        .map((e) => yaml.dump(e))
        .join('---\n'),
    );
    write('ds.yaml', yaml.dump(byKind(s, 'DaemonSet')[0]));
    write('namespaces.yaml', yaml.dump({ kind: 'NamespaceList', items: byKind(s, 'Namespace') }));
    write('notes.txt', 'not kubernetes');
    for (const l of s.logs)
      write(`logs/${l.namespace}/${l.pod}/${l.container}${l.previous ? '.previous' : ''}.log`, l.text);
    const data = await load();
    assert.deepStrictEqual(
      buildHealthModel(data, SCENARIO_NOW),
      buildHealthModel(scenarioData('eviction-loop'), SCENARIO_NOW),
    );
    assert.match(Object.values(data.cniLogs).join('\n'), /Pod detected as broken, deleting/);
  });

  it('an extracted istioctl bug-report: cluster/k8s-resources, cluster/nodes (describe), cluster-context, per-pod logs', async () => {
    const s = loadScenario('demo');
    const resources = s.objects.filter((o) => o.kind !== 'Node');
    write(
      'bug-report/cluster/k8s-resources',
      yaml.dump({ apiVersion: 'v1', kind: 'List', items: resources, metadata: { resourceVersion: '' } }),
    );
    write('bug-report/cluster/nodes', describeNodesText(byKind(s, 'Node') as K8sNode[]));
    write('bug-report/cluster/cluster-context', 'kind-demo\nhttps://127.0.0.1:6443\n');
    write('bug-report/cluster/events', 'NAMESPACE   LAST SEEN   TYPE      REASON   OBJECT   MESSAGE\n');
    write('bug-report/versions', 'CLI version: 1.26.1\n');
    write(
      'bug-report/analyze/all-namespaces',
      'Info [IST0102] (Namespace default) The namespace is not enabled for Istio injection.\n',
    );
    for (const l of s.logs)
      write(
        `bug-report/proxies/${l.namespace}/${l.pod}/${l.container}${l.previous ? '.previous' : ''}.log`,
        l.text,
      );
    const client = new SnapshotClusterClient(tmp);
    const r = await client.load();
    if (!r.ok) assert.fail(r.error.message);
    assert.deepStrictEqual(client.info(), {
      context: 'kind-demo',
      server: 'https://127.0.0.1:6443',
      source: 'snapshot',
    });
    const got = buildHealthModel(r.value, SCENARIO_NOW);
    const want = buildHealthModel(scenarioData('demo'), SCENARIO_NOW);
    assert.deepStrictEqual(got.affected, want.affected);
    assert.deepStrictEqual(
      got.nodes.map((n) => [n.name, n.status, n.notReadyTaint, n.nodeReady]),
      want.nodes.map((n) => [n.name, n.status, n.notReadyTaint, n.nodeReady]),
    );
    assert.deepStrictEqual(
      got.taintHints.map((h) => h.node),
      ['worker-5'],
    );
  });

  it('a scenario file works as a snapshot (PodLog documents become logs), and podLog serves them', async () => {
    fs.copyFileSync(
      path.resolve(__dirname, '../../../../test/scenarios/validation-failed.yaml'),
      path.join(tmp, 'validation-failed.yaml'),
    );
    const client = new SnapshotClusterClient(tmp);
    const data = await client.load();
    assert.ok(data.ok);
    const pod =
      scenarioData('validation-failed').workloadPods.find((p) => p.metadata?.name?.startsWith('reviews-v2'))
        ?.metadata?.name ?? '';
    const log = await client.podLog({
      namespace: 'bookinfo',
      pod,
      container: 'istio-validation',
      previous: true,
      tailLines: 5,
    });
    assert.ok(log.ok);
    assert.strictEqual(log.value.replace(/\n$/, '').split('\n').length, 5);
    assert.match(log.value, /Otherwise, this pod will need to be manually removed/);
    const missing = await client.podLog({ namespace: 'bookinfo', pod, container: 'istio-validation' });
    assert.ok(!missing.ok && missing.error.kind === 'not-found');
    let called = false;
    client
      .watch({
        onEvent: () => (called = true),
        onRelist: () => (called = true),
        onState: () => (called = true),
      })
      .dispose();
    assert.strictEqual(called, false);
  });

  it('bad snapshots fail with a clear bad-snapshot message naming the problem', async () => {
    const missing = await failure(path.join(tmp, 'nope'));
    assert.strictEqual(missing.kind, 'bad-snapshot');
    assert.match(missing.message, /cannot read .*nope.*no such file/i);

    assert.match((await failure(tmp)).message, /no Kubernetes objects found in/);

    write('a/pods.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: [unclosed\n');
    assert.match((await failure(tmp)).message, /a\/pods\.yaml is not valid YAML/);
    fs.rmSync(path.join(tmp, 'a'), { recursive: true });

    write('bin.yaml', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1]));
    assert.match((await failure(tmp)).message, /bin\.yaml is not a text file/);
    fs.rmSync(path.join(tmp, 'bin.yaml'));

    write('ps.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: Pod\n', 'utf16le')]));
    assert.match((await failure(tmp)).message, /ps\.yaml is UTF-16 encoded: save it as UTF-8/);
    fs.rmSync(path.join(tmp, 'ps.yaml'));

    write('deep.json', '['.repeat(200_000));
    assert.match((await failure(tmp)).message, /deep\.json is not valid JSON/);

    assert.match((await failure(path.join(tmp, 'bug-report.tar.gz'))).message, /extract it first/);
  });

  it('describe nodes: taints with values and several per node, NotReady, labels', () => {
    const text = describeNodesText([
      {
        metadata: { name: 'a', labels: { 'kubernetes.io/os': 'linux' } },
        spec: {
          taints: [
            { key: 'cni.istio.io/not-ready', effect: 'NoSchedule' },
            { key: 'dedicated', value: 'mesh', effect: 'NoExecute' },
          ],
        },
        status: { conditions: [{ type: 'Ready', status: 'False' }] },
      },
      {
        metadata: { name: 'b', labels: {} },
        spec: {},
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      },
    ]);
    const nodes = parseDescribeNodes(text);
    assert.deepStrictEqual(
      nodes.map((n) => [n.metadata?.name, n.spec?.taints, n.status?.conditions, n.metadata?.labels]),
      [
        [
          'a',
          [
            { key: 'cni.istio.io/not-ready', value: undefined, effect: 'NoSchedule' },
            { key: 'dedicated', value: 'mesh', effect: 'NoExecute' },
          ],
          [{ type: 'Ready', status: 'False' }],
          { 'kubernetes.io/os': 'linux' },
        ],
        ['b', undefined, [{ type: 'Ready', status: 'True' }], {}],
      ],
    );
    assert.deepStrictEqual(parseDescribeNodes('\u0000\u0001 garbage\n\n'), []);
  });
});
