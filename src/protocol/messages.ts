/**
 * Every custom message that crosses between the extension (client) and the language server.
 * Standard LSP messages are not listed. Method names are namespaced `istioCniDoctor/<verb>`.
 */
import packageJson from '../../package.json';

/** What the server says about itself. */
export interface ServerInfo {
  name: string;
  version: string;
  pid: number;
  /** Milliseconds since the server process started. */
  uptimeMs: number;
}

/**
 * Client -> server request: "who are you and are you alive?". Sent by the extension's
 * `startLanguageServer()` API and by the integration tests to prove the IPC link works.
 */
export const SERVER_INFO_REQUEST = 'istioCniDoctor/serverInfo';

/** The version both sides are built from; the bundles inline it from package.json. */
export const PRODUCT_VERSION: string = packageJson.version;
