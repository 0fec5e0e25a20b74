import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../src/cli/main';
import { memoryIo } from '../../../src/cli/io';
import type { DiagnoseJson } from '../../../src/cli/diagnose/jsonReport';
import { kubeconfigFor } from '../../apiserver/kubeconfig';
import { TestApiServer } from '../../apiserver/server';
import { loadScenario } from '../../scenarios/loadScenario';

const SCENARIOS = path.resolve(__dirname, '../../../../test/scenarios');
const dirs: string[] = [];

/** A snapshot directory holding one scenario file. */
function snapshotOf(scenario: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-diagnose-'));
  dirs.push(dir);
  fs.copyFileSync(path.join(SCENARIOS, `${scenario}.yaml`), path.join(dir, `${scenario}.yaml`));
  return dir;
}

async function diagnose(...args: string[]): Promise<{ stdout: string; stderr: string; exit: number }> {
  const io = memoryIo();
  const exit = await main(['diagnose', ...args], io);
  return { stdout: io.stdout, stderr: io.stderr, exit };
}

describe('istio-cni-doctor diagnose', () => {
  after(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('exit 0 on a healthy snapshot, with the DaemonSet, the nodes table and the verdict', async () => {
    const r = await diagnose('--snapshot', snapshotOf('healthy'));
    assert.strictEqual(r.exit, 0, r.stderr);
    assert.match(r.stdout, /DaemonSet istio-system\/istio-cni-node: 3\/3 ready, version 1\.26\.1-distroless/);
    assert.match(r.stdout, /Nodes \(3\): 3 ready/);
    assert.match(
      r.stdout,
      /worker-2\s+ready\s+istio-cni-node-\w{5}\s+true\s+0\s+Running\s+1\.26\.1-distroless\s+6m\n/,
    );
    assert.match(r.stdout, /snapshot .*, taken about 2025-06-12T21:05:11Z \(ages as of then\)/);
    assert.match(r.stdout, /Affected workloads: none/);
    assert.match(r.stdout, /Verdict: healthy/);
    assert.strictEqual(r.stderr, '');
  });

  it('exit 1 on the demo snapshot; text groups the workloads by reason with cause and next step', async () => {
    const r = await diagnose('--snapshot', snapshotOf('demo'));
    assert.strictEqual(r.exit, 1, r.stderr);
    const groups = [...r.stdout.matchAll(/^ {2}.+ \[([a-z-]+)\] \((\d+)\)$/gm)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    assert.deepStrictEqual(groups, [
      ['cni-agent-install-failed', 1],
      ['validation-failed', 3],
      ['sandbox-cni-failed', 1],
      ['eviction-loop', 1],
      ['node-cni-not-ready', 1],
      ['ambient-pending', 1],
    ]);
    assert.match(
      r.stdout,
      /Next: Make sure istio-cni appears in exactly one config the runtime loads \(lint \/etc\/cni\/net\.d\)\. Read the istio-cni-node log on that node \(kubectl logs -n istio-system istio-cni-node-\w{5} -c install-cni\)/,
    );
    assert.match(r.stdout, /worker-5 still has the cni\.istio\.io\/not-ready taint/);
    assert.match(
      r.stdout,
      /Verdict: problems found\n {2}- 1 node without a ready istio-cni-node: worker-3 \(not-ready\)\./,
    );
  });

  it('--format json prints exactly the documented shape', async () => {
    const r = await diagnose('--snapshot', snapshotOf('eviction-loop'), '--format', 'json');
    assert.strictEqual(r.exit, 1, r.stderr);
    const doc = JSON.parse(r.stdout) as DiagnoseJson;
    assert.deepStrictEqual(Object.keys(doc), [
      'cluster',
      'daemonSet',
      'nodes',
      'affected',
      'findings',
      'install',
      'fixes',
      'logLevelFix',
      'verdicts',
    ]);
    assert.deepStrictEqual(doc.findings, []);
    assert.deepStrictEqual(
      [doc.install?.method, doc.install?.version, doc.install?.evidence],
      ['helm', '1.26.1', 'annotation meta.helm.sh/release-name=istio-cni'],
    );
    assert.strictEqual(
      doc.logLevelFix?.command,
      "helm upgrade istio-cni istio/cni -n istio-system --reuse-values --set 'logging.level=default:info\\,cni-plugin:debug'",
    );
    assert.deepStrictEqual(
      doc.verdicts.map((v) => [v.name, v.reason]),
      doc.affected.map((a) => [a.name, a.reason]),
    );
    assert.deepStrictEqual(doc.cluster, {
      context: `snapshot:${path.basename(dirs[dirs.length - 1] ?? '')}`,
      server: '',
      source: 'snapshot',
    });
    assert.deepStrictEqual(doc.daemonSet, {
      namespace: 'istio-system',
      name: 'istio-cni-node',
      desired: 3,
      ready: 2,
    });
    assert.deepStrictEqual(Object.keys(doc.nodes[0] ?? {}), ['name', 'status', 'cniPod']);
    assert.deepStrictEqual(Object.keys(doc.nodes[0]?.cniPod ?? {}), [
      'namespace',
      'name',
      'ready',
      'restarts',
      'phase',
    ]);
    assert.deepStrictEqual(
      doc.nodes.map((n) => [n.name, n.status, n.cniPod?.ready]),
      [
        ['worker-1', 'not-ready', false],
        ['worker-2', 'ready', true],
        ['worker-3', 'ready', true],
      ],
    );
    assert.deepStrictEqual(doc.affected, [
      {
        namespace: 'bookinfo',
        name: 'productpage-v1-gcdkzk5b2z-6vxf4',
        node: 'worker-1',
        owner: 'Deployment/productpage-v1',
        reason: 'validation-failed',
        detail:
          'istio-validation exit 126 (Init:Error, 0 restarts): no iptables redirection; istio-cni-node on worker-1 is not-ready',
        nextStep: doc.affected[0]?.nextStep ?? '',
      },
      {
        namespace: 'bookinfo',
        name: 'productpage-v1-gcdkzk5b2z-xx988',
        node: 'worker-1',
        owner: 'Deployment/productpage-v1',
        reason: 'eviction-loop',
        detail: 'Deployment/productpage-v1: 5 deletions of 5 pods by race repair on worker-1',
        nextStep: doc.affected[1]?.nextStep ?? '',
      },
    ]);
    assert.match(doc.affected[0]?.nextStep ?? '', /delete the pod so its owner recreates it/);
  });

  it('json for a cluster without istio-cni: daemonSet null, cniPod null, exit 1', async () => {
    const r = await diagnose('--snapshot', snapshotOf('no-istio-cni'), '--format=json');
    assert.strictEqual(r.exit, 1);
    const doc = JSON.parse(r.stdout) as DiagnoseJson;
    assert.strictEqual(doc.daemonSet, null);
    assert.deepStrictEqual(
      doc.nodes.map((n) => [n.status, n.cniPod]),
      [
        ['missing', null],
        ['missing', null],
        ['missing', null],
      ],
    );
  });

  it('exit 2 when the snapshot cannot be read, with the reason', async () => {
    const r = await diagnose('--snapshot', path.join(os.tmpdir(), 'icd-no-such-snapshot'));
    assert.strictEqual(r.exit, 2);
    assert.strictEqual(r.stdout, '');
    assert.match(r.stderr, /cannot read the snapshot: bad-snapshot: cannot read .*icd-no-such-snapshot/);
  });

  it('exit 2 on bad usage', async () => {
    assert.match(
      (await diagnose('--format', 'xml')).stderr,
      /--format must be one of text, json \(got 'xml'\)/,
    );
    assert.strictEqual((await diagnose('--snapshot')).exit, 2);
    assert.match((await diagnose('--snapshot', 'x', '--context', 'c')).stderr, /cannot be combined/);
    assert.match((await diagnose('extra')).stderr, /unexpected argument 'extra'/);
  });

  describe('live mode against the local HTTPS test API server', function () {
    // The first live run loads @kubernetes/client-node (about a second on a busy 2-core box).
    this.timeout(15_000);
    let server: TestApiServer;
    let kubeconfig = '';

    before(async () => {
      server = await new TestApiServer(loadScenario('validation-failed')).start();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-diagnose-kc-'));
      dirs.push(dir);
      kubeconfig = path.join(dir, 'config');
      fs.writeFileSync(kubeconfig, kubeconfigFor(server, { context: 'kind-demo' }));
    });
    after(async () => {
      await server.stop();
    });
    afterEach(() => server.clearFaults());

    it('exit 1 with the same affected workloads as the snapshot of the same scenario', async () => {
      const live = await diagnose('--kubeconfig', kubeconfig, '--format', 'json');
      assert.strictEqual(live.exit, 1, live.stderr);
      const doc = JSON.parse(live.stdout) as DiagnoseJson;
      assert.deepStrictEqual(doc.cluster, { context: 'kind-demo', server: server.url, source: 'live' });
      const offline = JSON.parse(
        (await diagnose('--snapshot', snapshotOf('validation-failed'), '--format', 'json')).stdout,
      ) as DiagnoseJson;
      assert.deepStrictEqual(doc.affected, offline.affected);
      assert.deepStrictEqual(doc.nodes, offline.nodes);
    });

    it('exit 2 naming the refused verb and resource on 403', async () => {
      server.addFault({ path: '/api/v1/nodes', kind: 'status', code: 403 });
      const r = await diagnose('--kubeconfig', kubeconfig);
      assert.strictEqual(r.exit, 2);
      assert.match(r.stderr, /cannot read the cluster: forbidden: cannot list nodes/);
    });

    it('exit 2 on 401 and on an unknown context', async () => {
      server.addFault({ kind: 'status', code: 401 });
      const r = await diagnose('--kubeconfig', kubeconfig);
      assert.strictEqual(r.exit, 2);
      assert.match(r.stderr, /unauthorized/);
      const c = await diagnose('--kubeconfig', kubeconfig, '--context', 'nope');
      assert.strictEqual(c.exit, 2);
      assert.match(c.stderr, /nope/);
    });
  });
});
