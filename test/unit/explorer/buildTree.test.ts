import * as assert from 'assert';
import { buildHealthModel } from '../../../src/core/health/buildModel';
import { buildTree } from '../../../src/core/explorer/buildTree';
import type { ExplorerConnection } from '../../../src/core/explorer/connection';
import type { ExplorerItem } from '../../../src/core/explorer/item';
import { TreeIndex } from '../../../src/core/explorer/treeIndex';
import { SCENARIO_NOW, scenarioData } from '../health/scenarioData';

const connected: ExplorerConnection = {
  phase: 'connected',
  context: 'kind-demo',
  server: 'https://127.0.0.1:6443',
};
const model = (name: string) => buildHealthModel(scenarioData(name), SCENARIO_NOW);
const row = (items: ExplorerItem[], label: string): ExplorerItem => {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `row ${label} among ${items.map((i) => i.label).join(', ')}`);
  return found;
};
const rows = (items: ExplorerItem[]) => items.map((i) => [i.label, i.description, i.contextValue]);

describe('explorer tree from the health model', () => {
  it('the DaemonSet row lists the install method, the effective settings and the log-level action', () => {
    const ds = row(buildTree(connected, model('demo')).roots, 'istio-cni-node DaemonSet');
    assert.strictEqual(ds.collapsible, 'collapsed');
    assert.deepStrictEqual(rows(ds.children), [
      ['Install', 'Helm · Istio 1.26.1', 'setting'],
      ['Mode', 'chained', 'setting'],
      ['Repair', 'deletePods', 'setting'],
      ['Excluded namespaces', 'kube-system', 'setting'],
      ['Ambient', 'enabled', 'setting'],
      ['cniConfFileName', '(first valid file)', 'setting'],
      ['Agent log level', 'info', 'setting'],
      ['Plugin log level', 'info', 'setting'],
      ['Raise the CNI log level', 'preview the change', 'action.logLevel'],
    ]);
    assert.match(
      row(ds.children, 'Raise the CNI log level').tooltip,
      /helm upgrade istio-cni istio\/cni -n istio-system --reuse-values --set 'logging\.level=default:info\\,cni-plugin:debug'/,
    );
  });

  it('shows the cluster, the DaemonSet summary, the nodes and the affected workloads of the demo', () => {
    const tree = buildTree(connected, model('demo'));
    assert.strictEqual(tree.welcome, undefined);
    assert.deepStrictEqual(
      tree.roots.map((r) => r.kind),
      ['cluster', 'daemonSet', 'nodes', 'affected'],
    );
    assert.deepStrictEqual(rows(tree.roots.slice(0, 2)), [
      ['kind-demo', 'connected', 'cluster.live.connected'],
      ['istio-cni-node DaemonSet', '4/5 ready · 1.26.1 · Helm', 'daemonSet'],
    ]);
    assert.strictEqual(tree.affectedCount, 7);
    const nodes = row(tree.roots, 'Nodes');
    assert.strictEqual(nodes.description, '5 · 1 no ready istio-cni');
    assert.deepStrictEqual(
      nodes.children.map((n) => [n.label, n.description]),
      [
        ['worker-1', 'istio-cni ready · 1 affected'],
        ['worker-2', 'istio-cni ready'],
        ['worker-3', 'istio-cni not ready · 5 affected'],
        ['worker-4', 'istio-cni ready · 1 affected'],
        ['worker-5', 'istio-cni ready'],
      ],
    );
  });

  it('puts the istio-cni-node pod first under its node, then the affected pods with their reason', () => {
    const worker3 = row(row(buildTree(connected, model('demo')).roots, 'Nodes').children, 'worker-3');
    assert.strictEqual(worker3.color, 'list.errorForeground');
    assert.strictEqual(worker3.collapsible, 'expanded');
    assert.deepStrictEqual(rows(worker3.children), [
      ['istio-cni-node-phh7t', 'not ready (Running) · 1.26.1', 'pod.cni'],
      ['productpage-v1-gcdkzk5b2z-6jn8h', 'istio-validation failed', 'pod.affected.owned'],
      ['ratings-v1-x47xfpwxcl-6cvg8', 'istio-validation failed', 'pod.affected.owned'],
      ['reviews-v2-kjlwdx7cgh-9dvmd', 'istio-validation failed', 'pod.affected.owned'],
      ['productpage-v1-gcdkzk5b2z-b2l9h', 'Evicted again and again', 'pod.affected.owned'],
      ['payments-cklc5wpt5x-fctjz', 'Node has no ready istio-cni', 'pod.affected.owned'],
    ]);
    const ratings = worker3.children[2] as ExplorerItem;
    assert.deepStrictEqual(ratings.target, {
      pod: { namespace: 'bookinfo', name: 'ratings-v1-x47xfpwxcl-6cvg8', node: 'worker-3' },
      node: 'worker-3',
      cniPod: { namespace: 'istio-system', name: 'istio-cni-node-phh7t' },
      owner: { namespace: 'bookinfo', kind: 'Deployment', name: 'ratings-v1' },
    });
    assert.match(ratings.tooltip, /\*\*Cause:\*\* iptables redirection is missing/);
    assert.match(ratings.tooltip, /\*\*Next step:\*\* Check the node's istio\\-cni\\-node is Ready/);
  });

  it('shows the taint hint on a node whose istio-cni-node is ready but still tainted', () => {
    const worker5 = row(row(buildTree(connected, model('demo')).roots, 'Nodes').children, 'worker-5');
    assert.deepStrictEqual(
      worker5.children.map((c) => c.kind),
      ['cniPod', 'hint'],
    );
    assert.strictEqual(worker5.color, 'list.warningForeground');
  });

  it('groups affected workloads by reason (catalog order) and owner', () => {
    const affected = row(buildTree(connected, model('demo')).roots, 'Affected workloads');
    assert.deepStrictEqual(
      affected.children.map((r) => [r.label, r.description]),
      [
        ['istio-validation failed', '3'],
        ['Pod sandbox creation failed in istio-cni', '1'],
        ['Evicted again and again', '1'],
        ['Stuck on a node without a ready istio-cni', '1'],
        ['Ambient redirection pending', '1'],
      ],
    );
    const validation = affected.children[0] as ExplorerItem;
    assert.deepStrictEqual(rows(validation.children), [
      ['Deployment/productpage-v1', 'bookinfo · 1 pod', 'owner'],
      ['Deployment/ratings-v1', 'bookinfo · 1 pod', 'owner'],
      ['Deployment/reviews-v2', 'bookinfo · 1 pod', 'owner'],
    ]);
    assert.deepStrictEqual(rows(validation.children[0]?.children ?? []), [
      ['productpage-v1-gcdkzk5b2z-6jn8h', 'worker-3', 'pod.affected.owned'],
    ]);
  });

  it('gives every row a unique id, stable across rebuilds', () => {
    const ids = (t: ExplorerItem[]): string[] => t.flatMap((i) => [i.id, ...ids(i.children)]);
    const first = ids(buildTree(connected, model('demo')).roots);
    assert.strictEqual(new Set(first).size, first.length);
    assert.deepStrictEqual(ids(buildTree(connected, model('demo')).roots), first);
  });

  it('shows a healthy cluster all green with no affected workloads', () => {
    const tree = buildTree(connected, model('healthy'));
    assert.strictEqual(tree.affectedCount, 0);
    assert.strictEqual(row(tree.roots, 'Affected workloads').description, 'none');
    for (const n of row(tree.roots, 'Nodes').children)
      assert.strictEqual(n.color, 'testing.iconPassed', n.label);
  });

  it('asks for the welcome pages: no kubeconfig, no Istio CNI in the cluster', () => {
    const none = buildTree(
      { phase: 'failed', context: '', failure: { kind: 'no-kubeconfig', message: 'No kubeconfig found' } },
      undefined,
    );
    assert.deepStrictEqual([none.roots, none.welcome], [[], 'no-kubeconfig']);
    const noCni = buildTree(connected, model('no-istio-cni'));
    assert.deepStrictEqual([noCni.roots, noCni.welcome], [[], 'no-istio-cni']);
  });

  it('while a load runs, shows its first rows (DaemonSet, nodes) and what it is reading', () => {
    const data = scenarioData('demo');
    const first = buildHealthModel({ ...data, workloadPods: [], events: [], cniLogs: {} }, SCENARIO_NOW);
    const reading = buildTree(
      { phase: 'connecting', context: 'prod', progress: 'pods 40,000…, events…' },
      undefined,
      first,
    );
    assert.deepStrictEqual(rows(reading.roots), [
      ['prod', 'reading pods 40,000…, events…', 'cluster.live.connecting'],
      ['istio-cni-node DaemonSet', '4/5 ready · 1.26.1 · Helm', 'daemonSet'],
      ['Nodes', '5 · 1 no ready istio-cni', 'nodes'],
      ['Affected workloads', 'reading pods and events…', 'affected.reading'],
    ]);
    assert.strictEqual(
      row(reading.roots, 'Nodes').children.find((n) => n.label === 'worker-3')?.description,
      'istio-cni not ready',
    );
    assert.strictEqual(reading.affectedCount, 0);
    // Only while connecting: a failed load shows its state, not half a tree.
    const failed = buildTree(
      { phase: 'failed', context: 'prod', failure: { kind: 'unreachable', message: 'down' } },
      undefined,
      first,
    );
    assert.strictEqual(failed.roots.length, 1);
    // No istio-cni in what was read so far: no rows yet (the welcome page waits for the whole load).
    const noCni = buildHealthModel(scenarioData('no-istio-cni'), SCENARIO_NOW);
    const none = buildTree({ phase: 'connecting', context: 'prod' }, undefined, noCni);
    assert.deepStrictEqual(
      [rows(none.roots), none.welcome],
      [[['prod', 'connecting…', 'cluster.live.connecting']], undefined],
    );
  });

  it('shows only the cluster row with its state while not connected, even with an older model', () => {
    const slow = buildTree({ phase: 'connecting', context: 'prod' }, model('demo'));
    assert.deepStrictEqual(rows(slow.roots), [['prod', 'connecting…', 'cluster.live.connecting']]);
    assert.strictEqual(slow.affectedCount, 0);
    const forbidden = buildTree(
      {
        phase: 'failed',
        context: 'prod',
        retryInMs: 30_000,
        failure: {
          kind: 'forbidden',
          message: 'pods is forbidden',
          verb: 'list',
          resource: 'pods',
          namespace: 'istio-system',
        },
      },
      undefined,
    );
    const cluster = forbidden.roots[0] as ExplorerItem;
    assert.deepStrictEqual(
      [cluster.description, cluster.icon, cluster.contextValue],
      ['forbidden: list pods in istio-system', 'shield', 'cluster.live.forbidden'],
    );
    assert.match(cluster.tooltip, /Missing permission: `list pods in istio-system`[\s\S]*Retrying in 30 s/);
    const down = buildTree(
      { phase: 'failed', context: 'prod', failure: { kind: 'timeout', message: 'timed out' } },
      undefined,
    );
    assert.strictEqual(down.roots[0]?.description, 'unreachable (timeout)');
    const denied = buildTree(
      { phase: 'failed', context: 'prod', failure: { kind: 'exec-plugin-blocked', message: 'untrusted' } },
      undefined,
    );
    assert.strictEqual(denied.roots[0]?.description, 'unauthorized');
  });

  it('marks an offline snapshot as such', () => {
    const tree = buildTree(
      { phase: 'offline', context: 'snapshot:demo', source: '/tmp/demo' },
      model('demo'),
    );
    assert.deepStrictEqual(rows(tree.roots.slice(0, 1)), [
      ['snapshot:demo', 'offline snapshot', 'cluster.snapshot'],
    ]);
    assert.strictEqual(tree.affectedCount, 7);
  });

  it('finds rows and their parents for reveal', () => {
    const index = new TreeIndex(buildTree(connected, model('demo')).roots);
    const pod = index.findPod('bookinfo/ratings-v1-x47xfpwxcl-6cvg8');
    assert.strictEqual(pod?.id, 'node/worker-3/pod/bookinfo/ratings-v1-x47xfpwxcl-6cvg8/validation-failed');
    assert.strictEqual(index.parentOf(pod)?.label, 'worker-3');
    assert.strictEqual(index.findPod('ratings-v1-x47xfpwxcl-6cvg8')?.id, pod.id);
    assert.strictEqual(index.findPod('other/ratings-v1-x47xfpwxcl-6cvg8'), undefined);
    assert.strictEqual(index.findNode('worker-4')?.kind, 'node');
    const owner = index.findOwner({ namespace: 'shop', kind: 'Deployment', name: 'payments' });
    assert.strictEqual(
      index.parentOf(owner as ExplorerItem)?.label,
      'Stuck on a node without a ready istio-cni',
    );
  });

  it('collapses the node list of a large cluster so the first paint stays small', () => {
    const data = scenarioData('healthy');
    const template = data.nodes[0];
    assert.ok(template);
    data.nodes = Array.from({ length: 60 }, (_, i) => ({
      ...template,
      metadata: { ...template.metadata, name: `n-${String(i).padStart(2, '0')}` },
    }));
    const nodes = buildTree(connected, buildHealthModel(data, SCENARIO_NOW)).roots.find(
      (r) => r.kind === 'nodes',
    );
    assert.strictEqual(nodes?.collapsible, 'collapsed');
  });
});
