/**
 * Wires the CNI linter into the LSP connection: document events, watched files, settings,
 * code actions and hovers. Each handler is a one-liner over CniLintService and the pure
 * converters in cniDiagnostics.ts.
 */
import {
  type ClientCapabilities,
  CodeActionKind,
  type Connection,
  DidChangeWatchedFilesNotification,
  type InitializeParams,
  type ServerCapabilities,
  type TextDocuments,
} from 'vscode-languageserver';
import { type TextDocument } from 'vscode-languageserver-textdocument';
import { keyDocAt } from '../core/cni/keyDocs';
import { DidChangeLintSettingsNotification, type InitializationOptions } from '../protocol/messages';
import { codeActionsFor, hoverFor } from './cniDiagnostics';
import { CniLintService, DEFAULT_DEBOUNCE_MS } from './cniLintService';
import { readLintSettings } from './lintSettings';

export interface CniFeaturesOptions {
  debounceMs?: number;
}

/** What server.ts calls from its single onInitialize / onInitialized handlers. */
export interface CniFeatures {
  service: CniLintService;
  initialize(params: InitializeParams): ServerCapabilities;
  initialized(): void;
}

export function registerCniFeatures(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  options: CniFeaturesOptions = {},
): CniFeatures {
  const service = new CniLintService(connection, documents, options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  let capabilities: ClientCapabilities = {};

  const initialize = (params: InitializeParams): ServerCapabilities => {
    capabilities = params.capabilities;
    // Typed on the client; still checked here (a missing or bad value keeps the default).
    const init = params.initializationOptions as Partial<InitializationOptions> | undefined;
    service.setSettings(readLintSettings(init?.settings));
    return { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] }, hoverProvider: true };
  };

  const initialized = (): void => {
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/*.{conf,conflist,json,cilium_bak}' },
          { globPattern: '**/ZZZ-istio-cni-kubeconfig' },
        ],
      });
    }
  };

  connection.onNotification(DidChangeLintSettingsNotification, (settings) =>
    service.setSettings(readLintSettings(settings, service.currentSettings())),
  );

  documents.onDidOpen((e) => service.opened(e.document.uri));
  documents.onDidChangeContent((e) => service.changed(e.document.uri));
  documents.onDidClose((e) => service.closed(e.document.uri));
  connection.onDidChangeWatchedFiles((params) =>
    params.changes.forEach((c) => service.fileChangedOnDisk(c.uri)),
  );

  connection.onCodeAction((params) =>
    codeActionsFor(
      params.textDocument.uri,
      params.context.diagnostics,
      service.findingsFor(params.textDocument.uri),
    ),
  );

  connection.onHover((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !service.isCniDocument(doc)) return undefined;
    const key = keyDocAt(doc.getText(), doc.offsetAt(params.position));
    const keyDoc = key && {
      markdown: key.markdown,
      range: { start: doc.positionAt(key.offset), end: doc.positionAt(key.offset + key.length) },
    };
    return hoverFor(params.position, service.findingsFor(doc.uri), keyDoc);
  });

  return { service, initialize, initialized };
}
