/** Test harness: a TestApiServer on a scenario, a kubeconfig for it, and a client with short timeouts. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  type ConnectionState,
  type LoadProgress,
  type WatchHandlers,
} from '../../../src/cluster/clusterClient';
import {
  createKubeClusterClient,
  type KubeClientOptions,
  type KubeClusterClient,
} from '../../../src/cluster/kube/kubeClusterClient';
import { type ClusterData } from '../../../src/core/health/clusterData';
import { type K8sObject, type WatchEventType, type WatchedKind } from '../../../src/core/health/k8s';
import { kubeconfigFor, type KubeconfigOptions } from '../../apiserver/kubeconfig';
import { type ApiServerOptions, TestApiServer } from '../../apiserver/server';
import { loadScenario } from '../../scenarios/loadScenario';

export const tmpDirs: string[] = [];

export function tempFile(name: string, text: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-kube-test-'));
  tmpDirs.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

export function cleanupTemp(): void {
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

export async function startServer(
  scenario = 'kube-basic',
  options: ApiServerOptions = {},
): Promise<TestApiServer> {
  return new TestApiServer(loadScenario(scenario), options).start();
}

export function kubeconfigFile(server: TestApiServer, options: KubeconfigOptions = {}): string {
  return tempFile('config', kubeconfigFor(server, options));
}

export async function clientFor(
  server: TestApiServer,
  options: Partial<KubeClientOptions> = {},
): Promise<KubeClusterClient> {
  const result = await createKubeClusterClient({
    file: kubeconfigFile(server),
    allowExecPlugins: false,
    requestTimeoutMs: 1500,
    readCniLogs: true,
    ...options,
  });
  if (!result.ok) throw new Error(`client: ${result.error.message}`);
  return result.value;
}

/** Records everything a watch reports, and lets a test wait for a condition. */
export class Recorder implements WatchHandlers {
  events: { kind: WatchedKind; type: WatchEventType; object: K8sObject; generation: number }[] = [];
  relists: { data: ClusterData; generation: number }[] = [];
  states: ConnectionState[] = [];
  progress: { progress: LoadProgress; generation: number }[] = [];
  private waiters: (() => void)[] = [];

  onProgress(progress: LoadProgress, generation: number): void {
    this.progress.push({ progress, generation });
  }

  onEvent(kind: WatchedKind, type: WatchEventType, object: K8sObject, generation: number): void {
    this.events.push({ kind, type, object, generation });
    this.wake();
  }

  onRelist(data: ClusterData, generation: number): void {
    this.relists.push({ data, generation });
    this.wake();
  }

  onState(state: ConnectionState): void {
    this.states.push(state);
    this.wake();
  }

  get lastState(): ConnectionState | undefined {
    return this.states[this.states.length - 1];
  }

  /** Resolves when `check` is true; rejects after `timeoutMs` with what was seen. */
  until(check: () => boolean, timeoutMs = 4000, what = 'condition'): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `timed out waiting for ${what}; states: ${JSON.stringify(this.states.map((s) => (s.state === 'failed' ? `failed:${s.failure.kind}` : s.state)))}`,
            ),
          ),
        timeoutMs,
      );
      const waiter = (): void => {
        if (check()) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve();
        }
      };
      this.waiters.push(waiter);
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
