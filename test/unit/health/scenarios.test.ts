import * as assert from 'assert';
import { buildHealthModel } from '../../../src/core/health/buildModel';
import type { HealthModel, NodeCniStatus } from '../../../src/core/health/model';
import { formatOwner } from '../../../src/core/health/owner';
import { SCENARIO_NOW, scenarioData } from './scenarioData';

type Row = [reason: string, pod: string, node: string, owner: string | null];

const rows = (m: HealthModel): Row[] =>
  m.affected.map((a) => [a.reason, `${a.namespace}/${a.name}`, a.node, formatOwner(a.owner)]);
const statuses = (m: HealthModel): Record<string, NodeCniStatus> =>
  Object.fromEntries(m.nodes.map((n) => [n.name, n.status]));
const model = (name: string): HealthModel => buildHealthModel(scenarioData(name), SCENARIO_NOW);
const allReady = { 'worker-1': 'ready', 'worker-2': 'ready', 'worker-3': 'ready' };

describe('health model on the scenarios', () => {
  it('healthy: every node ready, nothing affected, healthy verdict', () => {
    const m = model('healthy');
    assert.deepStrictEqual(statuses(m), allReady);
    assert.deepStrictEqual(rows(m), []);
    assert.strictEqual(m.summary.healthy, true);
    assert.deepStrictEqual(m.daemonSet, {
      namespace: 'istio-system',
      name: 'istio-cni-node',
      desired: 3,
      ready: 3,
      version: '1.26.1-distroless',
    });
    const p = m.nodes[0]?.cniPod;
    assert.strictEqual(p?.version, '1.26.1-distroless');
    assert.strictEqual(p?.ageSeconds, 1900); // created 20:58:20, now 21:30:00
  });

  it('validation-failed (D1, D3): exit 126 after "pod repaired" twice is repair not taking effect', () => {
    const m = model('validation-failed');
    assert.deepStrictEqual(statuses(m), allReady);
    assert.deepStrictEqual(rows(m), [
      ['repair-ineffective', 'bookinfo/reviews-v2-kjlwdx7cgh-gsjzf', 'worker-2', 'Deployment/reviews-v2'],
    ]);
    assert.match(
      m.affected[0]?.detail ?? '',
      /istio-validation exit 126 \(Init:CrashLoopBackOff, 4 restarts\) after "pod repaired" 2 times in the istio-cni-node log on worker-2/,
    );
    assert.match(m.affected[0]?.nextStep ?? '', /repair\.repairPods=false, repair\.deletePods=true/);
    assert.strictEqual(m.summary.healthy, false);
    assert.strictEqual(m.summary.affected['repair-ineffective'], 1);
    // Without the repair lines it is the plain race (D1), and the fix deletes the pod.
    const data = scenarioData('validation-failed');
    const plain = buildHealthModel({ ...data, cniLogs: {} }, SCENARIO_NOW);
    assert.deepStrictEqual(
      plain.affected.map((a) => a.reason),
      ['validation-failed'],
    );
    assert.match(plain.affected[0]?.nextStep ?? '', /delete the pod so its owner recreates it/);
  });

  it('sandbox-cni-failed: the FailedCreatePodSandBox error is classified', () => {
    const m = model('sandbox-cni-failed');
    assert.deepStrictEqual(rows(m), [
      ['sandbox-cni-failed', 'bookinfo/ratings-v1-x47xfpwxcl-6cvg8', 'worker-3', 'Deployment/ratings-v1'],
    ]);
    assert.match(
      m.affected[0]?.detail ?? '',
      /\(x12\): istio-cni binary missing from the CNI bin dir: failed to find plugin "istio-cni" in path \[\/opt\/cni\/bin\]/,
    );
    assert.match(
      m.affected[0]?.nextStep ?? '',
      /kubectl logs -n istio-system istio-cni-node-\w{5} -c install-cni/,
    );
  });

  it('repair-deleted: the deleted pod, seen in the event and the log, owner from its name', () => {
    const m = model('repair-deleted');
    assert.deepStrictEqual(rows(m), [
      ['repair-deleted', 'bookinfo/details-v1-6bdn68xcqh-ct2tm', 'worker-2', 'Deployment/details-v1'],
    ]);
    assert.match(m.affected[0]?.detail ?? '', /\(event and log\)/);
    assert.doesNotMatch(
      m.affected[0]?.detail ?? '',
      /times/,
      'an event and its log line are one deletion, not two',
    );
  });

  it('repair-labeled: the pod labeled cni.istio.io/uninitialized', () => {
    const m = model('repair-labeled');
    assert.deepStrictEqual(rows(m), [
      ['repair-labeled', 'bookinfo/reviews-v1-lmwr68wfk2-4tqx8', 'worker-3', 'Deployment/reviews-v1'],
    ]);
  });

  it('eviction-loop: five deletions of one Deployment become one entry, next to its failing pod', () => {
    const m = model('eviction-loop');
    assert.deepStrictEqual(statuses(m), { ...allReady, 'worker-1': 'not-ready' });
    assert.deepStrictEqual(rows(m), [
      [
        'validation-failed',
        'bookinfo/productpage-v1-gcdkzk5b2z-6vxf4',
        'worker-1',
        'Deployment/productpage-v1',
      ],
      ['eviction-loop', 'bookinfo/productpage-v1-gcdkzk5b2z-xx988', 'worker-1', 'Deployment/productpage-v1'],
    ]);
    assert.strictEqual(
      m.affected[1]?.detail,
      'Deployment/productpage-v1: 5 deletions of 5 pods by race repair on worker-1',
    );
    assert.match(m.affected[0]?.detail ?? '', /istio-cni-node on worker-1 is not-ready/);
  });

  it('node-cni-not-ready: a pod stuck on the node whose istio-cni-node crash-loops', () => {
    const m = model('node-cni-not-ready');
    assert.deepStrictEqual(statuses(m), { ...allReady, 'worker-3': 'crash-looping' });
    assert.deepStrictEqual(rows(m), [
      ['node-cni-not-ready', 'bookinfo/reviews-v2-kjlwdx7cgh-9dvmd', 'worker-3', 'Deployment/reviews-v2'],
    ]);
    const w3 = m.nodes.find((n) => n.name === 'worker-3');
    assert.strictEqual(w3?.cniPod?.restarts, 7);
    assert.strictEqual(w3?.cniPod?.stateReason, 'CrashLoopBackOff');
    assert.deepStrictEqual(m.daemonSet && [m.daemonSet.ready, m.daemonSet.desired], [2, 3]);
  });

  it('ambient-pending: only the pending pod, not the enabled one', () => {
    const m = model('ambient-pending');
    assert.deepStrictEqual(rows(m), [
      ['ambient-pending', 'shop/checkout-v4lsjrfqq9-6vmqq', 'worker-1', 'Deployment/checkout'],
    ]);
  });

  it('no-istio-cni: not installed, every node missing its istio-cni-node, not healthy', () => {
    const m = model('no-istio-cni');
    assert.strictEqual(m.daemonSet, null);
    assert.deepStrictEqual(statuses(m), {
      'worker-1': 'missing',
      'worker-2': 'missing',
      'worker-3': 'missing',
    });
    assert.deepStrictEqual(rows(m), []);
    assert.strictEqual(m.summary.cniInstalled, false);
    assert.strictEqual(m.summary.healthy, false);
    assert.match(m.summary.problems[0] ?? '', /not installed/);
  });

  it('demo: every reason of the guide at once, grouped in reason order, plus the taint hint', () => {
    const m = model('demo');
    assert.deepStrictEqual(statuses(m), {
      ...allReady,
      'worker-3': 'not-ready',
      'worker-4': 'ready',
      'worker-5': 'ready',
    });
    assert.deepStrictEqual(rows(m), [
      [
        'validation-failed',
        'bookinfo/productpage-v1-gcdkzk5b2z-6jn8h',
        'worker-3',
        'Deployment/productpage-v1',
      ],
      ['validation-failed', 'bookinfo/ratings-v1-x47xfpwxcl-6cvg8', 'worker-3', 'Deployment/ratings-v1'],
      ['validation-failed', 'bookinfo/reviews-v2-kjlwdx7cgh-9dvmd', 'worker-3', 'Deployment/reviews-v2'],
      ['sandbox-cni-failed', 'bookinfo/details-v2-h2w6jplkph-l4nsn', 'worker-4', 'Deployment/details-v2'],
      ['eviction-loop', 'bookinfo/productpage-v1-gcdkzk5b2z-b2l9h', 'worker-3', 'Deployment/productpage-v1'],
      ['node-cni-not-ready', 'shop/payments-cklc5wpt5x-fctjz', 'worker-3', 'Deployment/payments'],
      ['ambient-pending', 'shop/checkout-v4lsjrfqq9-6vmqq', 'worker-1', 'Deployment/checkout'],
    ]);
    assert.match(m.affected[3]?.detail ?? '', /exit status 1/);
    assert.deepStrictEqual(
      m.taintHints.map((h) => h.node),
      ['worker-5'],
    );
    assert.deepStrictEqual(m.summary.nodes, { ready: 4, 'not-ready': 1, 'crash-looping': 0, missing: 0 });
  });
});

describe('printed commands carry the connection', () => {
  it("every kubectl command in a next step names the connection's --kubeconfig and --context", () => {
    const flags = "--kubeconfig '/tmp/demo kubeconfig' --context icd-demo";
    const m = buildHealthModel(scenarioData('demo'), SCENARIO_NOW, { commandFlags: flags });
    const steps = m.affected.map((a) => a.nextStep).filter((s) => s.includes('kubectl '));
    assert.ok(steps.length >= 4, `next steps with a kubectl command: ${steps.length}`);
    for (const s of steps)
      for (const cmd of s.match(/kubectl [^()]*/g) ?? []) assert.ok(cmd.trimEnd().endsWith(flags), cmd);
    const plain = buildHealthModel(scenarioData('demo'), SCENARIO_NOW);
    assert.ok(plain.affected.every((a) => !a.nextStep.includes('--kubeconfig')));
  });
});
