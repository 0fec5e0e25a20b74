import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { catalogMatcher, type Finding } from '../../../src/core/logs';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'logs');

function scanFixture(name: string): Finding[] {
  return catalogMatcher().scan(readFileSync(join(FIXTURES, name), 'utf8'));
}

/** [1-based line, pattern ID] per real-shaped fixture (samples from the issues named in the file names). */
const EXPECTED: Record<string, [number, string][]> = {
  'ambient-no-ztunnel-53843.log': [
    [1, 'no-ztunnel-connection'],
    [2, 'no-ztunnel-connection'],
    [3, 'no-ztunnel-connection'],
    [4, 'no-ztunnel-connection'],
    [5, 'no-ztunnel-connection'],
    [6, 'no-ztunnel-connection'],
  ],
  'kubelet-events.txt': [
    [5, 'no-ztunnel-connection'],
    [6, 'cni-unauthorized'],
    [7, 'cni-kubeconfig-missing'],
    [8, 'cni-no-sh'],
    [9, 'cni-plugin-exit-status'],
    [11, 'istio-cni-binary-not-found'],
    [12, 'cni-agent-unreachable'],
    [13, 'repair-deleted-broken-pod'],
    [14, 'repair-labeled-broken-pod'],
    [15, 'validation-init-crashloop'],
  ],
  'cilium-fight.log': [
    [1, 'config-reconciled-repeatedly'],
    [2, 'istio-cni-config-removed'],
  ],
  'agent-json.log': [
    [4, 'repair-pod-repaired'],
    [5, 'config-reconciled-repeatedly'],
    [6, 'cni-agent-unreachable'],
  ],
  'multus-ipset-52761.log': [
    [1, 'ipset-entry-exists'],
    [2, 'ipset-entry-exists'],
    [3, 'inpod-reconcile-failed'],
  ],
  'validation-old-33986.log': [
    [4, 'validation-connection-refused'],
    [5, 'validation-timeout'],
  ],
  'validation-failed.log': [
    [4, 'validation-connection-refused'],
    [5, 'validation-connection-refused'],
    [6, 'validation-failed'],
  ],
  'repair-legacy.log': [
    [1, 'repair-deleted-broken-pod'],
    [2, 'repair-deleted-broken-pod'],
    [3, 'repair-labeled-broken-pod'],
    [4, 'repair-labeled-broken-pod'],
    [5, 'repair-failed'],
  ],
  'kubelet-journald.log': [
    [1, 'cni-plugin-not-initialized'],
    [3, 'no-ztunnel-connection'],
    [4, 'cni-plugin-not-initialized'],
  ],
  'containerd.log': [
    [2, 'istio-cni-binary-not-found'],
    [3, 'cni-config-load-failed'],
  ],
  'ztunnel.log': [
    [2, 'ztunnel-cni-socket-unreachable'],
    [4, 'ztunnel-proxy-start-failed'],
  ],
};

describe('logs: real-shaped fixtures', () => {
  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`finds exactly the expected lines in ${file}`, () => {
      const got = scanFixture(file).map((f): [number, string] => [f.line + 1, f.patternId]);
      assert.deepStrictEqual(got, expected);
    });
  }

  it('reports a sandbox failure wrapping a cause as the cause, with the wrapper in `also`', () => {
    const f = scanFixture('kubelet-events.txt').find((x) => x.line === 4);
    assert.strictEqual(f?.patternId, 'no-ztunnel-connection');
    assert.ok(f.also.includes('sandbox-istio-cni-failed'));
    assert.strictEqual(f.fields.sandbox, '16243b8acc1a117728e758c2f2a922bac3d574e2d518d9df08f6ce7e8eb3a97a');
  });

  it('takes the pod from labels, JSON keys and messages', () => {
    const ambient = scanFixture('ambient-no-ztunnel-53843.log');
    assert.strictEqual(ambient[1]?.fields.pod, 'lists-fuel/dev-57bc46cc5-gspr9');
    assert.strictEqual(ambient[3]?.fields.pod, '<appname>/dev-57bc46cc5-gspr9');
    const json = scanFixture('agent-json.log');
    assert.strictEqual(json[0]?.fields.pod, 'pass/processing-order-data-00684-deployment-6b67d8686f-4h5ft');
    const reboot = scanFixture('multus-ipset-52761.log')[2];
    assert.strictEqual(reboot?.fields.pod, 'gitea/gitea-798d9777d4-grdfl');
    assert.ok(!reboot.fields.error?.includes('ns='), 'labels leaked into the error text');
  });

  it('takes the node from the journald host', () => {
    assert.strictEqual(scanFixture('kubelet-journald.log')[0]?.fields.node, 'node-1');
  });

  it('finds nothing in the normal startup sequence (console, with multi-line dumps, and JSON)', () => {
    assert.deepStrictEqual(scanFixture('normal-startup.log'), []);
    assert.deepStrictEqual(scanFixture('normal-startup.json.log'), []);
  });

  it('does not flag info lines that mention problem words', () => {
    const lines = [
      '2025-06-12T21:59:00.000001Z\tinfo\tcni-plugin\texcluded due to being already injected with istio-init container',
      '2025-06-12T21:59:00.000001Z\tinfo\tcni-agent\tnew ztunnel connected, total connected: 1',
      '2025-06-12T21:59:00.000001Z\tinfo\tcni-agent\tRepairing pod...\tpod=default/x',
      '2025-06-12T21:59:00.000001Z\tinfo\tcni-agent\tconfiguration requires updates, (re)writing CNI config file: perform initial update of highest priority config /host/etc/cni/net.d/10-calico.conflist using existing configuration from file 10-calico.conflist',
      '2025-06-12T21:59:00.000001Z\tinfo\tValidation passed, iptables rules established',
      '  Normal   AddedInterface  2m9s  multus  Add eth0 [100.102.210.34/32] from k8s-pod-network',
      'InitExitCode: 126',
      'LabelKey: cni.istio.io/uninitialized',
    ];
    assert.deepStrictEqual(catalogMatcher().scan(lines.join('\n')), []);
  });
});
