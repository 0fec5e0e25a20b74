/**
 * The explorer while a cluster loads, inside VS Code: the progress on the view says what is being
 * read, and the first rows (DaemonSet, nodes with their istio-cni-node state) show before the
 * workload pod lists finish. The API server holds the sidecar pod list back, so the partial state
 * lasts long enough to be seen every run.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExplorerItem } from '../../../src/core/explorer/item';
import { COMMANDS } from '../../../src/protocol/ids';
import { kubeconfigFor } from '../../apiserver/kubeconfig';
import { TestApiServer } from '../../apiserver/server';
import { loadScenario } from '../../scenarios/loadScenario';
import { api, screenshot, waitFor } from './helpers';

const byKind = (roots: ExplorerItem[], kind: ExplorerItem['kind']): ExplorerItem | undefined =>
  roots.find((r) => r.kind === kind);

describe('Istio CNI explorer while a cluster loads', function () {
  this.timeout(60_000);

  it('shows progress on the view and the DaemonSet and node rows before the pod lists finish', async () => {
    const a = await api();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-progress-'));
    const server = await new TestApiServer(loadScenario('demo')).start();
    // Every sidecar pod list waits 4 s (the first connect may be replaced by the context switch).
    server.addFault({ path: '/api/v1/pods', query: 'tlsMode', kind: 'slow', ms: 4000 });
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, kubeconfigFor(server, { context: 'icd-progress' }));
    try {
      await vscode.workspace
        .getConfiguration('istioCniDoctor')
        .update('cluster.kubeconfig', file, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.view.extension.istioCniDoctor');
      await vscode.commands.executeCommand(COMMANDS.explorerSelectContext, 'icd-progress');
      const nodes = await waitFor(
        'the node rows while loading',
        () => {
          const found = byKind(a.explorer.roots(), 'nodes');
          return found && a.explorer.state.phase === 'connecting' ? found : undefined;
        },
        20_000,
      );
      const roots = a.explorer.roots();
      assert.deepStrictEqual(
        roots.map((r) => [r.kind, r.contextValue]),
        [
          ['cluster', 'cluster.live.connecting'],
          ['daemonSet', 'daemonSet'],
          ['nodes', 'nodes'],
          ['affected', 'affected.reading'],
        ],
      );
      assert.match(roots[0]?.description ?? '', /^reading .*pods/);
      assert.match(roots[1]?.description ?? '', /^4\/5 ready/);
      assert.strictEqual(nodes.children.length, 5);
      assert.strictEqual(
        nodes.children.find((n) => n.label === 'worker-3')?.description,
        'istio-cni not ready',
      );
      assert.strictEqual(roots[3]?.description, 'reading pods and events…');
      assert.match(a.explorer.progressMessage() ?? '', /^Reading .*pods/);
      assert.strictEqual(a.explorer.badge(), undefined);
      await screenshot('explorer-loading');
      server.clearFaults();
      // Connected, and the tree rebuilt from the complete model (the rows follow the state by
      // one refresh): the reading row gives way to the 7 affected workloads.
      await waitFor(
        'the complete tree',
        () =>
          a.explorer.state.phase === 'connected' &&
          byKind(a.explorer.roots(), 'affected')?.description === '7'
            ? true
            : undefined,
        20_000,
      );
      assert.strictEqual(a.explorer.progressMessage(), undefined, 'the progress ended');
    } finally {
      await vscode.workspace
        .getConfiguration('istioCniDoctor')
        .update('cluster.kubeconfig', '', vscode.ConfigurationTarget.Global);
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
