/**
 * The language server: a thin adapter from LSP to src/core. Handlers stay one-liners over the
 * core; the connection is passed in so tests can run the server in-process over a stream pair.
 */
import {
  type Connection,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerInfoRequest, type ServerInfo } from '../protocol/messages';
import { PRODUCT_VERSION } from '../protocol/version';
import { type CniFeaturesOptions, registerCniFeatures } from './cniFeatures';
import { type CniLintService } from './cniLintService';

const startedAt = Date.now();

export interface ServerHandle {
  documents: TextDocuments<TextDocument>;
  cniLint: CniLintService;
}

export type ServerOptions = CniFeaturesOptions;

export function createServer(connection: Connection, options: ServerOptions = {}): ServerHandle {
  const documents = new TextDocuments(TextDocument);
  const cni = registerCniFeatures(connection, documents, options);

  connection.onInitialize((params): InitializeResult => {
    connection.console.info(
      `Istio CNI Doctor language server ${PRODUCT_VERSION} (pid ${process.pid}) initializing`,
    );
    return {
      capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, ...cni.initialize(params) },
      serverInfo: { name: 'istio-cni-doctor', version: PRODUCT_VERSION },
    };
  });

  connection.onInitialized(() => {
    cni.initialized();
    connection.console.info('Istio CNI Doctor language server ready');
  });
  connection.onShutdown(() => cni.service.dispose());

  connection.onRequest(ServerInfoRequest, serverInfo);

  documents.listen(connection);
  return { documents, cniLint: cni.service };
}

export function serverInfo(): ServerInfo {
  return {
    name: 'istio-cni-doctor',
    version: PRODUCT_VERSION,
    pid: process.pid,
    uptimeMs: Date.now() - startedAt,
  };
}
