/**
 * The pieces of `npm run demo` that decide what a newcomer gets, in plain Node: the workspace
 * copy points the explorer at the demo kubeconfig, the port argument is checked, and a stale
 * .vsix is rebuilt. The whole demo runs headless in test/runner/runDemoTest.ts.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as jsonc from 'jsonc-parser';
import { lintDirectory } from '../../../src/core/cni/lint';
import { catalogMatcher } from '../../../src/core/logs';
import { DEMO_SOURCE, createWorkspace, parsePort, vsixIsStale } from '../../../tools/demo';

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('npm run demo', () => {
  let state: string;
  beforeEach(() => {
    state = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-demo-unit-'));
  });
  afterEach(() => fs.rmSync(state, { recursive: true, force: true }));

  it('copies every sample of demo/workspace and points the explorer at the demo kubeconfig', () => {
    const kubeconfig = path.join(state, 'kubeconfig');
    const workspace = createWorkspace(state, kubeconfig);
    assert.deepStrictEqual(filesUnder(workspace), filesUnder(DEMO_SOURCE));
    const text = fs.readFileSync(path.join(workspace, '.vscode/settings.json'), 'utf8');
    const errors: jsonc.ParseError[] = [];
    const settings = jsonc.parse(text, errors) as Record<string, unknown>;
    assert.deepStrictEqual(errors, []);
    assert.strictEqual(settings['istioCniDoctor.cluster.kubeconfig'], kubeconfig);
    assert.deepStrictEqual(
      settings['files.associations'],
      { 'kubelet-journal*.log': 'istio-log' },
      'the kubelet journal must open as an Istio CNI log',
    );
    assert.strictEqual(
      fs.readFileSync(path.join(DEMO_SOURCE, '.vscode/settings.json'), 'utf8').includes(kubeconfig),
      false,
      'the repository copy is untouched',
    );
  });

  it('has the three sample config directories and the three logs the README promises', () => {
    const files = filesUnder(DEMO_SOURCE);
    for (const f of [
      'multus-kube-ovn-double-insertion/net.d/00-multus.conflist',
      'multus-kube-ovn-double-insertion/net.d/01-kube-ovn.conflist',
      'calico-clean/net.d/10-calico.conflist',
      'circular-delegation/net.d/00-multus.conf',
      'logs/istio-cni-node-worker-3.log',
      'logs/istio-validation-ratings.log',
      'logs/kubelet-journal-node-1.log',
    ]) {
      assert.ok(files.includes(f), `demo/workspace/${f} is missing`);
    }
  });

  it("shows what its README says: double insertion, circular delegation, a clean Calico, and the guide's log lines", () => {
    const lintIds = (dir: string) => {
      const net = path.join(DEMO_SOURCE, dir, 'net.d');
      const files = fs
        .readdirSync(net)
        .map((f) => ({ path: f, text: fs.readFileSync(path.join(net, f), 'utf8') }));
      return [
        ...new Set(
          lintDirectory(files)
            .filter((f) => f.severity === 'error')
            .map((f) => f.ruleId),
        ),
      ];
    };
    assert.deepStrictEqual(lintIds('multus-kube-ovn-double-insertion'), ['istio-cni-runs-twice']);
    assert.deepStrictEqual(lintIds('circular-delegation'), ['circular-delegation']);
    assert.deepStrictEqual(lintIds('calico-clean'), []);
    const logIds = (file: string) =>
      new Set(
        catalogMatcher()
          .scan(fs.readFileSync(path.join(DEMO_SOURCE, 'logs', file), 'utf8'))
          .map((f) => f.patternId),
      );
    const validation = logIds('istio-validation-ratings.log');
    for (const id of ['validation-connection-refused', 'validation-timeout', 'validation-failed'])
      assert.ok(validation.has(id), id);
    assert.ok(logIds('istio-cni-node-worker-3.log').has('repair-deleted-broken-pod'));
    assert.ok(logIds('kubelet-journal-node-1.log').has('cni-plugin-not-initialized'));
  });

  it('accepts a port from 1 to 65535 and says what is wrong with any other', () => {
    assert.strictEqual(parsePort(undefined), undefined);
    assert.strictEqual(parsePort(''), undefined);
    assert.strictEqual(parsePort('9000'), 9000);
    for (const bad of ['abc', '0', '65536', '80.5', '-1', '\u0000']) {
      assert.throws(() => parsePort(bad), /the port must be a number from 1 to 65535/, bad);
    }
  });

  it('rebuilds the .vsix when it is missing or older than the sources, not when it is newer', () => {
    const vsix = path.join(state, 'x.vsix');
    assert.strictEqual(vsixIsStale(vsix), true, 'missing');
    fs.writeFileSync(vsix, '');
    fs.utimesSync(vsix, new Date(0), new Date(0));
    assert.strictEqual(vsixIsStale(vsix), true, 'older than src/');
    const future = new Date(Date.now() + 3600_000);
    fs.utimesSync(vsix, future, future);
    assert.strictEqual(vsixIsStale(vsix), false, 'newer than everything');
  });
});
