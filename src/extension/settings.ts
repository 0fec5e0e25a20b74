/**
 * The one typed reader of the extension's settings. Every key comes from the table in
 * src/protocol/settings.ts, so a setting cannot be contributed without being read here.
 */
import * as vscode from 'vscode';
import {
  SETTING_DEFAULTS,
  SETTING_KEYS,
  SETTINGS_SECTION,
  type SettingKey,
  type Settings,
} from '../protocol/settings';

export class SettingsReader implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SettingKey[]>();
  /** Fires with the keys whose values changed. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      const keys = SETTING_KEYS.filter((k) => e.affectsConfiguration(`${SETTINGS_SECTION}.${k}`));
      if (keys.length > 0) this.changed.fire(keys);
    });
  }

  get<K extends SettingKey>(key: K): Settings[K] {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<Settings[K]>(key, SETTING_DEFAULTS[key]);
  }

  /** All settings at once, for sending to the language server. */
  all(): Settings {
    const out = { ...SETTING_DEFAULTS };
    for (const key of SETTING_KEYS) (out as Record<SettingKey, unknown>)[key] = this.get(key);
    return out;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
