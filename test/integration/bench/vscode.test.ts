/**
 * Benchmarks that only mean something inside a real VS Code (run by bench/vscode.ts, not by
 * npm test): activation, the time to decorate the visible range of a just-opened ~45 MB log
 * and the whole of it, and the time from a keystroke in a CNI config to its diagnostics.
 * Figures go into the suite's metrics; nothing here asserts a time.
 */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../../src/protocol/ids';
import type { IstioCniDoctorApi } from '../../../src/extension/main';
import { metrics } from '../../support/testSummary';
import { waitFor } from '../suite/helpers';

async function api(): Promise<IstioCniDoctorApi> {
  const ext = vscode.extensions.getExtension<IstioCniDoctorApi>(EXTENSION_ID);
  assert.ok(ext);
  const a = await ext.activate();
  metrics.activationMs = a.activationMs;
  return a;
}

function benchFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder);
  return vscode.Uri.file(path.join(folder.uri.fsPath, name));
}

describe('bench inside VS Code', () => {
  it('decorates a just-opened large log: visible range first, then all of it', async () => {
    const a = await api();
    const opened = performance.now();
    const doc = await vscode.workspace.openTextDocument(benchFile('istio-cni-node-large.log'));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const shown = performance.now();
    const visible = await waitFor(
      'visible decorations',
      () => a.logs.decorations.state(editor.document),
      30_000,
    );
    const visibleAt = performance.now();
    const complete = await waitFor(
      'complete decorations',
      () => {
        const s = a.logs.decorations.state(editor.document);
        return s?.complete ? s : undefined;
      },
      120_000,
    );
    const completeAt = performance.now();
    metrics.largeLogOpenMs = shown - opened;
    metrics.largeLogVisibleDecoratedMs = visibleAt - shown;
    metrics.largeLogVisibleComputeMs = visible.visibleComputeMs ?? NaN;
    metrics.largeLogVisibleQueuedMs = visible.visibleMs ?? NaN;
    metrics.largeLogAllDecoratedMs = completeAt - shown;
    metrics.largeLogFindings =
      complete.ranges.error.length +
      complete.ranges.warning.length +
      complete.ranges.info.length +
      complete.omitted;
    metrics.largeLogScanMs = a.logs.analyzer.completed(editor.document)?.elapsedMs ?? NaN;
    metrics.largeLogScanWorkMs = a.logs.analyzer.completed(editor.document)?.workMs ?? NaN;
    metrics.largeLogMB = doc.getText().length / (1024 * 1024);
  });

  it('measures keystroke-to-diagnostics in a CNI config', async () => {
    await api();
    const doc = await vscode.workspace.openTextDocument(benchFile('net.d/10-calico.conflist'));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const has = () =>
      vscode.languages
        .getDiagnostics(doc.uri)
        .some((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'missing-cni-version');
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('"cniVersion"'));
    assert.ok(line >= 0);
    const original = doc.lineAt(line).text;
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const removing = i % 2 === 0;
      const expected = removing;
      const started = performance.now();
      const seen = new Promise<void>((resolve) => {
        const sub = vscode.languages.onDidChangeDiagnostics(() => {
          if (has() === expected) {
            sub.dispose();
            resolve();
          }
        });
      });
      await editor.edit((e) =>
        e.replace(
          doc.lineAt(line).range,
          removing ? original.replace(/"cniVersion"/, '"cniVersionX"') : original,
        ),
      );
      await seen;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    metrics.keystrokeToDiagnosticsMs = times[Math.floor(times.length / 2)] ?? NaN;
    metrics.keystrokeToDiagnosticsP95Ms = times[times.length - 1] ?? NaN;
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('measures extension-host memory after the large log', () => {
    metrics.extHostHeapMB = process.memoryUsage().heapUsed / (1024 * 1024);
    metrics.extHostRssMB = process.memoryUsage().rss / (1024 * 1024);
  });
});
