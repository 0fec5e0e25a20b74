/**
 * Entry point of the language server process. The extension starts this bundle with
 * `TransportKind.ipc`; everything the server does is wired in `createServer`.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createServer } from './server';

const connection = createConnection(ProposedFeatures.all);
createServer(connection);
connection.listen();
