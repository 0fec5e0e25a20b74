/**
 * Owns the language client for CNI config files. The server bundle runs as a separate Node
 * process over IPC; it is started lazily, when the first `cni-config` document opens or when a
 * caller asks for it, so activation stays cheap.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { LANGUAGES } from '../../protocol/ids';
import {
  DidChangeLintSettingsNotification,
  type InitializationOptions,
  lintSettingsWire,
  ServerInfoRequest,
  type ServerInfo,
} from '../../protocol/messages';
import { type SettingsReader } from '../settings';

const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

export class LintClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly restarts: number[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly settings: SettingsReader,
  ) {}

  /** Starts the client when a document of `languageId` is (or becomes) open. */
  startWhenNeeded(languageId: string): void {
    const maybeStart = (doc: vscode.TextDocument): void => {
      if (doc.languageId === languageId && this.settings.get('lint.enable')) void this.start();
    };
    vscode.workspace.textDocuments.forEach(maybeStart);
    this.disposables.push(vscode.workspace.onDidOpenTextDocument(maybeStart));
  }

  async serverInfo(): Promise<ServerInfo> {
    const client = await this.start();
    return client.sendRequest(ServerInfoRequest);
  }

  async restart(): Promise<void> {
    const client = await this.start();
    await client.restart();
    this.log.info('Language server restarted');
  }

  start(): Promise<LanguageClient> {
    this.starting ??= this.create().catch((err: unknown) => {
      this.starting = undefined;
      this.log.error(`Language server failed to start: ${String(err)}`);
      throw err;
    });
    return this.starting;
  }

  private async create(): Promise<LanguageClient> {
    const module = this.context.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ language: LANGUAGES.cniConfig }],
      outputChannel: this.log,
      // A function, so a restarted server gets the settings of that moment.
      initializationOptions: (): InitializationOptions => ({
        settings: lintSettingsWire(this.settings.all()),
      }),
      errorHandler: {
        error: () => ({ action: ErrorAction.Continue }),
        closed: () => this.onClosed(),
      },
    };
    const client = new LanguageClient('istioCniDoctor', 'Istio CNI Doctor', serverOptions, clientOptions);
    await client.start();
    this.client = client;
    this.disposables.push(
      this.settings.onDidChange((keys) => {
        if (!keys.some((k) => k.startsWith('lint.')) || !client.isRunning()) return;
        void client.sendNotification(
          DidChangeLintSettingsNotification,
          lintSettingsWire(this.settings.all()),
        );
      }),
    );
    this.log.info('Language server started');
    return client;
  }

  /** A restart budget: a server that keeps crashing is left stopped, with one clear message. */
  private onClosed(): { action: CloseAction; message?: string } {
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts.length > 0 && now - (this.restarts[0] ?? now) > RESTART_WINDOW_MS)
      this.restarts.shift();
    if (this.restarts.length > MAX_RESTARTS) {
      return {
        action: CloseAction.DoNotRestart,
        message:
          'The Istio CNI Doctor language server crashed 5 times in 3 minutes and will not be restarted. Run "Istio CNI Doctor: Restart CNI Config Language Server" after fixing the cause (see Show Extension Log).',
      };
    }
    return { action: CloseAction.Restart };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    void this.client?.stop();
  }
}
