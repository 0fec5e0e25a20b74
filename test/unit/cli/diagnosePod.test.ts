import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { memoryIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import type { PodStory } from '../../../src/core/health/verdict/timeline';
import type { Verdict } from '../../../src/core/health/verdict/types';
import { kubeconfigFor } from '../../apiserver/kubeconfig';
import { TestApiServer } from '../../apiserver/server';
import { loadScenario } from '../../scenarios/loadScenario';

const SCENARIOS = path.resolve(__dirname, '../../../../test/scenarios');
const dirs: string[] = [];
const DETAILS = 'bookinfo/details-v2-h2w6jplkph-l4nsn';
const REVIEWS = 'bookinfo/reviews-v2-kjlwdx7cgh-9dvmd';

function demoSnapshot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-pod-'));
  dirs.push(dir);
  fs.copyFileSync(path.join(SCENARIOS, 'demo.yaml'), path.join(dir, 'demo.yaml'));
  return dir;
}

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; exit: number }> {
  const io = memoryIo();
  const exit = await main(['diagnose', ...args], io);
  return { stdout: io.stdout, stderr: io.stderr, exit };
}

describe('istio-cni-doctor diagnose pod NS/NAME and --node-evidence', () => {
  after(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('text: verdict and fix on top, then the timeline in time order with sources', async () => {
    const r = await cli('--snapshot', demoSnapshot(), 'pod', REVIEWS);
    assert.strictEqual(r.exit, 1, r.stderr);
    const [head = '', timeline = ''] = r.stdout.split('\nTimeline');
    assert.match(
      head,
      /^Pod bookinfo\/reviews-v2-kjlwdx7cgh-9dvmd on worker-3\n\nVerdict \(explained\): No primary CNI config/,
    );
    assert.match(head, /Fix: Install the primary CNI/);
    assert.match(
      head,
      /Waiting for CNI network config file to be written in \/host\/etc\/cni\/net\.d\.\.\. {2}\[istio-cni-node-phh7t \(install-cni\) log line 43\]/,
    );
    const times = [...timeline.matchAll(/^ {2}(\d{4}-\S+)/gm)].map((m) => m[1] ?? '');
    assert.ok(times.length >= 3, timeline);
    assert.deepStrictEqual([...times].sort(), times, 'oldest first');
    assert.match(timeline, /validation init container istio-validation exited 126/);
  });

  it('json: the same story as data', async () => {
    const r = await cli('--snapshot', demoSnapshot(), '-o', 'json', 'pod', DETAILS);
    assert.strictEqual(r.exit, 1, r.stderr);
    const story = JSON.parse(r.stdout) as PodStory;
    assert.strictEqual(story.node, 'worker-4');
    assert.strictEqual(story.verdict?.confidence, 'suspected');
    assert.deepStrictEqual(
      story.verdict?.missing.map((m) => m.what),
      ['net.d'],
    );
    assert.ok(story.entries.some((e) => e.kind === 'event' && /exit status 1/.test(e.text)));
  });

  it('exit 2 with a message for an unknown pod, a missing or malformed reference', async () => {
    const dir = demoSnapshot();
    const unknown = await cli('--snapshot', dir, 'pod', 'bookinfo/nope');
    assert.strictEqual(unknown.exit, 2);
    assert.match(unknown.stderr, /pod bookinfo\/nope not found/);
    assert.strictEqual(unknown.stdout, '');
    const missing = await cli('--snapshot', dir, 'pod');
    assert.strictEqual(missing.exit, 2);
    assert.match(missing.stderr, /'pod' needs NAMESPACE\/NAME/);
    const bad = await cli('--snapshot', dir, 'pod', 'just-a-name');
    assert.strictEqual(bad.exit, 2);
    assert.match(bad.stderr, /expected NAMESPACE\/NAME/);
    assert.match(
      (await cli('--snapshot', dir, '--node-evidence=yes')).stderr,
      /--node-evidence takes no value/,
    );
  });

  it('the report ends with the root causes of every affected workload', async () => {
    const r = await cli('--snapshot', demoSnapshot());
    assert.strictEqual(r.exit, 1);
    const section = r.stdout.split('\nRoot causes:\n')[1] ?? '';
    assert.match(
      section,
      /productpage-v1-gcdkzk5b2z-b2l9h on worker-3 \[eviction-loop\]\n {4}Verdict \(explained\): No primary CNI config/,
    );
    assert.match(section, /On the live cluster, run diagnose --node-evidence/);
    assert.doesNotMatch(r.stdout, /<[a-z]+>/, 'no placeholders');
  });

  describe('live, against the test API server', function () {
    this.timeout(30_000);
    let server: TestApiServer;
    let kubeconfig = '';
    before(async () => {
      server = await new TestApiServer(loadScenario('demo')).start();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-pod-kc-'));
      dirs.push(dir);
      kubeconfig = path.join(dir, 'config');
      fs.writeFileSync(kubeconfig, kubeconfigFor(server, { context: 'kind-demo' }));
    });
    after(async () => server.stop());
    afterEach(() => server.clearFaults());

    it('without --node-evidence nothing is exec-ed and details-v2 says what would confirm it', async () => {
      const before = server.execs.length;
      const r = await cli('--kubeconfig', kubeconfig, 'pod', DETAILS);
      assert.strictEqual(r.exit, 1, r.stderr);
      assert.strictEqual(server.execs.length, before, 'no pods/exec without the flag');
      assert.match(r.stdout, /Verdict \(suspected\)/);
      assert.match(r.stdout, /Run again with --node-evidence/);
    });

    it("--node-evidence reads worker-4's net.d: the double insertion explains exit status 1", async () => {
      const r = await cli('--kubeconfig', kubeconfig, '-o', 'json', '--node-evidence', 'pod', DETAILS);
      assert.strictEqual(r.exit, 1, r.stderr);
      const v = (JSON.parse(r.stdout) as PodStory).verdict as Verdict;
      assert.strictEqual(v.cause.id, 'istio-cni-runs-twice');
      assert.strictEqual(v.confidence, 'explained');
      const files = v.chain.flatMap((f) => (f.source.kind === 'file' ? [f.source.path] : []));
      assert.ok(files.includes('/host/etc/cni/net.d/00-multus.conflist'), files.join());
      assert.ok(server.execs.some((e) => e.includes('istio-cni-node-l69d4') && e.includes('cat')));
    });

    it('a healthy Running sidecar pod (left out of the scoped lists) is read by name: its story, exit 0', async () => {
      const before = server.requests.length;
      const r = await cli('--kubeconfig', kubeconfig, 'pod', 'bookinfo/details-v1-6bdn68xcqh-czgwv');
      assert.strictEqual(r.exit, 0, r.stderr);
      assert.match(r.stdout, /^Pod bookinfo\/details-v1-6bdn68xcqh-czgwv on worker-/);
      assert.match(r.stdout, /Verdict: istio-cni is not what keeps this pod from running/);
      assert.match(r.stdout, /validation init container istio-validation exited 0/);
      assert.ok(
        server.requests
          .slice(before)
          .some((q) => q.path === '/api/v1/namespaces/bookinfo/pods/details-v1-6bdn68xcqh-czgwv'),
        'one GET of the pod by name',
      );
      const gone = await cli('--kubeconfig', kubeconfig, 'pod', 'bookinfo/nope');
      assert.strictEqual(gone.exit, 2);
      assert.match(gone.stderr, /pod bookinfo\/nope not found/);
    });

    it('--node-evidence without pods/exec degrades and names the permission', async () => {
      server.forbidExec = true;
      const r = await cli('--kubeconfig', kubeconfig, '--node-evidence', 'pod', DETAILS).finally(() => {
        server.forbidExec = false;
      });
      assert.strictEqual(r.exit, 1, r.stderr);
      assert.match(r.stdout, /Verdict \(suspected\)/);
      assert.match(
        r.stdout,
        /forbidden: create pods\/exec in istio-system \(this permission would add the CNI config files of the node\)/,
      );
    });
  });
});
