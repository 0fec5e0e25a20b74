/**
 * The reasons added for issue 12, one scenario file per group of D rows of the knowledge file's
 * failure table: each asserts the reason, the detail and the fix text (in the install's method).
 */
import * as assert from 'assert';
import { buildHealthModel } from '../../../src/core/health/buildModel';
import type { HealthModel } from '../../../src/core/health/model';
import { SCENARIO_NOW, scenarioData } from './scenarioData';

const model = (name: string): HealthModel => buildHealthModel(scenarioData(name), SCENARIO_NOW);
const reasons = (m: HealthModel): string[] =>
  m.affected.map((a) => `${a.reason} ${a.namespace}/${a.name.replace(/-[a-z0-9]{5}$/, '')}`);
const one = (m: HealthModel, reason: string) => {
  const a = m.affected.filter((x) => x.reason === reason);
  assert.strictEqual(a.length, 1, reason);
  return a[0] as NonNullable<(typeof a)[0]>;
};

describe('health reasons on the issue-12 scenarios', () => {
  it('validation-edge-cases (D4): a Job pod is never told "delete the pod"; Helm install detected', () => {
    const m = model('validation-edge-cases');
    assert.deepStrictEqual(reasons(m), ['validation-failed-not-recreated bookinfo/migrate-db-29160210']);
    const a = one(m, 'validation-failed-not-recreated');
    assert.match(
      a.detail,
      /exit 126 \(Init:Error, 0 restarts\); restartPolicy Never \(Job\/migrate-db-29160210\)/,
    );
    assert.match(a.nextStep, /delete and re-create the Job/);
    assert.doesNotMatch(a.nextStep, /delete the pod so/);
    assert.strictEqual(m.install?.method, 'helm');
    assert.strictEqual(m.install?.version, '1.26.1');
    assert.deepStrictEqual(m.install?.settings.excludeNamespaces, ['kube-system']);
    assert.strictEqual(m.install?.settings.repairMode, 'repairPods');
  });

  it('multus-openshift (D14, D15, D16, D30): Sail install, standalone, sandbox errors not naming istio-cni', () => {
    const m = model('multus-openshift');
    assert.deepStrictEqual(reasons(m), [
      'multus-annotation-missing bookinfo/reviews-v1-lmwr68wfk2',
      'sandbox-network-failed bookinfo/details-v1-6bdn68xcqh',
      'sandbox-network-failed bookinfo/productpage-v1-gcdkzk5b2z',
      'sandbox-network-failed bookinfo/ratings-v1-x47xfpwxcl',
    ]);
    assert.strictEqual(m.install?.method, 'sail');
    assert.strictEqual(m.install?.settings.chained, false);
    assert.strictEqual(m.install?.settings.cniConfFileName, 'istio-cni.conf');
    assert.match(one(m, 'multus-annotation-missing').nextStep, /pilot\.cni\.provider=multus/);
    assert.strictEqual(
      m.valueFixes['multus-annotation-missing']?.command,
      `kubectl patch istio default --type merge -p '{"spec":{"values":{"pilot":{"cni":{"provider":"multus"}}}}}'`,
    );
    const byPod = new Map(m.affected.map((a) => [a.name.split('-')[0], a]));
    assert.match(byPod.get('ratings')?.detail ?? '', /Multus cannot find the istio-cni network config/);
    assert.match(byPod.get('ratings')?.nextStep ?? '', /cniConfDir to the Multus conf dir/);
    assert.match(byPod.get('details')?.detail ?? '', /readiness indicator/);
    assert.match(byPod.get('details')?.nextStep ?? '', /chained=false with the Multus provider/);
    assert.match(byPod.get('productpage')?.detail ?? '', /Incompatible CNI versions/);
    assert.match(byPod.get('productpage')?.nextStep ?? '', /Align cniVersion/);
  });

  it('ambient-edge-cases (D8, D26, D27): ztunnel per node, probe SNAT, excluded namespace; IstioOperator', () => {
    const m = model('ambient-edge-cases');
    assert.deepStrictEqual(reasons(m), [
      'sandbox-cni-failed shop/checkout-v4lsjrfqq9',
      'ambient-probe-failing shop/frontend-7d9fb6c4c8',
      'ambient-not-enrolled legacy/billing-5f6c7d8b9c',
    ]);
    assert.match(
      one(m, 'sandbox-cni-failed').detail,
      /no ztunnel connection; ztunnel ztunnel-\w{5} on worker-2 is CrashLoopBackOff \(9 restarts\)/,
    );
    assert.match(one(m, 'ambient-probe-failing').nextStep, /169\.254\.7\.127\/32/);
    assert.match(
      one(m, 'ambient-not-enrolled').detail,
      /namespace legacy is in istio-cni excludeNamespaces \(kube-system,legacy\)/,
    );
    assert.match(one(m, 'ambient-not-enrolled').nextStep, /out of excludeNamespaces/);
    assert.deepStrictEqual(
      m.findings.map((f) => [f.reason, f.node]),
      [['ztunnel-not-ready', 'worker-2']],
    );
    assert.match(m.findings[0]?.nextStep ?? '', /kubectl logs -n istio-system ztunnel-\w{5}/);
    assert.strictEqual(m.install?.method, 'istioctl');
    assert.strictEqual(m.install?.owner?.name, 'installed-state');
    assert.strictEqual(m.nodes.find((n) => n.name === 'worker-1')?.ztunnel?.ready, true);
  });

  it('node-evidence (D6, D22, D23, D29): node, DaemonSet and RBAC findings; no install marker', () => {
    const m = model('node-evidence');
    assert.deepStrictEqual(
      m.findings.map((f) => [f.reason, f.subject]),
      [
        ['node-network-not-ready', 'Node/worker-3'],
        ['cni-agent-sandbox-failed', 'Pod/kube-system/istio-cni-node-phh7t'],
        ['daemonset-create-failed', 'DaemonSet/istio-system/ztunnel'],
        ['rbac-subject-namespace', 'ClusterRoleBinding/istio-cni'],
      ],
    );
    const f = new Map(m.findings.map((x) => [x.reason, x]));
    assert.match(
      f.get('node-network-not-ready')?.detail ?? '',
      /cni plugin not initialized; istio-cni-node istio-cni-node-phh7t is not-ready/,
    );
    assert.match(f.get('cni-agent-sandbox-failed')?.detail ?? '', /\(x23\).*Unauthorized/);
    assert.match(f.get('cni-agent-sandbox-failed')?.nextStep ?? '', /upgrade to 1\.27 or later/);
    assert.match(
      f.get('daemonset-create-failed')?.nextStep ?? '',
      /ResourceQuota for PriorityClass system-node-critical in istio-system/,
    );
    assert.match(
      f.get('rbac-subject-namespace')?.nextStep ?? '',
      /"path":"\/subjects\/0\/namespace","value":"kube-system"/,
    );
    assert.strictEqual(m.install?.method, 'unknown');
    assert.strictEqual(m.summary.healthy, false);
  });
});

describe('health reasons: istio-cni sandbox errors (D7, D9, D18)', () => {
  it('sandbox-variants: each error is classified and its fix is the one for that error', () => {
    const m = model('sandbox-variants');
    const by = new Map(m.affected.map((a) => [a.name.split('-')[0], a]));
    assert.deepStrictEqual(
      m.affected.map((a) => a.reason),
      ['sandbox-cni-failed', 'sandbox-cni-failed', 'sandbox-cni-failed'],
    );
    assert.match(by.get('ratings')?.detail ?? '', /fell back to localhost:8080/);
    assert.match(
      by.get('details')?.detail ?? '',
      /could not reach the node agent: .*failed to contact node Istio CNI agent/,
    );
    assert.match(by.get('productpage')?.detail ?? '', /needs a shell the node does not have/);
    for (const a of m.affected)
      assert.match(
        a.nextStep,
        /Read the istio-cni-node log on that node \(kubectl logs -n istio-system istio-cni-node-\w{5} -c install-cni\)/,
      );
    assert.notStrictEqual(by.get('ratings')?.nextStep, by.get('productpage')?.nextStep);
  });
});
