/**
 * Paginated lists through client-node's typed API (CoreV1Api, AppsV1Api), converted back to the
 * wire format with ObjectSerializer.serialize (typed objects hold Date instances; the model reads
 * RFC 3339 strings). Every request carries an AbortSignal: the client's (context switch,
 * dispose) combined with a per-request timeout.
 */
import * as https from 'https';
import type { ClusterFailure } from '../clusterClient';
import type { K8sObject, K8sPod } from '../../core/health/k8s';
import { fail, ok, type Result } from '../../core/result';
import { type K8sLib, type KubeConfig } from './clientNode';
import { failureFromError } from './failures';
import { describeQuery, type QuerySpec } from './queries';

interface Page {
  items: unknown[];
  metadata?: { _continue?: string; resourceVersion?: string };
}

export interface ListResult {
  items: K8sObject[];
  resourceVersion: string;
  pages: number;
}

const MODEL: Record<QuerySpec['kind'], string> = {
  Pod: 'V1Pod',
  Event: 'CoreV1Event',
  Node: 'V1Node',
  Namespace: 'V1Namespace',
  DaemonSet: 'V1DaemonSet',
  ConfigMap: 'V1ConfigMap',
  ClusterRoleBinding: 'V1ClusterRoleBinding',
};
/** A runaway server that keeps sending continue tokens must not keep us busy forever. */
const MAX_PAGES = 1000;

export class TypedLister {
  private readonly core: InstanceType<K8sLib['CoreV1Api']>;
  private readonly apps: InstanceType<K8sLib['AppsV1Api']>;
  private readonly rbac: InstanceType<K8sLib['RbacAuthorizationV1Api']>;
  private readonly server: string;
  private agent: https.Agent | undefined;

  constructor(
    private readonly k8s: K8sLib,
    kc: KubeConfig,
    private readonly pageSize: number,
    private readonly timeoutMs: number,
    private readonly signal: AbortSignal,
  ) {
    this.core = kc.makeApiClient(k8s.CoreV1Api);
    this.apps = kc.makeApiClient(k8s.AppsV1Api);
    this.rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
    this.server = kc.getCurrentCluster()?.server ?? '';
  }

  async list(q: QuerySpec): Promise<Result<ListResult, ClusterFailure>> {
    const items: K8sObject[] = [];
    let cont: string | undefined;
    let resourceVersion = '';
    for (let pages = 1; pages <= MAX_PAGES; pages++) {
      const page = await this.call(describeQuery(q), () => this.fetchPage(q, cont));
      if (!page.ok) return page;
      for (const item of page.value.items)
        items.push(compact(this.k8s.ObjectSerializer.serialize(item, MODEL[q.kind])) as K8sObject);
      resourceVersion = page.value.metadata?.resourceVersion ?? resourceVersion;
      const next = page.value.metadata?._continue;
      if (!next || next === cont) return ok({ items, resourceVersion, pages });
      cont = next;
    }
    return fail({
      kind: 'server-error',
      message: `The API server kept paginating past ${MAX_PAGES} pages for ${describeQuery(q)}.`,
    });
  }

  /** One pod by name; undefined when it no longer exists. */
  async getPod(namespace: string, name: string): Promise<Result<K8sPod | undefined, ClusterFailure>> {
    const result = await this.call(`get pod ${namespace}/${name}`, () =>
      this.core.readNamespacedPod({ namespace, name }, this.options()),
    );
    if (!result.ok) return result.error.kind === 'not-found' ? ok(undefined) : result;
    return ok(compact(this.k8s.ObjectSerializer.serialize(result.value, 'V1Pod')) as K8sPod);
  }

  private fetchPage(q: QuerySpec, cont: string | undefined): Promise<Page> {
    const params = {
      limit: this.pageSize,
      ...(cont ? { _continue: cont } : {}),
      ...(q.labelSelector ? { labelSelector: q.labelSelector } : {}),
      ...(q.fieldSelector ? { fieldSelector: q.fieldSelector } : {}),
    };
    const o = this.options();
    const ns = q.namespace;
    switch (q.kind) {
      case 'Pod':
        return ns
          ? this.core.listNamespacedPod({ ...params, namespace: ns }, o)
          : this.core.listPodForAllNamespaces(params, o);
      case 'Event':
        return ns
          ? this.core.listNamespacedEvent({ ...params, namespace: ns }, o)
          : this.core.listEventForAllNamespaces(params, o);
      case 'Node':
        return this.core.listNode(params, o);
      case 'Namespace':
        return this.core.listNamespace(params, o);
      case 'DaemonSet':
        return ns
          ? this.apps.listNamespacedDaemonSet({ ...params, namespace: ns }, o)
          : this.apps.listDaemonSetForAllNamespaces(params, o);
      case 'ConfigMap':
        return ns
          ? this.core.listNamespacedConfigMap({ ...params, namespace: ns }, o)
          : this.core.listConfigMapForAllNamespaces(params, o);
      case 'ClusterRoleBinding':
        return this.rbac.listClusterRoleBinding(params, o);
    }
  }

  private async call<T>(what: string, request: () => Promise<T>): Promise<Result<T, ClusterFailure>> {
    if (this.signal.aborted) return fail(cancelled(what));
    try {
      return ok(await request());
    } catch (e) {
      if (this.signal.aborted) return fail(cancelled(what));
      if ((e as { name?: unknown } | null)?.name === 'AbortError') {
        return fail({
          kind: 'timeout',
          message: `The API server at ${this.server} did not answer within ${Math.round(this.timeoutMs / 1000)} s while trying to ${what}.`,
        });
      }
      return fail(failureFromError(e, what, this.server));
    }
  }

  /** Closes the kept-alive connections; call when the load is over. */
  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }

  /**
   * client-node 1.4.0 makes a new https.Agent (no keep-alive) for every request, so each page
   * paid a TLS handshake. Reuse one keep-alive agent with the same TLS options for this lister.
   * Proxy agents (hpagent, socks) are left alone.
   */
  private shareAgent(ctx: { getAgent(): unknown; setAgent(agent: https.Agent): void }): void {
    const fresh = ctx.getAgent();
    if (!(fresh instanceof https.Agent) || fresh.constructor !== https.Agent) return;
    this.agent ??= new https.Agent({ ...fresh.options, keepAlive: true, maxSockets: 4 });
    ctx.setAgent(this.agent);
  }

  /** Per-request options: our AbortSignal (client lifetime + timeout) through a middleware. */
  private options(): Parameters<InstanceType<K8sLib['CoreV1Api']>['listNode']>[1] {
    const signal = AbortSignal.any([this.signal, AbortSignal.timeout(this.timeoutMs)]);
    const { Observable } = this.k8s;
    return {
      middleware: [
        {
          pre: (ctx) => {
            ctx.setSignal(signal);
            this.shareAgent(ctx);
            return new Observable(Promise.resolve(ctx));
          },
          post: (res) => new Observable(Promise.resolve(res)),
        },
      ],
      middlewareMergeStrategy: 'append',
    };
  }
}

/**
 * ObjectSerializer.serialize writes every attribute of the model, most of them `undefined`
 * (a serialized pod carries ~40 empty spec keys), which made a 5,000-pod ClusterData hold several
 * times its JSON size. Drop those, and `managedFields`, which nobody here reads and which is often
 * the largest part of a real object.
 */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined && k !== 'managedFields') out[k] = compact(v);
  }
  return out;
}

export const cancelled = (what: string): ClusterFailure => ({
  kind: 'server-error',
  message: `Cancelled (the context was switched or the client closed): ${what}.`,
});
