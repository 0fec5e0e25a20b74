/**
 * The Istio CNI explorer inside VS Code against an in-process TestApiServer (real HTTPS, real
 * wire format): the rows of the broken demo cluster, live updates from watches, every command's
 * result, and the failure states (server down and back, 403 on logs and lists, bad token, no
 * kubeconfig, no Istio CNI, a context switch while the old cluster is slow).
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import * as vscode from 'vscode';
import type { ExplorerItem } from '../../../src/core/explorer/item';
import type { IstioCniDoctorApi } from '../../../src/extension/main';
import { COMMANDS, LANGUAGES } from '../../../src/protocol/ids';
import { kubeconfigFor } from '../../apiserver/kubeconfig';
import { TestApiServer } from '../../apiserver/server';
import { generateLargeScenario } from '../../scenarios/generateLarge';
import { loadScenario, SCENARIO_DIR } from '../../scenarios/loadScenario';
import { api, screenshot, waitFor } from './helpers';

const RATINGS = 'ratings-v1-x47xfpwxcl-6cvg8';
const EVICTED = 'productpage-v1-gcdkzk5b2z-b2l9h';
const DETAILS = 'details-v2-h2w6jplkph-l4nsn';

/** The sources the links of a "why" page open (each link runs openFactSource with one). */
async function factSources(doc: vscode.TextDocument): Promise<{ kind: string }[]> {
  const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>(
    'vscode.executeLinkProvider',
    doc.uri,
  );
  return links
    .map((l) => l.target)
    .filter((t): t is vscode.Uri => t?.scheme === 'command' && t.path === COMMANDS.explorerOpenFactSource)
    .map((t) => {
      const q = t.query.startsWith('%') ? decodeURIComponent(t.query) : t.query;
      return (JSON.parse(q) as { kind: string }[])[0] as { kind: string };
    });
}

/** Every row of the tree, depth first. */
function allRows(items: ExplorerItem[]): ExplorerItem[] {
  return items.flatMap((i) => [i, ...allRows(i.children)]);
}

function row(a: IstioCniDoctorApi, predicate: (i: ExplorerItem) => boolean): ExplorerItem | undefined {
  return allRows(a.explorer.roots()).find(predicate);
}

const nodeRow = (a: IstioCniDoctorApi, name: string) => row(a, (i) => i.kind === 'node' && i.label === name);
const podRow = (a: IstioCniDoctorApi, name: string) =>
  row(a, (i) => i.kind === 'pod' && i.label === name && i.id.startsWith('node/'));

/** Merges several kubeconfigs (one context each) into one file. */
function kubeconfigFile(dir: string, servers: [TestApiServer, string, string?][]): string {
  const docs = servers.map(
    ([s, context, token]) =>
      yaml.load(kubeconfigFor(s, { context, ...(token ? { token } : {}) })) as Record<string, unknown[]>,
  );
  const merged = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': servers[0]?.[1],
    clusters: docs.flatMap((d) => d.clusters),
    users: docs.flatMap((d) => d.users),
    contexts: docs.flatMap((d) => d.contexts),
  };
  const file = path.join(dir, `config-${servers.map((s) => s[1]).join('-')}`);
  fs.writeFileSync(file, yaml.dump(merged));
  return file;
}

async function setKubeconfig(file: string): Promise<void> {
  await vscode.workspace
    .getConfiguration('istioCniDoctor')
    .update('cluster.kubeconfig', file, vscode.ConfigurationTarget.Global);
}

function waitState(
  a: IstioCniDoctorApi,
  what: string,
  check: (description: string, context: string) => boolean,
  timeoutMs = 20_000,
): Promise<ExplorerItem> {
  return waitFor(
    what,
    () => {
      const cluster = a.explorer.roots().find((r) => r.kind === 'cluster');
      return cluster && check(cluster.description, cluster.label) ? cluster : undefined;
    },
    timeoutMs,
  );
}

describe('Istio CNI explorer', function () {
  this.timeout(90_000);
  let a: IstioCniDoctorApi;
  let demo: TestApiServer;
  let healthy: TestApiServer;
  let noCni: TestApiServer;
  let dir: string;
  let config: string;

  before(async () => {
    a = await api();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-explorer-'));
    demo = await new TestApiServer(loadScenario('demo')).start();
    healthy = await new TestApiServer(loadScenario('healthy')).start();
    noCni = await new TestApiServer(loadScenario('no-istio-cni')).start();
    config = kubeconfigFile(dir, [
      [demo, 'icd-demo'],
      [healthy, 'icd-healthy'],
      [noCni, 'icd-no-cni'],
      [demo, 'icd-bad-token', 'wrong-token'],
    ]);
    await setKubeconfig(config);
    await vscode.commands.executeCommand('workbench.view.extension.istioCniDoctor');
    a.explorer.roots();
  });

  afterEach(() => demo.clearFaults());

  after(async () => {
    await setKubeconfig('');
    await Promise.all([demo.stop(), healthy.stop(), noCni.stop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the broken demo cluster: DaemonSet, nodes with their istio-cni-node pod and affected pods', async () => {
    await waitState(a, 'connected to icd-demo', (d, c) => d === 'connected' && c === 'icd-demo');
    await waitFor('the demo nodes', () => nodeRow(a, 'worker-3'));
    const roots = a.explorer.roots();
    assert.deepStrictEqual(
      roots.map((r) => [r.label, r.description, r.contextValue]),
      [
        ['icd-demo', 'connected', 'cluster.live.connected'],
        ['istio-cni-node DaemonSet', '4/5 ready · 1.26.1 · Helm', 'daemonSet'],
        ['Nodes', '5 · 1 no ready istio-cni', 'nodes'],
        ['Affected workloads', '7', 'affected'],
      ],
    );
    const worker3 = nodeRow(a, 'worker-3');
    assert.strictEqual(worker3?.description, 'istio-cni not ready · 5 affected');
    assert.deepStrictEqual(
      worker3.children.map((c) => [c.label, c.contextValue]),
      [
        ['istio-cni-node-phh7t', 'pod.cni'],
        ['productpage-v1-gcdkzk5b2z-6jn8h', 'pod.affected.owned'],
        [RATINGS, 'pod.affected.owned'],
        ['reviews-v2-kjlwdx7cgh-9dvmd', 'pod.affected.owned'],
        [EVICTED, 'pod.affected.owned'],
        ['payments-cklc5wpt5x-fctjz', 'pod.affected.owned'],
      ],
    );
    assert.strictEqual(a.explorer.badge(), 7);
    assert.match(a.explorer.statusText(), /icd-demo: connected/);
    await vscode.commands.executeCommand(COMMANDS.revealInExplorer, { node: 'worker-3' });
    await screenshot('explorer-broken-cluster');
  });

  it('updates live when the server changes a pod', async () => {
    const before = demo.store.get('Pod', 'bookinfo', RATINGS);
    assert.ok(before);
    demo.store.remove('Pod', 'bookinfo', RATINGS);
    await waitFor('the deleted pod to leave the tree', () => (podRow(a, RATINGS) ? undefined : true));
    assert.strictEqual(nodeRow(a, 'worker-3')?.description, 'istio-cni not ready · 4 affected');
    assert.strictEqual(a.explorer.badge(), 6);
    demo.store.put(before);
    await waitFor('the pod to come back', () => podRow(a, RATINGS));
    assert.strictEqual(a.explorer.badge(), 7);
  });

  it('opens a pod log (istio-validation, previous) decorated as istio-log', async () => {
    const pod = podRow(a, RATINGS);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>(
      COMMANDS.explorerShowPodLogs,
      pod,
      { container: 'istio-validation', previous: true },
    );
    assert.ok(doc, 'a document opened');
    assert.strictEqual(doc.languageId, LANGUAGES.istioLog);
    const expected = loadScenario('demo').logs.find(
      (l) => l.pod === RATINGS && l.container === 'istio-validation' && l.previous,
    );
    assert.strictEqual(doc.getText(), expected?.text);
    // The tab names the pod and the container (U+2215 looks like "/" and is no path separator).
    assert.strictEqual(
      vscode.window.tabGroups.activeTabGroup.activeTab?.label,
      `${RATINGS}\u2215istio-validation (previous).log`,
    );
    const state = await waitFor('decorations of the pod log', () => {
      const s = a.logs.decorations.state(doc);
      return s?.complete ? s : undefined;
    });
    assert.ok(state.ranges.error.length > 0, 'the validation failure is decorated as an error');
    await screenshot('explorer-pod-log');
  });

  it('shows a 403 on logs as a message and keeps the tree connected', async () => {
    demo.addFault({
      path: `/api/v1/namespaces/bookinfo/pods/${RATINGS}/log`,
      kind: 'status',
      code: 403,
      times: 1,
    });
    const doc = await vscode.commands.executeCommand(COMMANDS.explorerShowPodLogs, podRow(a, RATINGS), {
      container: 'istio-validation',
    });
    assert.strictEqual(doc, undefined);
    assert.strictEqual(a.explorer.state.phase, 'connected');
    assert.ok(nodeRow(a, 'worker-3'));
  });

  it("finds the pod in its node's istio-cni-node log", async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>(
      COMMANDS.explorerFindPodInCniLogs,
      podRow(a, EVICTED),
    );
    assert.ok(doc);
    const lines = doc.getText().split('\n').filter(Boolean);
    assert.ok(lines.length > 0);
    for (const l of lines) assert.ok(l.includes(EVICTED), l);
    assert.ok(lines.some((l) => l.includes(`Deleting broken pod: bookinfo/${EVICTED}`)));
  });

  it("follows a node's istio-cni-node log live", async () => {
    const followed = await vscode.commands.executeCommand<
      { uri: vscode.Uri; stream: { dispose(): void } } | undefined
    >(COMMANDS.explorerFollowNodeLogs, nodeRow(a, 'worker-3'));
    assert.ok(followed);
    const doc = await waitFor('the followed log', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === followed.uri.toString()),
    );
    await waitFor('the log tail', () => (doc.getText().includes('CNI version') ? true : undefined));
    demo.logs.append(
      'istio-system',
      'istio-cni-node-phh7t',
      'install-cni',
      '2025-06-12T21:40:00.000000Z\tinfo\tcni-agent\tfollowed line 42\n',
    );
    await waitFor('the appended line', () => (doc.getText().includes('followed line 42') ? true : undefined));
    assert.strictEqual(doc.languageId, LANGUAGES.istioLog);
    followed.stream.dispose();
  });

  it('describes a pod with its conditions and events', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>(
      COMMANDS.explorerDescribePod,
      podRow(a, RATINGS),
    );
    assert.ok(doc);
    const text = doc.getText();
    assert.match(text, new RegExp(`Name: +${RATINGS}`));
    assert.match(text, /istio-validation:\n {4}State:/);
    assert.match(text, /Conditions:\n {2}\S/);
  });

  it('copies the kubectl command and describes the owner', async () => {
    const pod = podRow(a, RATINGS);
    const command = await vscode.commands.executeCommand<string>(COMMANDS.explorerCopyKubectl, pod);
    // The test's kubeconfig is not the default one, so the command names it; every argument is quoted.
    assert.match(command, /^kubectl --kubeconfig=\S+ --context=icd-demo describe pod -n bookinfo /);
    assert.ok(command.endsWith(` ${RATINGS}`), command);
    assert.strictEqual(await vscode.env.clipboard.readText(), command);
    const owner = await vscode.commands.executeCommand<vscode.TextDocument | undefined>(
      COMMANDS.explorerDescribeOwner,
      pod,
    );
    assert.ok(owner, 'the owner page opened');
    assert.strictEqual(vscode.window.activeTextEditor?.document, owner);
    assert.strictEqual(
      vscode.window.tabGroups.activeTabGroup.activeTab?.label,
      'Deployment\u2215ratings-v1.txt',
    );
    const page = owner.getText();
    assert.match(page, /^Owner: +Deployment\/ratings-v1\nNamespace: +bookinfo\n/);
    assert.match(
      page,
      /YAML: +kubectl --kubeconfig=\S+ --context=icd-demo get deployment -n bookinfo ratings-v1 -o yaml\n/,
    );
    assert.ok(page.includes(`  ${RATINGS}  worker-3  `), page);
    await vscode.commands.executeCommand(COMMANDS.revealInExplorer, { pod: `bookinfo/${RATINGS}` });
    assert.deepStrictEqual(
      a.explorer.selection().map((s) => s.id),
      [podRow(a, RATINGS)?.id],
    );
  });

  it("reads a node's CNI config through its istio-cni-node pod and lints the double insertion", async () => {
    const result = await vscode.commands.executeCommand<{ uris: vscode.Uri[] } | undefined>(
      COMMANDS.explorerReadCniConfig,
      nodeRow(a, 'worker-4'),
    );
    assert.ok(result, a.explorer.nodeConfigError());
    assert.deepStrictEqual(
      result.uris.map((u) => path.posix.basename(u.path)),
      ['00-multus.conflist', '01-kube-ovn.conflist'],
    );
    assert.deepStrictEqual(demo.execs.slice(-3), [
      'istio-system/istio-cni-node-l69d4: ls -1 /host/etc/cni/net.d',
      'istio-system/istio-cni-node-l69d4: cat /host/etc/cni/net.d/00-multus.conflist',
      'istio-system/istio-cni-node-l69d4: cat /host/etc/cni/net.d/01-kube-ovn.conflist',
    ]);
    const first = result.uris[0] as vscode.Uri;
    const twice = vscode.languages.getDiagnostics(first).filter((d) => d.code === 'istio-cni-runs-twice');
    assert.strictEqual(twice.length, 1);
    assert.strictEqual(twice[0]?.severity, vscode.DiagnosticSeverity.Error);
    const doc = await vscode.workspace.openTextDocument(first);
    assert.match(doc.getText(), /"type": "multus"/);
  });

  it('explains details-v2, reads node evidence (asking pods/exec once per cluster) and confirms the verdict', async () => {
    await vscode.commands.executeCommand(COMMANDS.explorerResetExecConsent);
    const consent = a.explorer.answerExecConsent('allow');
    const first = await vscode.commands.executeCommand<vscode.TextDocument | undefined>(
      COMMANDS.explorerExplainPod,
      podRow(a, DETAILS),
    );
    assert.ok(first, 'the verdict page opened');
    assert.strictEqual(vscode.window.activeTextEditor?.document, first);
    assert.match(
      first.getText(),
      new RegExp(`^Why is bookinfo/${DETAILS} not running\\? \\(node worker-4\\)\n`),
    );
    assert.match(first.getText(), /\nVerdict \(suspected\): /, 'net.d is not read yet');
    assert.match(first.getText(), /\nTimeline \(\d+ entries, oldest first\):\n/);

    const execs = demo.execs.length;
    const evidence = await vscode.commands.executeCommand<{ node: string; netd?: { path: string }[] }[]>(
      COMMANDS.explorerLoadNodeEvidence,
      ['worker-4'],
    );
    assert.strictEqual(consent.asked(), 1, 'pods/exec is asked the first time');
    assert.deepStrictEqual(
      evidence.map((e) => [e.node, (e.netd ?? []).map((f) => path.posix.basename(f.path))]),
      [['worker-4', ['00-multus.conflist', '01-kube-ovn.conflist']]],
    );
    assert.ok(
      demo.execs.slice(execs).includes('istio-system/istio-cni-node-l69d4: ls -1 /host/etc/cni/net.d'),
    );
    await vscode.commands.executeCommand(COMMANDS.explorerLoadNodeEvidence, ['worker-4']);
    assert.strictEqual(consent.asked(), 1, 'the answer is remembered for this cluster');

    const confirmed = await vscode.commands.executeCommand<vscode.TextDocument>(
      COMMANDS.explorerExplainPod,
      `bookinfo/${DETAILS}`,
    );
    assert.match(confirmed.getText(), /\nVerdict \(explained\): /);
    // Each evidence line is a link that opens its source: here a range of a net.d file of worker-4.
    const file = (await factSources(confirmed)).find((s) => s.kind === 'file');
    assert.ok(file, 'a file range is among the evidence');
    await vscode.commands.executeCommand(COMMANDS.explorerOpenFactSource, file);
    const editor = await waitFor('the net.d file', () =>
      vscode.window.activeTextEditor?.document.uri.path.includes('/net.d/')
        ? vscode.window.activeTextEditor
        : undefined,
    );
    assert.ok(editor.document.uri.path.startsWith('/node/worker-4/net.d/'), editor.document.uri.path);
    assert.ok(!editor.selection.isEmpty, 'the range of the fact is selected');
    assert.match(editor.document.getText(editor.selection), /istio-cni/);
  });

  it("opens a worker-3 pod's evidence: the node's log line, and the pod's events", async () => {
    await vscode.commands.executeCommand(COMMANDS.explorerLoadNodeEvidence, ['worker-3']);
    const page = await vscode.commands.executeCommand<vscode.TextDocument>(
      COMMANDS.explorerExplainPod,
      podRow(a, RATINGS),
    );
    assert.match(page.getText(), /Waiting for CNI network config file/);
    const sources = await factSources(page);
    const line = sources.find((s) => s.kind === 'log');
    assert.ok(line, 'a log line is among the evidence');
    await vscode.commands.executeCommand(COMMANDS.explorerOpenFactSource, line);
    const log = await waitFor('the istio-cni-node log', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.languageId === LANGUAGES.istioLog &&
        e.document.uri.path.includes('istio-cni-node-phh7t')
        ? e
        : undefined;
    });
    assert.strictEqual(
      vscode.window.tabGroups.activeTabGroup.activeTab?.label,
      'istio-cni-node-phh7t\u2215install-cni.log',
    );
    assert.ok(log.document.lineAt(log.selection.start.line).text.length > 0);
    const event = sources.find((s) => s.kind === 'event' || s.kind === 'pod');
    assert.ok(event, "the pod's events or status are among the evidence");
    await vscode.commands.executeCommand(COMMANDS.explorerOpenFactSource, event);
    const describe = await waitFor('the describe page', () =>
      vscode.window.activeTextEditor?.document.uri.path.startsWith('/describe/')
        ? vscode.window.activeTextEditor.document
        : undefined,
    );
    assert.match(describe.getText(), new RegExp(`Name: +${RATINGS}`));
    await screenshot('explorer-why-pod');
  });

  it('shows the API server going down as unreachable and recovers without a reload', async () => {
    await demo.down();
    await waitState(a, 'unreachable', (d) => d.startsWith('unreachable'));
    assert.ok(
      a.explorer.announced().some((m) => /icd-demo: unreachable/.test(m)),
      a.explorer.announced().join('\n'),
    );
    assert.strictEqual(nodeRow(a, 'worker-3'), undefined, 'no stale rows while unreachable');
    await demo.up();
    await waitState(a, 'connected again', (d) => d === 'connected', 45_000);
    await waitFor('the nodes again', () => nodeRow(a, 'worker-3'));
  });

  it('shows forbidden with the missing permission, and unauthorized for a bad token', async () => {
    demo.addFault({ path: '/api/v1/nodes', kind: 'status', code: 403 });
    await vscode.commands.executeCommand(COMMANDS.explorerRefresh);
    const forbidden = await waitState(a, 'forbidden', (d) => d.startsWith('forbidden'));
    assert.strictEqual(forbidden.description, 'forbidden: list nodes (cluster-wide)');
    assert.match(forbidden.tooltip, /Missing permission: `list nodes \(cluster-wide\)`/);
    demo.clearFaults();
    await vscode.commands.executeCommand(COMMANDS.explorerSelectContext, 'icd-bad-token');
    await waitState(a, 'unauthorized', (d, c) => d === 'unauthorized' && c === 'icd-bad-token');
  });

  it('switches context while the old cluster is slow, and shows only the new one', async () => {
    demo.addFault({ kind: 'slow', ms: 3000 });
    await vscode.commands.executeCommand(COMMANDS.explorerSelectContext, 'icd-demo');
    await waitState(
      a,
      'connecting to the slow demo',
      (d, c) => /^(connecting|reading)/.test(d) && c === 'icd-demo',
    );
    await vscode.commands.executeCommand(COMMANDS.explorerSelectContext, 'icd-healthy');
    await waitState(a, 'connected to icd-healthy', (d, c) => d === 'connected' && c === 'icd-healthy');
    await waitFor('healthy nodes', () =>
      a.explorer.roots().some((r) => r.kind === 'nodes') ? true : undefined,
    );
    // The slow demo answers after the switch; its late lists must not reach the tree.
    await new Promise((r) => setTimeout(r, 3500));
    assert.strictEqual(a.explorer.roots()[0]?.label, 'icd-healthy');
    assert.strictEqual(a.explorer.badge(), undefined);
    assert.strictEqual(row(a, (i) => i.kind === 'affected')?.description, 'none');
    assert.strictEqual(
      row(a, (i) => i.kind === 'pod'),
      undefined,
      'no affected pod of the demo',
    );
    assert.ok(
      allRows(a.explorer.roots())
        .filter((i) => i.kind === 'node')
        .every((n) => n.description === 'istio-cni ready'),
    );
  });

  it('shows the welcome pages for a cluster without Istio CNI and for no kubeconfig', async () => {
    await vscode.commands.executeCommand(COMMANDS.explorerSelectContext, 'icd-no-cni');
    await waitFor('the no-istio-cni page', () =>
      a.explorer.tree().welcome === 'no-istio-cni' ? true : undefined,
    );
    assert.deepStrictEqual(a.explorer.roots(), []);
    await setKubeconfig(path.join(dir, 'missing-config'));
    await waitFor('the no-kubeconfig page', () =>
      a.explorer.tree().welcome === 'no-kubeconfig' ? true : undefined,
    );
    await setKubeconfig(config);
    await waitState(a, 'back on icd-demo', (d, c) => d === 'connected' && c === 'icd-demo');
  });

  it('opens a snapshot as an offline cluster', async () => {
    const snap = fs.mkdtempSync(path.join(dir, 'snap-'));
    fs.copyFileSync(path.join(SCENARIO_DIR, 'demo.yaml'), path.join(snap, 'demo.yaml'));
    await vscode.commands.executeCommand(COMMANDS.explorerOpenSnapshot, vscode.Uri.file(snap));
    const cluster = await waitState(a, 'offline snapshot', (d) => d === 'offline snapshot');
    assert.strictEqual(cluster.contextValue, 'cluster.snapshot');
    await waitFor('snapshot nodes', () => nodeRow(a, 'worker-3'));
    assert.strictEqual(a.explorer.badge(), 7);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>(
      COMMANDS.explorerShowPodLogs,
      podRow(a, RATINGS),
      { container: 'istio-validation', previous: true },
    );
    assert.match(doc?.getText() ?? '', /\S/, 'the snapshot serves its PodLog');
  });

  it('opens an istioctl bug-report archive (.tar.gz) as an offline cluster', async () => {
    const src = fs.mkdtempSync(path.join(dir, 'report-'));
    fs.mkdirSync(path.join(src, 'bug-report'));
    fs.copyFileSync(path.join(SCENARIO_DIR, 'demo.yaml'), path.join(src, 'bug-report', 'demo.yaml'));
    const archive = path.join(dir, 'bug-report.tar.gz');
    execFileSync('tar', ['czf', archive, '-C', src, 'bug-report']);
    await vscode.commands.executeCommand(COMMANDS.explorerSelectContext, 'icd-healthy');
    await waitState(a, 'healthy first', (d, c) => d === 'connected' && c === 'icd-healthy');
    await vscode.commands.executeCommand(COMMANDS.explorerOpenSnapshot, vscode.Uri.file(archive));
    await waitState(a, 'offline from the archive', (d) => d === 'offline snapshot');
    await waitFor('archive nodes', () =>
      nodeRow(a, 'worker-3')?.description === 'istio-cni not ready · 5 affected' ? true : undefined,
    );
    assert.strictEqual(a.explorer.badge(), 7);
  });
});

describe('Istio CNI explorer on a large cluster (500 nodes, 5,000 pods)', function () {
  this.timeout(180_000);

  it('measures time to first paint, to a complete tree, and extension-host memory', async () => {
    const a = await api();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-large-'));
    const server = await new TestApiServer(generateLargeScenario({ nodes: 500, pods: 5000 })).start();
    try {
      await setKubeconfig(kubeconfigFile(dir, [[server, 'icd-large']]));
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      const started = performance.now();
      let firstPaint: number | undefined;
      let firstRows: number | undefined;
      const sub = a.explorer.onDidRefresh((t) => {
        if (firstPaint === undefined && t.roots.length > 0 && t.roots[0]?.label === 'icd-large')
          firstPaint = performance.now() - started;
        if (firstRows === undefined && t.roots.some((r) => r.kind === 'nodes'))
          firstRows = performance.now() - started;
      });
      await vscode.commands.executeCommand(COMMANDS.explorerSelectContext, 'icd-large');
      const nodes = await waitFor(
        'the complete large tree',
        () =>
          a.explorer.state.phase === 'connected'
            ? a.explorer.roots().find((r) => r.kind === 'nodes' && r.children.length === 500)
            : undefined,
        150_000,
      );
      const complete = performance.now() - started;
      sub.dispose();
      const rows = allRows(a.explorer.roots()).length;
      const memory = process.memoryUsage();
      const numbers = {
        firstPaintMs: Math.round(firstPaint ?? -1),
        firstRowsMs: Math.round(firstRows ?? -1),
        completeTreeMs: Math.round(complete),
        rows,
        nodes: nodes.children.length,
        affected: a.explorer.badge() ?? 0,
        heapUsedMB: Math.round(memory.heapUsed / 1048576),
        heapGrowthMB: Math.round((memory.heapUsed - heapBefore) / 1048576),
        rssMB: Math.round(memory.rss / 1048576),
        activationMs: Math.round(a.activationMs * 10) / 10,
      };
      console.log(`[explorer-perf] ${JSON.stringify(numbers)}`);
      fs.mkdirSync(path.resolve(__dirname, '../../../../test-artifacts'), { recursive: true });
      fs.writeFileSync(
        path.resolve(__dirname, '../../../../test-artifacts/explorer-perf.json'),
        JSON.stringify(numbers, null, 2),
      );
      assert.ok(firstPaint !== undefined, 'the tree painted before it was complete');
    } finally {
      await setKubeconfig('');
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
