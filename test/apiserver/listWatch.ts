/**
 * GET of one object, paginated lists (limit/continue, remainingItemCount) and watch streams
 * (newline-delimited JSON, resume from resourceVersion, bookmarks, timeoutSeconds, 410 ERROR).
 */
import type * as http from 'http';
import { type Route } from './routes';
import { parseFieldSelector, parseLabelSelector, SelectorError } from './selectors';
import { sendStatus, status } from './status';
import { type HistoryEntry, type ObjectStore, type StoredObject } from './store';

export interface WatchStream {
  res: http.ServerResponse;
  /** Half-open: the socket stays, nothing more is written. */
  silent: boolean;
}

type ObjectPredicate = (o: StoredObject) => boolean;

function selector(query: URLSearchParams, route: Route): ObjectPredicate {
  const label = query.get('labelSelector');
  const field = query.get('fieldSelector');
  const byLabel = label ? parseLabelSelector(label) : undefined;
  const byField = field ? parseFieldSelector(field, route.type.kind) : undefined;
  return (o: StoredObject) =>
    (route.namespace === undefined || o.metadata.namespace === route.namespace) &&
    (byLabel === undefined || byLabel(o)) &&
    (byField === undefined || byField(o));
}

function withSelector(
  res: http.ServerResponse,
  query: URLSearchParams,
  route: Route,
): ObjectPredicate | undefined {
  try {
    return selector(query, route);
  } catch (e) {
    if (!(e instanceof SelectorError)) throw e;
    sendStatus(res, status(400, e.message));
    return undefined;
  }
}

const json = (res: http.ServerResponse, body: unknown): void => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

export function getObject(store: ObjectStore, route: Route, res: http.ServerResponse): void {
  const object = store.get(route.type.kind, route.namespace, route.name ?? '');
  if (!object) {
    const group = route.type.group === '' ? '' : `.${route.type.group}`;
    sendStatus(
      res,
      status(404, `${route.type.resource}${group} "${route.name ?? ''}" not found`, {
        name: route.name ?? '',
        kind: route.type.resource,
      }),
    );
    return;
  }
  json(res, object);
}

interface ContinueToken {
  rv: number;
  after: string;
}

const sortKey = (o: StoredObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export function listObjects(
  store: ObjectStore,
  route: Route,
  query: URLSearchParams,
  res: http.ServerResponse,
): void {
  const matches = withSelector(res, query, route);
  if (!matches) return;
  let token: ContinueToken | undefined;
  const cont = query.get('continue');
  if (cont) {
    try {
      token = JSON.parse(Buffer.from(cont, 'base64').toString('utf8')) as ContinueToken;
    } catch {
      sendStatus(res, status(400, 'continue key is not valid: illegal base64 data'));
      return;
    }
    if (token.rv < store.compactedBelow) {
      sendStatus(
        res,
        status(
          410,
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
        ),
      );
      return;
    }
  }
  const all = store
    .list(route.type.kind, route.namespace)
    .filter((o) => matches(o) && (!token || sortKey(o) > token.after));
  const limit = Number(query.get('limit') ?? '0');
  const page = limit > 0 ? all.slice(0, limit) : all;
  const rv = token ? String(token.rv) : store.resourceVersion;
  const metadata: Record<string, unknown> = { resourceVersion: rv };
  const last = page[page.length - 1];
  if (page.length < all.length && last) {
    metadata.continue = Buffer.from(JSON.stringify({ rv: Number(rv), after: sortKey(last) })).toString(
      'base64',
    );
    if (!query.get('labelSelector') && !query.get('fieldSelector'))
      metadata.remainingItemCount = all.length - page.length;
  }
  // Real list items carry no kind/apiVersion; the list does.
  const items = page.map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
  json(res, { kind: `${route.type.kind}List`, apiVersion: route.type.apiVersion, metadata, items });
}

export interface WatchOptions {
  bookmarkIntervalMs: number;
}

export function watchObjects(
  store: ObjectStore,
  route: Route,
  query: URLSearchParams,
  res: http.ServerResponse,
  options: WatchOptions,
  streams: Set<WatchStream>,
): void {
  const matches = withSelector(res, query, route);
  if (!matches) return;
  const stream: WatchStream = { res, silent: false };
  const write = (type: string, object: unknown): void => {
    if (!stream.silent && !res.writableEnded) res.write(`${JSON.stringify({ type, object })}\n`);
  };
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const rvParam = query.get('resourceVersion') ?? '';
  const sendEntry = (e: HistoryEntry): void => {
    if (e.object.kind === route.type.kind && matches(e.object)) write(e.type, e.object);
  };
  if (rvParam === '' || rvParam === '0') {
    for (const o of store.list(route.type.kind, route.namespace)) if (matches(o)) write('ADDED', o);
  } else {
    const missed = store.since(Number(rvParam));
    if (missed === undefined) {
      write('ERROR', status(410, `too old resource version: ${rvParam} (${store.compactedBelow})`));
      res.end();
      return;
    }
    missed.forEach(sendEntry);
  }
  streams.add(stream);
  const unsubscribe = store.subscribe(sendEntry);
  const timers: NodeJS.Timeout[] = [];
  if (query.get('allowWatchBookmarks') === 'true') {
    timers.push(
      setInterval(
        () =>
          write('BOOKMARK', {
            kind: route.type.kind,
            apiVersion: route.type.apiVersion,
            metadata: { resourceVersion: store.resourceVersion },
          }),
        options.bookmarkIntervalMs,
      ),
    );
  }
  const timeout = Number(query.get('timeoutSeconds') ?? '0');
  if (timeout > 0) timers.push(setTimeout(() => res.end(), timeout * 1000));
  res.on('close', () => {
    unsubscribe();
    timers.forEach(clearTimeout);
    streams.delete(stream);
  });
}
