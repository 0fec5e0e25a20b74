/**
 * The credential cache of one context, shared by every caller of its client (lists, watches,
 * logs, exec): concurrent callers wait for one exec-plugin run instead of starting their own.
 * Static tokens and certificates go to client-node as they are. `exec` plugins run only when the
 * workspace is trusted (`allowExecPlugins`), through execCredential.ts (timeout, login-shell
 * PATH); the credential they return replaces the exec section in a copy of the KubeConfig and
 * is re-run when it expires.
 *
 * After a 401, renew() looks for a new credential: the kubeconfig files are re-read when they
 * changed on disk (`aws eks update-kubeconfig`, `gcloud ... get-credentials` rewrite them) and
 * the exec plugin is re-run (at most once per `minExecRerunMs`); it says whether anything
 * changed, so callers retry at once instead of waiting their slow interval.
 *
 * Legacy `auth-provider` entries with a `cmd-path` are refused: client-node runs them with
 * execSync, which would freeze the VS Code extension host while the command runs.
 */
import * as fs from 'fs';
import type { ClusterFailure } from '../clusterClient';
import { fail, ok, type Result } from '../../core/result';
import { type K8sLib, type KubeConfig } from './clientNode';
import { type ExecConfig, type ExecCredential, loginShellPath, runExecPlugin } from './execCredential';
import { kubeconfigFiles, type KubeconfigSource, readKubeconfig, selectContext } from './kubeconfig';

export interface AuthOptions {
  allowExecPlugins: boolean;
  execTimeoutMs: number;
  /** PATH for exec plugins; the login shell's when absent. */
  execPath?: string;
  /** Where the kubeconfig came from, so renew() can re-read it; no re-reading when absent. */
  source?: KubeconfigSource;
  /** The selected context (renew() selects it again in a re-read kubeconfig). */
  context?: string;
  /** renew() re-runs the exec plugin at most this often (default 10 s). */
  minExecRerunMs?: number;
}

export class KubeAuth {
  private credential: ExecCredential | undefined;
  private effective: KubeConfig | undefined;
  private pending: Promise<Result<KubeConfig, ClusterFailure>> | undefined;
  private renewing: Promise<boolean> | undefined;
  private lastRenewRun = -Infinity;
  private filesSeen: string;
  /** How many times the exec plugin ran (for tests and the output channel). */
  execRuns = 0;

  constructor(
    private readonly k8s: K8sLib,
    private kc: KubeConfig,
    private readonly options: AuthOptions,
  ) {
    this.filesSeen = this.fileStamp();
  }

  /** Refuses up front what this context would need but may not run. */
  static check(kc: KubeConfig, options: AuthOptions): Result<void, ClusterFailure> {
    const user = kc.getCurrentUser();
    const exec = user?.exec as ExecConfig | undefined;
    if (exec && !options.allowExecPlugins) {
      return fail({
        kind: 'exec-plugin-blocked',
        message: `The kubeconfig user "${user?.name ?? ''}" runs the credential plugin "${exec.command ?? '?'}". Plugins are not run in an untrusted workspace; trust the workspace to connect.`,
      });
    }
    const provider = user?.authProvider as { name?: string; config?: Record<string, string> } | undefined;
    if (provider?.config?.['cmd-path']) {
      return fail({
        kind: 'exec-plugin-blocked',
        message: `The kubeconfig user "${user?.name ?? ''}" uses the legacy "${provider.name ?? '?'}" auth-provider with cmd-path, which blocks while it runs. Switch to an exec credential plugin (e.g. gke-gcloud-auth-plugin or kubelogin).`,
      });
    }
    return ok(undefined);
  }

  /** The KubeConfig to send requests with (with a fresh exec credential if the user has one). */
  config(): Promise<Result<KubeConfig, ClusterFailure>> {
    const checked = KubeAuth.check(this.kc, this.options);
    if (!checked.ok) return Promise.resolve(checked);
    const user = this.kc.getCurrentUser();
    const exec = user?.exec as ExecConfig | undefined;
    if (!user || !exec) return Promise.resolve(ok(this.kc));
    const fresh =
      this.credential &&
      (this.credential.expiresAt === undefined || this.credential.expiresAt - 30_000 > Date.now());
    if (fresh && this.effective) return Promise.resolve(ok(this.effective));
    // Every caller that finds no fresh credential waits for the same plugin run.
    this.pending ??= this.runPlugin(exec, user.name).finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** After a 401: forget the plugin's credential so the next request runs it again. */
  invalidate(): boolean {
    const had = this.credential !== undefined;
    this.credential = undefined;
    this.effective = undefined;
    return had;
  }

  /**
   * After a 401: is there a new credential? Re-reads the kubeconfig when its files changed and
   * re-runs the exec plugin (rate-limited). Concurrent callers share one renewal.
   */
  renew(): Promise<boolean> {
    this.renewing ??= this.doRenew().finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async doRenew(): Promise<boolean> {
    const before = this.identity();
    const stamp = this.fileStamp();
    if (this.options.source && stamp !== this.filesSeen) {
      this.filesSeen = stamp;
      const read = await readKubeconfig(this.options.source);
      if (read.ok && selectContext(read.value, this.options.context).ok) {
        const changed = userOf(read.value) !== userOf(this.kc);
        this.kc = read.value;
        if (changed) {
          this.invalidate();
          return true;
        }
      }
    }
    const exec = this.kc.getCurrentUser()?.exec as ExecConfig | undefined;
    if (!exec || Date.now() - this.lastRenewRun < (this.options.minExecRerunMs ?? 10_000)) return false;
    this.lastRenewRun = Date.now();
    this.invalidate();
    const fresh = await this.config();
    return fresh.ok && this.identity() !== before;
  }

  private async runPlugin(exec: ExecConfig, userName: string): Promise<Result<KubeConfig, ClusterFailure>> {
    const path = this.options.execPath ?? (await loginShellPath());
    this.execRuns++;
    const result = await runExecPlugin(exec, {
      timeoutMs: this.options.execTimeoutMs,
      ...(path ? { path } : {}),
    });
    if (!result.ok) return result;
    this.credential = result.value;
    const replaced = {
      name: userName,
      ...(result.value.token ? { token: result.value.token } : {}),
      ...(result.value.clientCertificateData
        ? { certData: Buffer.from(result.value.clientCertificateData).toString('base64') }
        : {}),
      ...(result.value.clientKeyData
        ? { keyData: Buffer.from(result.value.clientKeyData).toString('base64') }
        : {}),
    };
    const copy = new this.k8s.KubeConfig();
    copy.loadFromOptions({
      clusters: this.kc.getClusters(),
      contexts: this.kc.getContexts(),
      users: this.kc.getUsers().map((u) => (u.name === userName ? replaced : u)),
      currentContext: this.kc.getCurrentContext(),
    });
    this.effective = copy;
    return ok(copy);
  }

  /** What identifies the credential in use (compared, never printed). */
  private identity(): string {
    const c = this.credential;
    return c ? `${c.token ?? ''}|${c.clientCertificateData ?? ''}` : userOf(this.kc);
  }

  /** mtime and size of each kubeconfig file: a cheap "did it change on disk". */
  private fileStamp(): string {
    if (!this.options.source) return '';
    return kubeconfigFiles(this.options.source)
      .files.map((f) => {
        try {
          const s = fs.statSync(f);
          return `${s.mtimeMs}:${s.size}`;
        } catch {
          return '-';
        }
      })
      .join(',');
  }
}

function userOf(kc: KubeConfig): string {
  const cluster = kc.getCurrentCluster();
  return JSON.stringify([kc.getCurrentUser() ?? null, cluster?.server, cluster?.caData, cluster?.caFile]);
}
