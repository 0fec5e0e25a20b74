/**
 * Log intelligence inside VS Code: language detection by name and by content, decorations on
 * exactly the lines the catalog explains, the hover's text, the summary CodeLens and outline.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { catalogPattern } from '../../../src/core/logs';
import { LANGUAGES } from '../../../src/protocol/ids';
import type { IstioCniDoctorApi } from '../../../src/extension/main';
import { api, screenshot, waitFor, workspaceFile } from './helpers';

/** Lines (0-based) of `doc` that contain `text`. */
function linesWith(doc: vscode.TextDocument, text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(text)) out.push(i);
  return out;
}

async function openDecorated(a: IstioCniDoctorApi, ...segments: string[]) {
  const uri = workspaceFile(...segments);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const logDoc = await waitFor(`${segments.join('/')} to become istio-log`, () =>
    editor.document.languageId === LANGUAGES.istioLog ? editor.document : undefined,
  );
  const state = await waitFor('decorations of the whole log', () => {
    const s = a.logs.decorations.state(logDoc);
    return s?.complete ? s : undefined;
  });
  return { doc: logDoc, editor: vscode.window.activeTextEditor ?? editor, state };
}

describe('log intelligence', () => {
  it('decorates exactly the lines the catalog explains, by severity', async () => {
    const a = await api();
    const { doc, state } = await openDecorated(a, 'logs', 'istio-cni-node.log');
    const errorLines = state.ranges.error.map((r) => r.start.line);
    const warningLines = state.ranges.warning.map((r) => r.start.line);
    assert.deepStrictEqual(errorLines, linesWith(doc, 'no ztunnel connection'));
    // "reconciled multiple times" is logged at warn (install/cniconfig.go), so it is a warning.
    assert.deepStrictEqual(
      warningLines,
      [...linesWith(doc, 'broken'), ...linesWith(doc, 'reconciled multiple times')].sort((x, y) => x - y),
    );
    // Istio logs the config-drift reason at info (install/cniconfig.go), so it is an info finding.
    const infoLines = state.ranges.info.map((r) => r.start.line);
    assert.ok(infoLines.includes(linesWith(doc, 'istio-cni CNI config removed')[0] ?? -1), String(infoLines));
    // The normal start-up sequence is not a finding.
    for (const line of linesWith(doc, 'CNI version:'))
      assert.ok(!errorLines.includes(line) && !warningLines.includes(line));
    const removed = state.ranges.info.find(
      (r) => r.start.line === linesWith(doc, 'istio-cni CNI config removed')[0],
    );
    assert.ok(
      removed && removed.end.character > removed.start.character,
      'the range covers the matched text',
    );
  });

  it('explains a line on hover: meaning, cause, fix and the pod it names', async () => {
    const a = await api();
    const { doc, editor } = await openDecorated(a, 'logs', 'istio-cni-node.log');
    const line = linesWith(doc, 'Deleting broken pod')[0] ?? -1;
    const position = new vscode.Position(line, doc.lineAt(line).text.indexOf('Deleting') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      position,
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    const pattern = catalogPattern('repair-deleted-broken-pod');
    assert.ok(pattern);
    assert.ok(text.includes('repair-deleted-broken-pod'), text);
    assert.ok(text.includes('What it means'), text);
    assert.ok(text.includes('Fix:'), text);
    assert.ok(text.includes('shop/checkout-7d9f8b6c5d-x2k4q'), 'the hover names the pod');
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position));
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('log-hover');
  });

  it('detects a kubelet journal by content and summarises it at the top', async () => {
    const a = await api();
    const { doc, state } = await openDecorated(a, 'logs', 'node-2-journal.txt');
    assert.deepStrictEqual(
      state.ranges.error.map((r) => r.start.line),
      linesWith(doc, 'failed (add)'),
    );
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      doc.uri,
    );
    const titles = lenses.map((l) => l.command?.title ?? '').join(' | ');
    assert.match(titles, /1 (sandbox failure|ambient problem)/, titles);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      doc.uri,
    );
    assert.strictEqual(symbols.length, 1);
    assert.match(symbols[0]?.name ?? '', /^1: /);
  });

  it('leaves ordinary text files alone', async () => {
    const uri = workspaceFile('notes.txt');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual(doc.languageId, 'plaintext');
  });
});

describe('user log patterns', () => {
  const key = 'logs.userPatterns';
  after(async () => {
    await vscode.workspace
      .getConfiguration('istioCniDoctor')
      .update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  it('switches off a catastrophic pattern in its worker and still highlights the others', async () => {
    const a = await api();
    await vscode.workspace.getConfiguration('istioCniDoctor').update(
      key,
      [
        // Passes validation (no nested quantifier) but backtracks exponentially on a line of a's.
        { id: 'slow-one', regex: '(a|a)*b', severity: 'warning', explanation: 'never finishes' },
        { id: 'my-marker', regex: 'CUSTOM-MARKER-[0-9]+', severity: 'info', explanation: 'our marker' },
      ],
      vscode.ConfigurationTarget.Global,
    );
    const doc = await vscode.workspace.openTextDocument(workspaceFile('logs', 'custom-istio-cni.log'));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const markerLine = linesWith(editor.document, 'CUSTOM-MARKER-42')[0];
    const started = Date.now();
    const state = await waitFor(
      'the user pattern to be highlighted',
      () => {
        const s = a.logs.decorations.state(editor.document);
        return s?.complete && s.ranges.info.some((r) => r.start.line === markerLine) ? s : undefined;
      },
      30_000,
    );
    assert.deepStrictEqual(state.ranges.warning, [], 'the catastrophic pattern highlights nothing');
    assert.ok(Date.now() - started < 30_000);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      new vscode.Position(markerLine ?? 0, 40),
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /my-marker/);
  });
});
