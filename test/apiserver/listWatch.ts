/**
 * GET of one object, paginated lists (limit/continue, remainingItemCount) and watch streams
 * (newline-delimited JSON, resume from resourceVersion, bookmarks, timeoutSeconds, 410 ERROR).
 */
import type * as http from 'http';
import { type Route } from './routes';
import { parseFieldSelector, parseLabelSelector, type Selectable, SelectorError } from './selectors';
import { sendStatus, status } from './status';
import { type HistoryEntry, type ObjectStore, type StoredObject, type WatchType } from './store';

export interface WatchStream {
  res: http.ServerResponse;
  /** Half-open: the socket stays, nothing more is written. */
  silent: boolean;
  /** Writes a raw line (a torn or foreign line mid-stream). */
  raw(line: string): void;
}

/** How watch streams are written (server-wide faults). */
export interface WatchWriteMode {
  /** Split every event in the middle of its first multi-byte character, sent as two chunks. */
  splitMultibyte: boolean;
  /** The next N events are replaced by a torn line (the event itself is lost on that stream). */
  garbleNext: number;
  /** The next N events are replaced by a JSON line that is not a watch event (the event is lost). */
  foreignNext: number;
}

/** Does the object match; `sets` are its label and field sets when the store has them. */
type ObjectPredicate = (o: StoredObject, sets?: Selectable) => boolean;

function selector(query: URLSearchParams, route: Route): ObjectPredicate {
  const label = query.get('labelSelector');
  const field = query.get('fieldSelector');
  const byLabel = label ? parseLabelSelector(label) : undefined;
  const byField = field ? parseFieldSelector(field, route.type.kind) : undefined;
  return (o, sets) =>
    (route.namespace === undefined || o.metadata.namespace === route.namespace) &&
    (byLabel === undefined || byLabel(o, sets)) &&
    (byField === undefined || byField(o, sets));
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

/** Index of the first object whose key sorts after `after` (objects sorted by key, byte order). */
function firstAfter(all: readonly StoredObject[], after: string): number {
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortKey(all[mid] as StoredObject) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

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
  const { objects: all, sets } = store.index(route.type.kind, route.namespace);
  const limit = Number(query.get('limit') ?? '0');
  // From the first key after the token, up to `limit` matches; one more says whether to continue.
  let i = token ? firstAfter(all, token.after) : 0;
  const page: StoredObject[] = [];
  let more = false;
  for (; i < all.length; i++) {
    const o = all[i] as StoredObject;
    if (!matches(o, sets[i])) continue;
    if (limit > 0 && page.length === limit) {
      more = true;
      break;
    }
    page.push(o);
  }
  const rv = token ? String(token.rv) : store.resourceVersion;
  const metadata: Record<string, unknown> = { resourceVersion: rv };
  const last = page[page.length - 1];
  if (more && last) {
    metadata.continue = Buffer.from(JSON.stringify({ rv: Number(rv), after: sortKey(last) })).toString(
      'base64',
    );
    if (!query.get('labelSelector') && !query.get('fieldSelector'))
      metadata.remainingItemCount = all.length - i;
  }
  // Real list items carry no kind/apiVersion; the list does.
  const items = page.map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
  json(res, { kind: `${route.type.kind}List`, apiVersion: route.type.apiVersion, metadata, items });
}

export interface WatchOptions {
  bookmarkIntervalMs: number;
  mode: WatchWriteMode;
}

/** A chunked writer that keeps order even when one event goes out in two delayed chunks. */
function chunkWriter(res: http.ServerResponse): (data: Buffer, splitAt?: number) => void {
  let queue = Promise.resolve();
  return (data, splitAt) => {
    queue = queue.then(async () => {
      if (res.writableEnded || res.destroyed) return;
      if (splitAt === undefined) {
        res.write(data);
        return;
      }
      res.write(data.subarray(0, splitAt));
      await new Promise((r) => setTimeout(r, 15));
      if (!res.writableEnded && !res.destroyed) res.write(data.subarray(splitAt));
    });
  };
}

/** The byte offset inside the first multi-byte UTF-8 character, if any. */
function multibyteSplit(data: Buffer): number | undefined {
  const i = data.findIndex((b) => b >= 0xc0);
  return i >= 0 ? i + 1 : undefined;
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
  const send = chunkWriter(res);
  const stream: WatchStream = {
    res,
    silent: false,
    raw: (line) => send(Buffer.from(`${line}\n`)),
  };
  const write = (type: string, object: unknown): void => {
    if (stream.silent || res.writableEnded) return;
    const data = Buffer.from(`${JSON.stringify({ type, object })}\n`);
    if (type !== 'BOOKMARK' && options.mode.garbleNext > 0) {
      options.mode.garbleNext--;
      send(data.subarray(0, Math.floor(data.length / 2)));
      send(Buffer.from('\n'));
      return;
    }
    if (type !== 'BOOKMARK' && options.mode.foreignNext > 0) {
      options.mode.foreignNext--;
      send(Buffer.from('{"kind":"Status","apiVersion":"v1","metadata":{},"code":200}\n'));
      return;
    }
    send(data, options.mode.splitMultibyte ? multibyteSplit(data) : undefined);
  };
  const rvParam = query.get('resourceVersion') ?? '';
  if (rvParam !== '' && Number(rvParam) > Number(store.resourceVersion)) {
    // What the watch cache answers when it has not reached the version (after a restart with
    // its history reset): 504 Timeout with the ResourceVersionTooLarge cause.
    sendTooLarge(res, rvParam, store.resourceVersion);
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const sendEntry = (e: HistoryEntry): void => {
    if (e.object.kind !== route.type.kind) return;
    const event = filtered(e, matches);
    if (event) write(event.type, event.object);
  };
  if (rvParam === '' || rvParam === '0') {
    const { objects, sets } = store.index(route.type.kind, route.namespace);
    objects.forEach((o, i) => matches(o, sets[i]) && write('ADDED', o));
  } else {
    const missed = store.since(Number(rvParam));
    if (missed === undefined) {
      const gone = status(410, `too old resource version: ${rvParam} (${store.compactedBelow})`);
      res.end(`${JSON.stringify({ type: 'ERROR', object: gone })}\n`);
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

/**
 * What a watch with selectors sends for a change, as the API server's watch cache does
 * (k8s.io/apiserver cacher): MODIFIED when the object matches before and after; ADDED when it
 * starts matching; DELETED when it stops matching, with the object as it was before and the
 * change's resourceVersion; nothing when it matches neither time. So a pod going Pending to
 * Running leaves a `status.phase!=Running` watch with a DELETED.
 */
export function filtered(
  e: HistoryEntry,
  matches: (o: StoredObject) => boolean,
): { type: WatchType; object: StoredObject } | undefined {
  const now = matches(e.object);
  if (e.type !== 'MODIFIED' || !e.prev) return now ? { type: e.type, object: e.object } : undefined;
  const before = matches(e.prev);
  if (now) return { type: before ? 'MODIFIED' : 'ADDED', object: e.object };
  if (!before) return undefined;
  const gone = {
    ...e.prev,
    metadata: { ...e.prev.metadata, resourceVersion: e.object.metadata.resourceVersion },
  };
  return { type: 'DELETED', object: gone };
}

function sendTooLarge(res: http.ServerResponse, asked: string, current: string): void {
  const body = {
    ...status(504, `Timeout: Too large resource version: ${asked}, current: ${current}`),
    reason: 'Timeout',
    details: {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    },
  };
  res.writeHead(504, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
