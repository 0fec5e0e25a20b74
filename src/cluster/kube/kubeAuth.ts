/**
 * Credentials for the selected context. Static tokens and certificates go to client-node as they
 * are. `exec` plugins run only when the workspace is trusted (`allowExecPlugins`), through
 * execCredential.ts (timeout, login-shell PATH); the credential they return replaces the exec
 * section in a copy of the KubeConfig and is re-run when it expires or the server answers 401.
 * Legacy `auth-provider` entries with a `cmd-path` are refused: client-node runs them with
 * execSync, which would freeze the VS Code extension host while the command runs.
 */
import type { ClusterFailure } from '../clusterClient';
import { fail, ok, type Result } from '../../core/result';
import { type K8sLib, type KubeConfig } from './clientNode';
import { type ExecConfig, type ExecCredential, loginShellPath, runExecPlugin } from './execCredential';

export interface AuthOptions {
  allowExecPlugins: boolean;
  execTimeoutMs: number;
  /** PATH for exec plugins; the login shell's when absent. */
  execPath?: string;
}

export class KubeAuth {
  private credential: ExecCredential | undefined;
  private effective: KubeConfig | undefined;

  constructor(
    private readonly k8s: K8sLib,
    private readonly kc: KubeConfig,
    private readonly options: AuthOptions,
  ) {}

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
  async config(): Promise<Result<KubeConfig, ClusterFailure>> {
    const checked = KubeAuth.check(this.kc, this.options);
    if (!checked.ok) return checked;
    const user = this.kc.getCurrentUser();
    const exec = user?.exec as ExecConfig | undefined;
    if (!user || !exec) return ok(this.kc);
    const fresh =
      this.credential &&
      (this.credential.expiresAt === undefined || this.credential.expiresAt - 30_000 > Date.now());
    if (fresh && this.effective) return ok(this.effective);
    const path = this.options.execPath ?? (await loginShellPath());
    const result = await runExecPlugin(exec, {
      timeoutMs: this.options.execTimeoutMs,
      ...(path ? { path } : {}),
    });
    if (!result.ok) return result;
    this.credential = result.value;
    const replaced = {
      name: user.name,
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
      users: this.kc.getUsers().map((u) => (u.name === user.name ? replaced : u)),
      currentContext: this.kc.getCurrentContext(),
    });
    this.effective = copy;
    return ok(copy);
  }

  /** After a 401: forget the plugin's credential so the next request runs it again. */
  invalidate(): boolean {
    const had = this.credential !== undefined;
    this.credential = undefined;
    this.effective = undefined;
    return had;
  }
}
