/**
 * Runs the real language server in-process over a pair of streams and talks to it with a plain
 * JSON-RPC client, the way VS Code would. Waits on published diagnostics, never on sleeps.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { pathToFileURL } from 'url';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { createConnection } from 'vscode-languageserver/node';
import { type Diagnostic } from 'vscode-languageserver';
import { createServer, type ServerHandle } from '../../../src/server/server';

export interface Published {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

export class LspHarness {
  readonly client: MessageConnection;
  private readonly latest = new Map<string, Published>();
  private waiters: { uri: string; test: (p: Published) => boolean; resolve: (p: Published) => void }[] = [];
  private readonly serverConnection;
  private readonly handle: ServerHandle;

  constructor(debounceMs = 20) {
    const up = new PassThrough();
    const down = new PassThrough();
    this.serverConnection = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
    this.handle = createServer(this.serverConnection, { debounceMs });
    this.serverConnection.listen();
    this.client = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
    this.client.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      this.latest.set(p.uri, p);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== p.uri || !w.test(p)) return true;
        w.resolve(p);
        return false;
      });
    });
    this.client.onRequest('client/registerCapability', () => null);
    this.client.onRequest('workspace/configuration', () => [
      { lint: { enable: true, runtime: 'cri-o', rules: {} } },
    ]);
    this.client.listen();
  }

  async initialize(
    settings: Record<string, unknown> = {},
    capabilities: Record<string, unknown> = {},
  ): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.client.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      // No processId: with one, vscode-languageserver polls the parent process forever.
      processId: null,
      rootUri: null,
      capabilities,
      initializationOptions: { settings },
    });
    await this.client.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the first publication for `uri` (including the latest one) that passes `test`. */
  diagnostics(
    uri: string,
    test: (p: Published) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Published> {
    const now = this.latest.get(uri);
    if (now && test(now)) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching diagnostics for ${uri}; latest: ${JSON.stringify(this.latest.get(uri)?.diagnostics.map((d) => d.code))}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        uri,
        test,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  forget(uri: string): void {
    this.latest.delete(uri);
  }

  async open(uri: string, text: string, languageId = 'cni-config', version = 1): Promise<void> {
    await this.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version, text },
    });
  }

  async change(uri: string, text: string, version: number): Promise<void> {
    await this.client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  async close(uri: string): Promise<void> {
    await this.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  dispose(): void {
    this.handle.cniLint.dispose();
    this.client.dispose();
    this.serverConnection.dispose();
  }
}

export const codes = (p: Published): string[] => p.diagnostics.map((d) => String(d.code));

/** Copies a fixture directory to a temp dir so tests may change and delete files. */
export function copyFixture(name: string): {
  dir: string;
  uri: (file: string) => string;
  text: (file: string) => string;
  cleanup: () => void;
} {
  const src = path.resolve(__dirname, '../../../../test/fixtures/cni', name);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cni-lsp-'));
  for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  return {
    dir,
    uri: (file) => pathToFileURL(path.join(dir, file)).href,
    text: (file) => fs.readFileSync(path.join(dir, file), 'utf8'),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
