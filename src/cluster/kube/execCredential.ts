/**
 * Runs a kubeconfig `exec` credential plugin (aws eks get-token, gke-gcloud-auth-plugin,
 * kubelogin) ourselves instead of through client-node, whose ExecAuth has no timeout, no stdin
 * and a private cache a 401 cannot clear. We add a timeout that kills the whole process group,
 * the user's login-shell PATH (VS Code started from a dock does not inherit it), and a message
 * with the plugin name and its stderr.
 */
import { redactOpaque } from '../../core/redact';
import { spawn } from 'child_process';
import type { ClusterFailure } from '../clusterClient';
import { fail, ok, type Result } from '../../core/result';

export interface ExecConfig {
  command?: string;
  args?: string[];
  env?: { name?: string; value?: string }[];
  apiVersion?: string;
}

export interface ExecCredential {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  /** Epoch ms; undefined means "until it is refused". */
  expiresAt?: number;
}

const MAX_OUTPUT = 1024 * 1024;

export interface ExecRunOptions {
  timeoutMs: number;
  /** PATH to run the plugin with (the login shell's); process.env.PATH when absent. */
  path?: string;
}

export function runExecPlugin(
  exec: ExecConfig,
  options: ExecRunOptions,
): Promise<Result<ExecCredential, ClusterFailure>> {
  const command = exec.command;
  if (!command)
    return Promise.resolve(
      fail({
        kind: 'exec-plugin-failed',
        message: 'The kubeconfig user has an exec section without a command.',
      }),
    );
  const failed = (message: string): Result<never, ClusterFailure> =>
    fail({ kind: 'exec-plugin-failed', message: `Credential plugin "${command}" ${message}` });
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: options.path ?? process.env.PATH };
  for (const e of exec.env ?? []) if (e.name) env[e.name] = e.value ?? '';
  env.KUBERNETES_EXEC_INFO = JSON.stringify({
    apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    spec: { interactive: false },
  });
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    const done = (result: Result<ExecCredential, ClusterFailure>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const child = spawn(command, exec.args ?? [], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    const kill = (): void => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      kill();
      done(
        failed(
          `did not finish within ${Math.round(options.timeoutMs / 1000)} s (it may be waiting for an interactive login; run it in a terminal first).`,
        ),
      );
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      done(
        failed(
          e.code === 'ENOENT'
            ? `was not found on PATH (${env.PATH ?? ''}).`
            : `could not be started: ${e.message}`,
        ),
      );
    });
    child.on('close', (code) => {
      if (code !== 0) {
        done(
          failed(
            `exited with code ${String(code)}${stderr.trim() ? `: ${redactOpaque(stderr.trim().slice(0, 500))}` : ''}.`,
          ),
        );
        return;
      }
      done(parseCredential(stdout, failed));
    });
  });
}

function parseCredential(
  stdout: string,
  failed: (m: string) => Result<never, ClusterFailure>,
): Result<ExecCredential, ClusterFailure> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return failed(
      `printed something that is not an ExecCredential JSON object: ${JSON.stringify(redactOpaque(stdout.slice(0, 80)))}.`,
    );
  }
  const status = (parsed as { status?: Record<string, unknown> } | null)?.status;
  if (!status || typeof status !== 'object')
    return failed('printed JSON without a "status" (expected kind ExecCredential).');
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const token = str(status.token);
  const cert = str(status.clientCertificateData);
  const key = str(status.clientKeyData);
  if (!token && !(cert && key)) return failed('returned neither a token nor a client certificate and key.');
  const expiry = str(status.expirationTimestamp);
  const expiresAt = expiry ? Date.parse(expiry) : undefined;
  return ok({
    ...(token ? { token } : {}),
    ...(cert && key ? { clientCertificateData: cert, clientKeyData: key } : {}),
    ...(expiresAt !== undefined && !Number.isNaN(expiresAt) ? { expiresAt } : {}),
  });
}

let loginPath: Promise<string | undefined> | undefined;

/** The PATH of the user's login shell (once per process; undefined on Windows or on failure). */
export function loginShellPath(timeoutMs = 3000): Promise<string | undefined> {
  loginPath ??= new Promise((resolve) => {
    const shell = process.env.SHELL;
    if (process.platform === 'win32' || !shell) {
      resolve(undefined);
      return;
    }
    const marker = '__ICD_PATH__';
    const child = spawn(shell, ['-l', '-c', `printf '${marker}%s${marker}' "$PATH"`], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(undefined);
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.on('error', () => resolve(undefined));
    child.on('close', () => {
      clearTimeout(timer);
      const m = new RegExp(`${marker}(.*)${marker}`).exec(out);
      resolve(m?.[1] || undefined);
    });
  });
  return loginPath;
}
