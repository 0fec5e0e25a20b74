/** Small helpers shared by the integration tests. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../../src/protocol/ids';
import type { IstioCniDoctorApi } from '../../../src/extension/main';

/** The URI of a file in the workspace folder the launcher opened. */
export function workspaceFile(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the launcher opens a workspace folder');
  return vscode.Uri.file(path.join(folder.uri.fsPath, ...segments));
}

/** Resolves when `predicate` holds, checking on each event of `event` and every 50 ms; rejects after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Asks the code-server launcher to take a screenshot named `name` now, and waits until it has.
 * A no-op under launchers that take no screenshots (test-electron).
 */
export async function screenshot(name: string): Promise<void> {
  const summary = process.env.ISTIO_CNI_DOCTOR_TEST_SUMMARY;
  if (!summary || process.env.ISTIO_CNI_DOCTOR_WAIT_FOR_LAUNCHER !== '1') return;
  const request = `${summary}.shot-${name}`;
  fs.writeFileSync(request, '');
  const deadline = Date.now() + 15_000;
  while (!fs.existsSync(`${request}.done`) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
}

/** Activates the extension (if it is not yet); every service is ready when this resolves. */
export async function api(): Promise<IstioCniDoctorApi> {
  const ext = vscode.extensions.getExtension<IstioCniDoctorApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  return ext.activate();
}
