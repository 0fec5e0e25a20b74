/**
 * The language server: a thin adapter from LSP to src/core. Handlers stay one-liners over the
 * core; the connection is passed in so tests can run the server in-process over a stream pair.
 */
import { type Connection, TextDocuments, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PRODUCT_VERSION, SERVER_INFO_REQUEST, type ServerInfo } from '../protocol/messages';

const startedAt = Date.now();

export interface ServerHandle {
  documents: TextDocuments<TextDocument>;
}

export function createServer(connection: Connection): ServerHandle {
  const documents = new TextDocuments(TextDocument);

  connection.onInitialize((): InitializeResult => {
    connection.console.info(`Istio CNI Doctor language server ${PRODUCT_VERSION} (pid ${process.pid}) initializing`);
    return {
      capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
      serverInfo: { name: 'istio-cni-doctor', version: PRODUCT_VERSION },
    };
  });

  connection.onInitialized(() => connection.console.info('Istio CNI Doctor language server ready'));

  connection.onRequest(SERVER_INFO_REQUEST, (): ServerInfo => serverInfo());

  documents.listen(connection);
  return { documents };
}

export function serverInfo(): ServerInfo {
  return { name: 'istio-cni-doctor', version: PRODUCT_VERSION, pid: process.pid, uptimeMs: Date.now() - startedAt };
}
