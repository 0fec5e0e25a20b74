/**
 * The language server's CNI lint features through a real LSP connection: diagnostics for open
 * documents with siblings read from disk, re-linting when a sibling changes, closes or is
 * deleted, quick fixes, hovers, settings, and input that must not take the server down.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { type CodeAction, type Hover, type MarkupContent, type TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SERVER_INFO_REQUEST, type ServerInfo } from '../../../src/protocol/messages';
import { codes, copyFixture, LspHarness } from './lspHarness';

describe('language server: CNI config lint', function () {
  this.timeout(10000);
  let lsp: LspHarness;
  let fixture: ReturnType<typeof copyFixture> | undefined;

  beforeEach(() => {
    lsp = new LspHarness();
  });
  afterEach(() => {
    lsp.dispose();
    fixture?.cleanup();
    fixture = undefined;
  });

  it('advertises code actions and hovers', async () => {
    const init = await lsp.initialize();
    assert.ok(init.capabilities.hoverProvider);
    assert.deepStrictEqual(init.capabilities.codeActionProvider, { codeActionKinds: ['quickfix'] });
  });

  it('publishes diagnostics for an open file using its siblings on disk, with related locations there', async () => {
    await lsp.initialize();
    fixture = copyFixture('multus-thick-double-insertion');
    const multus = fixture.uri('00-multus.conflist');
    await lsp.open(multus, fixture.text('00-multus.conflist'));
    const p = await lsp.diagnostics(multus);
    // A Multus layout has no competing default network, and the shared name is Istio's wrap (info).
    assert.deepStrictEqual(codes(p), ['duplicate-network-name', 'istio-cni-runs-twice']);
    const twice = p.diagnostics.find((d) => d.code === 'istio-cni-runs-twice');
    assert.strictEqual(twice?.severity, 1);
    assert.strictEqual(twice?.source, 'istio-cni-doctor');
    assert.ok(
      twice?.relatedInformation?.some(
        (r) => r.location.uri === fixture?.uri('10-calico.conflist') && r.location.range.start.line === 48,
      ),
    );
  });

  it('re-lints an open file when a sibling is edited, and drops the finding once it is fixed', async () => {
    await lsp.initialize();
    fixture = copyFixture('multus-thick-double-insertion');
    const multus = fixture.uri('00-multus.conflist');
    const calico = fixture.uri('10-calico.conflist');
    await lsp.open(multus, fixture.text('00-multus.conflist'));
    await lsp.open(calico, fixture.text('10-calico.conflist'));
    await lsp.diagnostics(calico, (p) => codes(p).includes('istio-cni-runs-twice'));
    const withoutIstio = JSON.parse(fixture.text('10-calico.conflist')) as { plugins: { type: string }[] };
    withoutIstio.plugins = withoutIstio.plugins.filter((x) => x.type !== 'istio-cni');
    await lsp.change(calico, JSON.stringify(withoutIstio, null, 2), 2);
    const after = await lsp.diagnostics(multus, (p) => !codes(p).includes('istio-cni-runs-twice'));
    assert.deepStrictEqual(codes(after), ['duplicate-network-name']);
  });

  it('re-lints when a sibling is deleted on disk (workspace/didChangeWatchedFiles)', async () => {
    await lsp.initialize();
    fixture = copyFixture('multus-conf-and-conflist');
    const conflist = fixture.uri('00-multus.conflist');
    await lsp.open(conflist, fixture.text('00-multus.conflist'));
    await lsp.diagnostics(conflist, (p) => codes(p).includes('conf-and-conflist-both-exist'));
    fs.unlinkSync(path.join(fixture.dir, '00-multus.conf'));
    await lsp.client.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: fixture.uri('00-multus.conf'), type: 3 }],
    });
    const after = await lsp.diagnostics(conflist, (p) => !codes(p).includes('conf-and-conflist-both-exist'));
    assert.ok(
      !codes(after).includes('istio-cni-not-in-effective-chain'),
      'the .conflist is now the file the runtime uses',
    );
  });

  it('clears a closed document and re-lints the open sibling without its unsaved text', async () => {
    await lsp.initialize();
    fixture = copyFixture('calico-clean');
    const calico = fixture.uri('10-calico.conflist');
    const extra = fixture.uri('05-extra.conflist');
    await lsp.open(calico, fixture.text('10-calico.conflist'));
    await lsp.open(extra, '{"name":"extra","cniVersion":"0.3.1","plugins":[{"type":"bridge"}]}');
    await lsp.diagnostics(calico, (p) => codes(p).includes('multiple-primary-configs'));
    await lsp.close(extra);
    assert.deepStrictEqual((await lsp.diagnostics(extra, (p) => p.diagnostics.length === 0)).diagnostics, []);
    await lsp.diagnostics(calico, (p) => p.diagnostics.length === 0);
  });

  it('offers a quick fix that removes duplicate istio-cni entries in the same file', async () => {
    await lsp.initialize();
    fixture = copyFixture('azure-triple-istio');
    const uri = fixture.uri('10-azure.conflist');
    const text = fixture.text('10-azure.conflist');
    await lsp.open(uri, text);
    const p = await lsp.diagnostics(uri);
    const dup = p.diagnostics.filter((d) => d.code === 'duplicate-istio-cni');
    const actions = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: dup[0]?.range,
      context: { diagnostics: dup.slice(0, 1) },
    });
    assert.strictEqual(actions.length, 1);
    assert.strictEqual(actions[0]?.kind, 'quickfix');
    const edits = actions[0]?.edit?.changes?.[uri] as TextEdit[];
    assert.deepStrictEqual(Object.keys(actions[0]?.edit?.changes ?? {}), [uri], 'edits only this file');
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'cni-config', 1, text), edits);
    assert.deepStrictEqual(
      (JSON.parse(fixed) as { plugins: { type: string }[] }).plugins.map((x) => x.type),
      ['azure-vnet', 'portmap', 'istio-cni'],
    );
  });

  it('offers the cni.cniConfFileName Helm snippet as a client command, never as an edit', async () => {
    await lsp.initialize();
    fixture = copyFixture('stale-entry-after-cilium');
    const uri = fixture.uri('10-calico.conflist');
    await lsp.open(uri, fixture.text('10-calico.conflist'));
    const d = (await lsp.diagnostics(uri)).diagnostics.filter((x) => x.code === 'multiple-primary-configs');
    const actions = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d[0]?.range,
      context: { diagnostics: d },
    });
    assert.deepStrictEqual(
      actions.map((a) => ({ edit: a.edit, command: a.command?.command, args: a.command?.arguments })),
      [
        {
          edit: undefined,
          command: 'istioCniDoctor.lint.copyHelmSnippet',
          args: ['cni:\n  cniConfFileName: 05-cilium.conflist\n'],
        },
      ],
    );
  });

  it('offers the runs-twice fix as a previewed edit of the open file, then the Helm snippet', async () => {
    await lsp.initialize();
    fixture = copyFixture('multus-thin-double-insertion');
    const uri = fixture.uri('00-multus.conflist');
    await lsp.open(uri, fixture.text('00-multus.conflist'));
    const d = (await lsp.diagnostics(uri)).diagnostics.filter((x) => x.code === 'istio-cni-runs-twice');
    const actions = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d[0]?.range,
      context: { diagnostics: d },
    });
    assert.deepStrictEqual(
      actions.map((a) => a.title),
      [
        'Remove istio-cni from the Multus delegate copy',
        'Copy Helm values: cni.cniConfFileName: 00-multus.conflist (istio-cni in the Multus file only)',
      ],
    );
    const edit = actions[0]?.edit;
    assert.strictEqual(edit?.changes, undefined, 'a previewed edit uses documentChanges with an annotation');
    const change = edit?.documentChanges?.[0];
    assert.ok(change && 'textDocument' in change);
    assert.strictEqual(change.textDocument.uri, uri, 'edits only the file the finding is in');
    const annotation = Object.values(edit?.changeAnnotations ?? {})[0];
    assert.strictEqual(annotation?.needsConfirmation, true);
    assert.strictEqual(actions[1]?.command?.command, 'istioCniDoctor.lint.copyHelmSnippet');
  });

  it('hovers explain the finding under the cursor and known keys', async () => {
    await lsp.initialize();
    fixture = copyFixture('istio-first');
    const uri = fixture.uri('10-calico.conflist');
    const text = fixture.text('10-calico.conflist');
    await lsp.open(uri, text);
    const d = (await lsp.diagnostics(uri)).diagnostics.find((x) => x.code === 'istio-cni-first');
    const onFinding = await lsp.client.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: d?.range.start,
    });
    assert.match(
      (onFinding?.contents as MarkupContent).value,
      /\*\*istio-cni-first\*\* \(error\): istio-cni is first or alone in a chain/,
    );
    // The hover cites what a reader can open, not a code of a file outside the repository.
    assert.match(
      (onFinding?.contents as MarkupContent).value,
      /Source: istio\/istio cni\/pkg\/plugin\/plugin\.go@1\.30\.3/,
    );
    const doc = TextDocument.create(uri, 'cni-config', 1, text);
    const keyPos = doc.positionAt(text.indexOf('"cni_agent_run_dir"') + 3);
    const onKey = await lsp.client.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: keyPos,
    });
    assert.match((onKey?.contents as MarkupContent).value, /cni_agent_run_dir.*pluginevent\.sock/s);
  });

  it('applies settings from initializationOptions and workspace/didChangeConfiguration', async () => {
    await lsp.initialize({
      'lint.enable': true,
      'lint.runtime': 'containerd',
      'lint.rules': { 'invalid-json': 'off' },
    });
    fixture = copyFixture('invalid-before-effective');
    const uri = fixture.uri('00-broken.conf');
    await lsp.open(uri, fixture.text('00-broken.conf'));
    const first = await lsp.diagnostics(uri);
    assert.deepStrictEqual(
      first.diagnostics.map((d) => `${String(d.code)}:${d.severity}`),
      ['invalid-file-before-effective:1'],
    );
    await lsp.client.sendNotification('workspace/didChangeConfiguration', {
      settings: { istioCniDoctor: { lint: { enable: true, runtime: 'cri-o', rules: {} } } },
    });
    const crio = await lsp.diagnostics(uri, (p) =>
      p.diagnostics.some((d) => d.code === 'invalid-file-before-effective' && d.severity === 2),
    );
    assert.ok(codes(crio).includes('invalid-json'));
    await lsp.client.sendNotification('workspace/didChangeConfiguration', {
      settings: { istioCniDoctor: { lint: { enable: false } } },
    });
    await lsp.diagnostics(uri, (p) => p.diagnostics.length === 0);
  });

  it('pulls settings with workspace/configuration when the notification carries none', async () => {
    await lsp.initialize({}, { workspace: { configuration: true } });
    fixture = copyFixture('invalid-before-effective');
    const uri = fixture.uri('00-broken.conf');
    await lsp.open(uri, fixture.text('00-broken.conf'));
    await lsp.diagnostics(uri, (p) =>
      p.diagnostics.some((d) => d.code === 'invalid-file-before-effective' && d.severity === 1),
    );
    await lsp.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await lsp.diagnostics(uri, (p) =>
      p.diagnostics.some((d) => d.code === 'invalid-file-before-effective' && d.severity === 2),
    );
  });

  it('lints .json documents that look like CNI configs, and survives binary and 10,000-deep input', async () => {
    await lsp.initialize();
    const json = 'untitled:cni.json';
    await lsp.open(json, '{"cniVersion":"0.3.1","name":"b","type":"bridge","runtimeConfig":{}}', 'json');
    assert.deepStrictEqual(codes(await lsp.diagnostics(json)), ['reserved-key']);
    const deep = 'untitled:deep.conflist';
    await lsp.open(deep, '{"plugins":' + '['.repeat(10000) + ']'.repeat(10000) + '}');
    assert.deepStrictEqual(codes(await lsp.diagnostics(deep)), ['invalid-json', 'no-network-config']);
    const binary = 'untitled:bin.conf';
    await lsp.open(binary, '\u0000\u0001\u0002ELF\u0000\u0000');
    assert.deepStrictEqual(codes(await lsp.diagnostics(binary)), ['invalid-json', 'no-network-config']);
    const info = await lsp.client.sendRequest<ServerInfo>(SERVER_INFO_REQUEST);
    assert.strictEqual(info.name, 'istio-cni-doctor');
  });
});
