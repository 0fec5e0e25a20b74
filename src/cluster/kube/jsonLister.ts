/**
 * Paginated lists and single GETs as plain JSON through httpStream (no client-node typed
 * (de)serialisation: it was ~40 % of the CPU of a large load, issue 15). Every response is
 * bounded (bytes per response, requests per list), checked for shape (a list whose `items` is not
 * an array is an error, never "empty"), and a continue token seen before stops the list. An
 * expired continue token (410 during paging) restarts the list once, as client-go's pager does.
 * Each item is cut down to the fields the model reads as soon as its page is parsed
 * (core/health/k8sShapes.ts): `managedFields`, env, volumes and probes, often most of a real
 * object, are not kept.
 */
import type { ClusterFailure } from '../clusterClient';
import type { K8sObject, K8sPod } from '../../core/health/k8s';
import { projectObject } from '../../core/health/k8sShapes';
import { fail, ok, type Result } from '../../core/result';
import { type HttpTarget, streamGet } from './httpStream';
import { describeQuery, queryPath, type QuerySpec } from './queries';

export interface ListResult {
  items: K8sObject[];
  resourceVersion: string;
  /** Requests made (pages, a restart included). */
  pages: number;
}

export interface ListerOptions {
  pageSize: number;
  /** Per request: headers, each silence in the body, and the whole request. */
  requestTimeoutMs: number;
  /** Bytes allowed per response. */
  maxResponseBytes: number;
  /** Requests allowed per list (a runaway server must not keep us paging). */
  maxRequestsPerList: number;
  signal: AbortSignal;
}

export const LISTER_DEFAULTS = {
  pageSize: 500,
  maxResponseBytes: 64 * 1024 * 1024,
  maxRequestsPerList: 1000,
};

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export class JsonLister {
  constructor(
    private readonly target: HttpTarget,
    private readonly options: ListerOptions,
  ) {}

  /** Every page of `q`; `onPage` hears the items read so far after each page. */
  async list(q: QuerySpec, onPage?: (items: number) => void): Promise<Result<ListResult, ClusterFailure>> {
    const first = await this.pages(q, 0, onPage);
    if (first.ok || first.error.kind !== 'gone' || !first.error.paging) return strip(first);
    const again = await this.pages(q, first.error.requests ?? 0, onPage);
    if (again.ok || again.error.kind !== 'gone') return strip(again);
    return fail({
      ...again.error,
      message: `The list changed faster than it could be paged (410 Gone: the continue token expired, twice) while trying to ${describeQuery(q)}. Run again.`,
    });
  }

  /** One pod by name; undefined when it no longer exists. */
  async getPod(namespace: string, name: string): Promise<Result<K8sPod | undefined, ClusterFailure>> {
    const what = `get pod ${namespace}/${name}`;
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;
    const got = await this.getJson(path, {}, what);
    if (!got.ok) return got.error.kind === 'not-found' ? ok(undefined) : got;
    const pod = got.value;
    if (!isObject(pod) || !isObject(pod.metadata) || typeof pod.metadata.name !== 'string')
      return fail(badShape(what, 'a Pod object with metadata.name'));
    return ok(projectObject('Pod', pod as K8sPod));
  }

  private async pages(
    q: QuerySpec,
    already: number,
    onPage: ((items: number) => void) | undefined,
  ): Promise<Result<ListResult, ClusterFailure & { paging?: boolean; requests?: number }>> {
    const what = describeQuery(q);
    const items: K8sObject[] = [];
    const seen = new Set<string>();
    let cont: string | undefined;
    for (let requests = already + 1; ; requests++) {
      if (requests - already > this.options.maxRequestsPerList)
        return fail({
          kind: 'bad-response',
          message: `The API server was still paginating after ${this.options.maxRequestsPerList} requests for ${what}; stopped.`,
        });
      const got = await this.getJson(
        queryPath(q),
        {
          limit: String(this.options.pageSize),
          continue: cont,
          labelSelector: q.labelSelector,
          fieldSelector: q.fieldSelector,
        },
        what,
      );
      if (!got.ok) return fail({ ...got.error, paging: cont !== undefined, requests });
      const page = listPage(got.value, q, what);
      if (!page.ok) return page;
      for (const item of page.value.items) items.push(item);
      onPage?.(items.length);
      const next = page.value.continue;
      if (!next) return ok({ items, resourceVersion: page.value.resourceVersion, pages: requests });
      if (seen.has(next))
        return fail({
          kind: 'bad-response',
          message: `The API server sent a continue token it had sent before (after ${requests} requests) for ${what}: the list would never end; stopped.`,
        });
      seen.add(next);
      cont = next;
    }
  }

  private async getJson(
    path: string,
    query: Record<string, string | undefined>,
    what: string,
  ): Promise<Result<unknown, ClusterFailure>> {
    const chunks: Buffer[] = [];
    const timeout = this.options.requestTimeoutMs;
    const done = await streamGet(this.target, {
      path,
      query,
      what,
      signal: this.options.signal,
      headersTimeoutMs: timeout,
      idleTimeoutMs: timeout,
      totalTimeoutMs: timeout,
      maxBytes: this.options.maxResponseBytes,
      onData: (c) => chunks.push(c),
      // Nothing is used before the body is complete, so a reset mid-page is read again once.
      onRestart: () => (chunks.length = 0),
    });
    if (!done.ok) return done;
    const text = Buffer.concat(chunks).toString('utf8');
    chunks.length = 0;
    try {
      return ok(JSON.parse(text) as unknown);
    } catch (e) {
      const why = e instanceof Error ? e.message.slice(0, 120) : 'not JSON';
      return fail({ kind: 'bad-response', message: `The response to ${what} is not valid JSON (${why}).` });
    }
  }
}

function strip<T>(
  r: Result<T, ClusterFailure & { paging?: boolean; requests?: number }>,
): Result<T, ClusterFailure> {
  if (r.ok) return r;
  const { paging: _p, requests: _r, ...error } = r.error;
  return fail(error);
}

const badShape = (what: string, expected: string): ClusterFailure => ({
  kind: 'bad-response',
  message: `The response to ${what} is not ${expected}; nothing from it was used.`,
});

interface Page {
  items: K8sObject[];
  continue: string | undefined;
  resourceVersion: string;
}

/** Checks a list page's shape: `items` an array of objects with metadata.name, metadata strings. */
function listPage(body: unknown, q: QuerySpec, what: string): Result<Page, ClusterFailure> {
  const expected = `a ${q.kind}List`;
  if (!isObject(body)) return fail(badShape(what, expected));
  if (body.kind !== undefined && body.kind !== `${q.kind}List`)
    return fail(badShape(what, `${expected} (it is a ${typeof body.kind === 'string' ? body.kind : '?'})`));
  if (!Array.isArray(body.items)) return fail(badShape(what, `${expected} (its "items" is not an array)`));
  const meta = body.metadata ?? {};
  if (!isObject(meta)) return fail(badShape(what, `${expected} (its "metadata" is not an object)`));
  const cont = meta.continue;
  const rv = meta.resourceVersion;
  if ((cont !== undefined && typeof cont !== 'string') || (rv !== undefined && typeof rv !== 'string'))
    return fail(badShape(what, `${expected} (its continue or resourceVersion is not a string)`));
  for (let i = 0; i < body.items.length; i++) {
    const item: unknown = body.items[i];
    if (!isObject(item) || !isObject(item.metadata) || typeof item.metadata.name !== 'string')
      return fail(badShape(what, `${expected} (item ${i} has no metadata.name)`));
    body.items[i] = projectObject(q.kind, item as K8sObject);
  }
  return ok({ items: body.items as K8sObject[], continue: cont || undefined, resourceVersion: rv ?? '' });
}
