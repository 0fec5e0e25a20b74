import * as assert from 'assert';
import { buildHealthModel } from '../../../src/core/health/buildModel';
import { analyze } from '../../../src/core/health/verdict/analyze';
import type { NodeEvidence, Verdict } from '../../../src/core/health/verdict/types';
import { loadScenario } from '../../scenarios/loadScenario';
import { SCENARIO_NOW, scenarioData } from './scenarioData';

/** The demo's verdicts; `withNetd`: the NodeFile documents read as each node's net.d (what pods/exec would read). */
function demo(withNetd: boolean): Verdict[] {
  const data = scenarioData('demo');
  const model = buildHealthModel(data, SCENARIO_NOW);
  const extra: NodeEvidence[] = [];
  if (withNetd) {
    const files = loadScenario('demo').nodeFiles;
    for (const node of new Set(files.map((f) => f.node)))
      extra.push({
        node,
        netd: files.filter((f) => f.node === node).map((f) => ({ path: f.path, text: f.text })),
      });
  }
  return analyze(model, data, extra).verdicts;
}

const find = (vs: Verdict[], name: string, reason?: string): Verdict => {
  const v = vs.find((x) => x.name.startsWith(name) && (!reason || x.reason === reason));
  assert.ok(v, `no verdict for ${name}`);
  return v;
};

describe('verdicts: the cause graph joins pods to node evidence', () => {
  it("worker-4's double insertion explains details-v2's exit status 1, with the file ranges", () => {
    const v = find(demo(true), 'details-v2');
    assert.strictEqual(v.confidence, 'explained');
    assert.strictEqual(v.cause.id, 'istio-cni-runs-twice');
    assert.match(v.symptom, /exit status 1/);
    const kinds = v.chain.map((f) => f.source.kind);
    assert.deepStrictEqual(kinds.slice(0, 2), ['pod', 'event'], 'symptom first');
    const files = v.chain
      .filter((f) => f.source.kind === 'file')
      .map((f) => f.source.kind === 'file' && f.source.path);
    assert.ok(files.includes('/host/etc/cni/net.d/00-multus.conflist'));
    assert.ok(files.includes('/host/etc/cni/net.d/01-kube-ovn.conflist'));
    assert.match(v.fix, /cniConfFileName/);
    assert.deepStrictEqual(v.missing, []);
  });

  it('without net.d, details-v2 is suspected and says that reading net.d would confirm it', () => {
    const v = find(demo(false), 'details-v2');
    assert.strictEqual(v.confidence, 'suspected');
    assert.deepStrictEqual(
      v.missing.map((m) => [m.node, m.what]),
      [['worker-4', 'net.d']],
    );
    assert.match(v.missing[0]?.wouldShow ?? '', /runs twice/);
  });

  it('worker-3: the "Waiting for CNI network config file" line explains the not-ready agent and the pods stuck there', () => {
    const vs = demo(false);
    for (const name of ['reviews-v2', 'ratings-v1', 'payments']) {
      const v = find(vs, name);
      assert.strictEqual(v.node, 'worker-3');
      assert.strictEqual(v.confidence, 'explained', name);
      assert.strictEqual(v.cause.id, 'primary-cni-config-missing', name);
      const log = v.chain.find((f) => f.source.kind === 'log');
      assert.strictEqual(
        log?.text,
        'Waiting for CNI network config file to be written in /host/etc/cni/net.d...',
      );
      assert.deepStrictEqual(log?.source, {
        kind: 'log',
        node: 'worker-3',
        namespace: 'istio-system',
        pod: 'istio-cni-node-phh7t',
        container: 'install-cni',
        line: 42,
      });
      assert.ok(
        v.chain.some((f) =>
          f.text.startsWith('istio-cni-node istio-cni-node-phh7t on worker-3: Running, not ready'),
        ),
        'the agent state links pod and log line',
      );
    }
  });

  it("productpage's four deletions by repair are one eviction loop caused by the node's install error", () => {
    const vs = demo(false);
    const loops = vs.filter((v) => v.reason === 'eviction-loop');
    assert.strictEqual(loops.length, 1);
    const v = loops[0]!;
    assert.match(v.symptom, /Deployment\/productpage-v1: 4 deletions/);
    assert.strictEqual(v.cause.id, 'primary-cni-config-missing');
    const deletions = v.chain.filter((f) => f.source.kind === 'log' && /Deleting broken pod/.test(f.text));
    assert.strictEqual(deletions.length, 4);
    const times = deletions.map((f) => f.time);
    assert.deepStrictEqual([...times].sort(), times, 'in time order');
    assert.strictEqual(
      v.chain.filter((f) => f.source.kind === 'event').length,
      4,
      'the DeleteBrokenPod events',
    );
  });

  it('a node whose log was not read: suspected, and the log would confirm it', () => {
    const data = scenarioData('demo');
    data.cniLogs = {};
    const v = find(analyze(buildHealthModel(data, SCENARIO_NOW), data).verdicts, 'reviews-v2');
    assert.strictEqual(v.cause.id, 'agent-not-ready');
    assert.strictEqual(v.confidence, 'suspected');
    assert.ok(v.missing.some((m) => m.what === 'cni-log' && m.node === 'worker-3'));
  });
});
