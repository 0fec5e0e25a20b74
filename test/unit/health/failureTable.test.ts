/**
 * The knowledge file's failure table (facts §D, D1-D30), row by row: the scenario that shows the
 * failure, the reason (or, where node evidence explains a pod, the verdict's cause) the user is
 * given, and assertions on its detail and its fix text. Issue 12's "each scenario D1-D30 has a
 * test scenario and an assertion on the reason and the fix text" is this table; the other health
 * tests (scenarios, reasonScenarios, verdict) assert more about the same scenarios.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildHealthModel } from '../../../src/core/health/buildModel';
import type { HealthModel } from '../../../src/core/health/model';
import { reasonDef } from '../../../src/core/health/reasons/index';
import { analyze } from '../../../src/core/health/verdict/analyze';
import type { NodeEvidence } from '../../../src/core/health/verdict/types';
import { loadScenario } from '../../scenarios/loadScenario';
import { SCENARIO_NOW, scenarioData } from './scenarioData';

interface Row {
  d: string;
  scenario: string;
  /**
   * `workload`: an affected workload; `finding`: a node/install finding; `verdict`: the cause the
   * verdict graph finds for a pod once the node's net.d (the scenario's NodeFiles) is read.
   */
  kind: 'workload' | 'finding' | 'verdict';
  /** Reason id (workload, finding) or the verdict's cause id (a lint rule or log pattern). */
  reason: string;
  /** Pod name prefix (workload, verdict) or finding subject. */
  subject: string;
  detail: RegExp;
  fix: RegExp;
  /** The fix rendered in the install's method (`model.valueFixes[reason].command`), where a chart value is the fix. */
  command?: RegExp;
}

const FAILURE_TABLE: readonly Row[] = [
  {
    d: 'D1',
    scenario: 'eviction-loop',
    kind: 'workload',
    reason: 'validation-failed',
    subject: 'productpage-v1',
    detail: /istio-validation exit 126/,
    fix: /delete the pod so its owner recreates it/,
  },
  {
    d: 'D2',
    scenario: 'eviction-loop',
    kind: 'workload',
    reason: 'eviction-loop',
    subject: 'productpage-v1',
    detail: /5 deletions of 5 pods by race repair on worker-1/,
    fix: /istio-cni-node log for install errors \(kubectl logs -n istio-system istio-cni-node-\w{5} -c install-cni\) and check cniBinDir\/cniConfDir/,
  },
  {
    d: 'D3',
    scenario: 'validation-failed',
    kind: 'workload',
    reason: 'repair-ineffective',
    subject: 'reviews-v2',
    detail: /after "pod repaired" 2 times/,
    fix: /repair\.repairPods=false, repair\.deletePods=true/,
    command:
      /helm upgrade istio-cni istio\/cni -n istio-system --reuse-values --set repair\.repairPods=false --set repair\.deletePods=true/,
  },
  {
    d: 'D4',
    scenario: 'validation-edge-cases',
    kind: 'workload',
    reason: 'validation-failed-not-recreated',
    subject: 'migrate-db',
    detail: /restartPolicy Never \(Job\/migrate-db-29160210\)/,
    fix: /delete and re-create the Job/,
  },
  {
    d: 'D5',
    scenario: 'sandbox-cni-failed',
    kind: 'workload',
    reason: 'sandbox-cni-failed',
    subject: 'ratings-v1',
    detail: /failed to find plugin "istio-cni" in path/,
    fix: /Set global\.platform or cni\.cniBinDir to the runtime bin dir; after an uninstall remove stale istio-cni entries/,
  },
  {
    d: 'D6',
    scenario: 'node-evidence',
    kind: 'finding',
    reason: 'cni-agent-sandbox-failed',
    subject: 'Pod/kube-system/istio-cni-node-phh7t',
    detail: /Unauthorized/,
    fix: /remove the istio-cni entry from the primary conflist .*upgrade to 1\.27 or later/,
  },
  {
    d: 'D7',
    scenario: 'sandbox-variants',
    kind: 'workload',
    reason: 'sandbox-cni-failed',
    subject: 'ratings-v1',
    detail: /fell back to localhost:8080/,
    fix: /\/var\/run\/istio-cni\/istio-cni-kubeconfig exists on the node/,
  },
  {
    d: 'D8',
    scenario: 'ambient-edge-cases',
    kind: 'finding',
    reason: 'ztunnel-not-ready',
    subject: 'Pod/istio-system/ztunnel-8s5zk',
    detail: /ztunnel-8s5zk on worker-2 is CrashLoopBackOff/,
    fix: /Fix ztunnel on worker-2 \(kubectl logs -n istio-system ztunnel-8s5zk\)/,
  },
  {
    d: 'D9',
    scenario: 'sandbox-variants',
    kind: 'workload',
    reason: 'sandbox-cni-failed',
    subject: 'details-v1',
    detail: /could not reach the node agent: .*pluginevent\.sock/,
    fix: /Make istio-cni-node Ready on the node/,
  },
  {
    d: 'D10',
    scenario: 'agent-log',
    kind: 'finding',
    reason: 'cni-config-contested',
    subject: 'Node/worker-1',
    detail:
      /Cilium with cni\.exclusive=true .*"Configuration has been reconciled multiple times .*Hint: Cilium CNI was detected/,
    fix: /helm upgrade cilium cilium\/cilium -n kube-system --reuse-values --set cni\.exclusive=false/,
  },
  {
    d: 'D11',
    scenario: 'agent-log',
    kind: 'finding',
    reason: 'cni-config-contested',
    subject: 'Node/worker-2',
    detail: /istio-cni entry removed from \/host\/etc\/cni\/net\.d\/05-cilium\.conflist 3 times/,
    fix: /cni\.exclusive=false .*find why cilium-agent restarts on the node\. Restart the pods started on worker-2/,
  },
  {
    d: 'D12',
    scenario: 'demo',
    kind: 'verdict',
    reason: 'istio-cni-runs-twice',
    subject: 'details-v2',
    detail: /exit status 1/,
    fix: /remove the istio-cni entry from the Multus delegate copy .*cni\.cniConfFileName/,
  },
  {
    d: 'D13',
    scenario: 'ambient-ipset-collision',
    kind: 'finding',
    reason: 'ambient-ipset-collision',
    subject: 'Node/worker-2',
    detail:
      /shop\/cart-jdlv72qw2q-lbpgm: IP already in the probe ipset, istio-cni ran twice .*istio-inpod-probes-v4: exist/,
    fix: /Keep istio-cni at one level of the chain on worker-2/,
  },
  {
    d: 'D14',
    scenario: 'multus-openshift',
    kind: 'workload',
    reason: 'sandbox-network-failed',
    subject: 'ratings-v1',
    detail: /Multus cannot find the istio-cni network config/,
    fix: /Set cni\.cniConfDir to the Multus conf dir \(e\.g\. \/etc\/cni\/multus\/net\.d\) and cni\.cniConfFileName to istio-cni\.conf/,
  },
  {
    d: 'D15',
    scenario: 'multus-openshift',
    kind: 'workload',
    reason: 'multus-annotation-missing',
    subject: 'reviews-v1',
    detail: /no k8s\.v1\.cni\.cncf\.io\/networks annotation/,
    fix: /pilot\.cni\.provider=multus/,
    command:
      /kubectl patch istio default --type merge -p '\{"spec":\{"values":\{"pilot":\{"cni":\{"provider":"multus"\}\}\}\}\}'/,
  },
  {
    d: 'D16',
    scenario: 'multus-openshift',
    kind: 'workload',
    reason: 'sandbox-network-failed',
    subject: 'details-v1',
    detail: /readiness indicator/,
    fix: /chained=false with the Multus provider/,
  },
  {
    d: 'D17',
    scenario: 'duplicate-istio-cni',
    kind: 'verdict',
    reason: 'duplicate-istio-cni',
    subject: 'ratings-v1',
    detail: /exit status 1/,
    fix: /Remove the extra istio-cni entries .*keep the last one/,
  },
  {
    d: 'D18',
    scenario: 'sandbox-variants',
    kind: 'workload',
    reason: 'sandbox-cni-failed',
    subject: 'productpage-v1',
    detail: /needs a shell the node does not have/,
    fix: /Upgrade Istio \(fixed by PR #48757\)/,
  },
  {
    d: 'D19',
    scenario: 'agent-log',
    kind: 'finding',
    reason: 'cni-agent-install-failed',
    subject: 'Pod/istio-system/istio-cni-node-phh7t',
    detail: /CrashLoopBackOff \(6 restarts\): SELinux denies .*bind: permission denied/,
    fix: /seLinuxOptions\.type=spc_t/,
    command:
      /helm upgrade istio-cni istio\/cni -n istio-system --reuse-values --set seLinuxOptions\.type=spc_t/,
  },
  {
    d: 'D20',
    scenario: 'node-cni-not-ready',
    kind: 'finding',
    reason: 'cni-agent-install-failed',
    subject: 'Pod/istio-system/istio-cni-node-phh7t',
    detail: /read-only on GKE .*copy binaries: .*read-only file system/,
    fix: /Set global\.platform=gke, which installs the plugin into \/home\/kubernetes\/bin/,
    command: /helm upgrade istio-cni istio\/cni -n istio-system --reuse-values --set global\.platform=gke/,
  },
  {
    d: 'D21',
    scenario: 'demo',
    kind: 'finding',
    reason: 'cni-agent-install-failed',
    subject: 'Pod/istio-system/istio-cni-node-phh7t',
    detail:
      /Running, not ready: no primary CNI config .*"Waiting for CNI network config file to be written in \/host\/etc\/cni\/net\.d\.\.\."/,
    fix: /Install the primary CNI .*set global\.platform \(k3d, k3s, microk8s, \.\.\.\) or cni\.cniConfDir/,
  },
  {
    d: 'D22',
    scenario: 'node-evidence',
    kind: 'finding',
    reason: 'node-network-not-ready',
    subject: 'Node/worker-3',
    detail: /cni plugin not initialized/,
    fix: /Restore the primary CNI config .*fix the istio-cni-node failure there \(kubectl logs -n kube-system istio-cni-node-phh7t -c install-cni\)/,
  },
  {
    d: 'D23',
    scenario: 'node-evidence',
    kind: 'finding',
    reason: 'rbac-subject-namespace',
    subject: 'ClusterRoleBinding/istio-cni',
    detail: /binds ServiceAccount istio-system\/istio-cni, but istio-cni-node runs in kube-system/,
    fix: /kubectl patch clusterrolebinding istio-cni --type json/,
  },
  {
    d: 'D24',
    scenario: 'agent-log',
    kind: 'finding',
    reason: 'ambient-netns-problem',
    subject: 'Node/worker-2',
    detail: /in-pod rules not restored for shop\/cart-jdlv72qw2q-lbpgm .*can't find netns for pod/,
    fix: /kubectl delete pod -n shop cart-jdlv72qw2q-lbpgm.*istioOwnedCNIConfig=true/,
    command: /--set istioOwnedCNIConfig=true/,
  },
  {
    d: 'D25',
    scenario: 'agent-log',
    kind: 'finding',
    reason: 'ambient-netns-problem',
    subject: 'Node/worker-2',
    detail: /more than one network namespace .*will use oldest process netns/,
    fix: /took the oldest process's netns .*restart the pod/,
  },
  {
    d: 'D26',
    scenario: 'ambient-edge-cases',
    kind: 'workload',
    reason: 'ambient-probe-failing',
    subject: 'frontend',
    detail: /probe failures/,
    fix: /169\.254\.7\.127\/32/,
  },
  {
    d: 'D27',
    scenario: 'ambient-edge-cases',
    kind: 'workload',
    reason: 'ambient-not-enrolled',
    subject: 'billing',
    detail: /namespace legacy is in istio-cni excludeNamespaces/,
    fix: /Take the namespace out of excludeNamespaces/,
  },
  {
    d: 'D28',
    scenario: 'ambient-pending',
    kind: 'workload',
    reason: 'ambient-pending',
    subject: 'checkout',
    detail: /redirection=pending/,
    fix: /Check ztunnel on worker-1 is Running and connected/,
  },
  {
    d: 'D29',
    scenario: 'node-evidence',
    kind: 'finding',
    reason: 'daemonset-create-failed',
    subject: 'DaemonSet/istio-system/ztunnel',
    detail: /insufficient quota/,
    fix: /ResourceQuota for PriorityClass system-node-critical in istio-system/,
  },
  {
    d: 'D30',
    scenario: 'multus-openshift',
    kind: 'workload',
    reason: 'sandbox-network-failed',
    subject: 'productpage-v1',
    detail: /Incompatible CNI versions/,
    fix: /Align cniVersion/,
  },
];

const models = new Map<string, HealthModel>();
const model = (name: string): HealthModel => {
  let m = models.get(name);
  if (!m) models.set(name, (m = buildHealthModel(scenarioData(name), SCENARIO_NOW)));
  return m;
};

/** What the row's user sees: detail and fix of the matching entry (several may match: any must satisfy both). */
function entries(r: Row): { detail: string; fix: string }[] {
  if (r.kind === 'verdict') {
    const data = scenarioData(r.scenario);
    const files = loadScenario(r.scenario).nodeFiles;
    const netd: NodeEvidence[] = [...new Set(files.map((f) => f.node))].map((node) => ({
      node,
      netd: files.filter((f) => f.node === node).map((f) => ({ path: f.path, text: f.text })),
    }));
    return analyze(model(r.scenario), data, netd)
      .verdicts.filter(
        (v) => v.name.startsWith(r.subject) && v.cause.id === r.reason && v.confidence === 'explained',
      )
      .map((v) => ({ detail: v.symptom, fix: v.fix }));
  }
  const m = model(r.scenario);
  if (r.kind === 'finding')
    return m.findings
      .filter((f) => f.reason === r.reason && f.subject === r.subject)
      .map((f) => ({ detail: f.detail, fix: f.nextStep }));
  return m.affected
    .filter((a) => a.reason === r.reason && a.name.startsWith(r.subject))
    .map((a) => ({ detail: a.detail, fix: a.nextStep }));
}

describe('facts §D, D1-D30: each failure has a scenario, a reason and its fix', () => {
  it('the table has D1 to D30 once each, in order, and every scenario file exists', () => {
    assert.deepStrictEqual(
      FAILURE_TABLE.map((r) => r.d),
      Array.from({ length: 30 }, (_, i) => `D${i + 1}`),
    );
    for (const r of FAILURE_TABLE)
      assert.ok(
        fs.existsSync(path.resolve(__dirname, '../../../../test/scenarios', `${r.scenario}.yaml`)),
        `${r.d}: test/scenarios/${r.scenario}.yaml`,
      );
  });

  it('every reason used names its D rows in its refs (docs/diagnose.md lists them)', () => {
    for (const r of FAILURE_TABLE) {
      if (r.kind === 'verdict') continue;
      const refs = reasonDef(r.reason)?.refs ?? [];
      assert.ok(refs.includes(r.d), `${r.d}: reason ${r.reason} refs ${refs.join(', ')}`);
    }
  });

  for (const r of FAILURE_TABLE)
    it(`${r.d}: ${r.scenario} → ${r.kind} ${r.reason} (${r.subject})`, () => {
      const found = entries(r);
      assert.ok(found.length > 0, `${r.d}: no ${r.kind} ${r.reason} for ${r.subject} in ${r.scenario}`);
      const ok = found.filter((e) => r.detail.test(e.detail) && r.fix.test(e.fix));
      assert.ok(
        ok.length > 0,
        `${r.d}: detail/fix do not match:\n${found.map((e) => `${e.detail}\n  fix: ${e.fix}`).join('\n')}`,
      );
      if (r.command)
        assert.match(
          model(r.scenario).valueFixes[r.reason as keyof HealthModel['valueFixes']]?.command ?? '',
          r.command,
        );
    });
});
