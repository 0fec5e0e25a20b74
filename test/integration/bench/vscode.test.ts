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
  await a.ready;
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
    const visible = await waitFor('visible decorations', () => a.logs.decorations.state(editor.document), 30_000);
    const visibleAt = performance.now();
    const complete = await waitFor('complete decorations', () => {
      const s = a.logs.decorations.state(editor.document);
      return s?.complete ? s : undefined;
    }, 120_000);
    const completeAt = performance.now();
    metrics.largeLogOpenMs = shown - opened;
    metrics.largeLogVisibleDecoratedMs = visibleAt - shown;
    metrics.largeLogVisibleComputeMs = visible.visibleMs ?? NaN;
    metrics.largeLogAllDecoratedMs = completeAt - shown;
    metrics.largeLogFindings = complete.ranges.error.length + complete.ranges.warning.length + complete.ranges.info.length + complete.omitted;
    metrics.largeLogScanMs = a.logs.analyzer.completed(editor.document)?.elapsedMs ?? NaN;
    metrics.largeLogMB = doc.getText().length / (1024 * 1024);
  });

  it('measures extension-host memory after the large log', () => {
    metrics.extHostHeapMB = process.memoryUsage().heapUsed / (1024 * 1024);
    metrics.extHostRssMB = process.memoryUsage().rss / (1024 * 1024);
  });
});
