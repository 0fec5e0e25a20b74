/**
 * Every custom message that crosses between the extension (client) and the language server, as
 * typed `RequestType` / `NotificationType` constants (as vscode-eslint's customMessages.ts does):
 * both sides import the same constant, so a method name or a payload type cannot drift apart.
 * Standard LSP messages are not listed. Method names are namespaced `istioCniDoctor/<verb>`.
 */
import { NotificationType, RequestType0 } from 'vscode-languageserver-protocol';
import type { Settings } from './settings';

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
export const ServerInfoRequest = new RequestType0<ServerInfo, void>('istioCniDoctor/serverInfo');

/**
 * The one shape the lint settings have on the wire: the flat keys of the settings table
 * (src/protocol/settings.ts), in `initializationOptions.settings` and in
 * `DidChangeLintSettingsNotification`. The server still checks every value (a bad one keeps the
 * previous value).
 */
export type LintSettingsWire = Pick<Settings, 'lint.enable' | 'lint.runtime' | 'lint.rules'>;

/** `initializationOptions` of the `initialize` request. */
export interface InitializationOptions {
  settings: LintSettingsWire;
}

/**
 * Client -> server notification: the `istioCniDoctor.lint.*` settings changed. Sent by the
 * extension's LintClient with all three values; the server re-lints the open directories.
 */
export const DidChangeLintSettingsNotification = new NotificationType<LintSettingsWire>(
  'istioCniDoctor/didChangeLintSettings',
);

/** The wire shape from the full settings table. */
export function lintSettingsWire(all: Settings): LintSettingsWire {
  return {
    'lint.enable': all['lint.enable'],
    'lint.runtime': all['lint.runtime'],
    'lint.rules': all['lint.rules'],
  };
}
