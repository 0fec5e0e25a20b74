import * as assert from 'assert';
import { describeOwner, ownerYamlCommand } from '../../../src/core/explorer/describeOwner';
import { buildHealthModel } from '../../../src/core/health/buildModel';
import { SCENARIO_NOW, scenarioData } from '../health/scenarioData';

describe('describe owner', () => {
  const data = scenarioData('demo');
  const model = buildHealthModel(data, SCENARIO_NOW);
  const owner = { namespace: 'bookinfo', kind: 'Deployment', name: 'productpage-v1' };

  it("lists the owner's affected pods, its pods with their CNI events, and the command for its YAML", () => {
    const yaml = ownerYamlCommand(owner, { context: 'kind-demo', kubeconfig: '/tmp/my config' });
    assert.deepStrictEqual(yaml, {
      ok: true,
      value:
        "kubectl '--kubeconfig=/tmp/my config' --context=kind-demo get deployment -n bookinfo productpage-v1 -o yaml",
    });
    const page = describeOwner(owner, data.workloadPods, data.events, model.affected, yaml);
    assert.match(page, /^Owner: +Deployment\/productpage-v1\nNamespace: +bookinfo\nYAML: +kubectl /);
    assert.match(
      page,
      /Affected by istio-cni \(2\):\n {2}productpage-v1-gcdkzk5b2z-6jn8h {2}worker-3 {2}istio-validation failed\n/,
    );
    assert.match(page, /Evicted again and again/);
    assert.match(page, /Pods of Deployment\/productpage-v1 the explorer holds \(\d+\):\n {2}productpage-v1-/);
    assert.ok(!/<(ns|pod|name)>/.test(page), 'no placeholder');
  });

  it('refuses to build a command from a hostile kind, and says so on the page', () => {
    const bad = ownerYamlCommand({ ...owner, kind: 'x;rm -rf /' }, {});
    assert.strictEqual(bad.ok, false);
    assert.match(
      describeOwner(owner, [], [], [], bad),
      /YAML: +\(no command: refusing to build a kubectl command/,
    );
  });
});
