/**
 * The output channel through the one redaction (src/core/redact.ts): cluster failures carry
 * server error bodies and exec-plugin output, and any of them may hold a credential.
 */
import type * as vscode from 'vscode';
import { redactSecrets } from '../core/redact';

const WRITERS = new Set<PropertyKey>([
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'append',
  'appendLine',
  'replace',
]);

const clean = (value: unknown): unknown =>
  typeof value === 'string'
    ? redactSecrets(value)
    : value instanceof Error
      ? Object.assign(new Error(redactSecrets(value.message)), { name: value.name })
      : value;

/** `log` with every written message and argument redacted; everything else passes through. */
export function redactingLog(log: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(log, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const fn = value as (...a: unknown[]) => unknown;
      if (!WRITERS.has(prop)) return fn.bind(target);
      return (...args: unknown[]): unknown => fn.apply(target, args.map(clean));
    },
  });
}
