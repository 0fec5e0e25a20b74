/**
 * The watch wire format: newline-delimited JSON `{"type","object"}`. Splits chunks into lines
 * and hands each event to a WatchSink:
 *
 * - bytes are decoded with one streaming UTF-8 decoder, so a character split across chunks
 *   arrives whole (decoding each chunk alone turns `größe` into `gr��ße`);
 * - each chunk is scanned once: the pending partial line is kept as parts and joined only when
 *   its newline arrives (re-scanning it per chunk was quadratic: 3.4 s for one 5 MB event);
 * - a line is bounded (16 MB), so a server that never sends a newline cannot grow memory;
 * - a line that is not a watch event (torn, wrong shape, unknown type) is a stream failure, not
 *   something to skip: skipping it would leave that object stale while the status says
 *   "connected". The supervisor resumes from the last good resourceVersion, so the server
 *   replays it.
 */
import { StringDecoder } from 'string_decoder';
import type { ClusterFailure } from '../clusterClient';
import type { K8sObject } from '../../core/health/k8s';
import { isWatchedKind, projectObject } from '../../core/health/k8sShapes';
import type { WatchSink } from '../watchSupervisor';
import { failureFromHttp } from './failures';

const MAX_LINE = 16 * 1024 * 1024;

/**
 * Returns a chunk consumer that calls onLine per complete, non-blank line; onLine returns true to
 * stop (the rest of the stream is ignored). onOverflow is called once when a line is too long.
 */
export function splitLines(
  onLine: (line: string) => boolean | void,
  onOverflow: () => void,
  maxLine = MAX_LINE,
): (chunk: Buffer) => void {
  const decoder = new StringDecoder('utf8');
  let parts: string[] = [];
  let pending = 0;
  let stopped = false;
  return (chunk) => {
    if (stopped) return;
    const text = decoder.write(chunk);
    let start = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', start)) >= 0) {
      const tail = text.slice(start, nl);
      const line = parts.length === 0 ? tail : parts.join('') + tail;
      parts = [];
      pending = 0;
      start = nl + 1;
      if (line.trim() !== '' && onLine(line) === true) {
        stopped = true;
        return;
      }
    }
    if (start < text.length) {
      parts.push(text.slice(start));
      pending += text.length - start;
    }
    if (pending > maxLine) {
      parts = [];
      pending = 0;
      stopped = true;
      onOverflow();
    }
  };
}

/**
 * client-go's IsTooLargeResourceVersion: the server has not reached the resourceVersion asked
 * for (it restarted with its history reset, or an etcd restore went back in time). Waiting does
 * not help; only a fresh list does. The API server answers 504 (reason Timeout) with the cause
 * `ResourceVersionTooLarge` and the message "Too large resource version: ...".
 */
export function isTooLargeResourceVersion(status: unknown): boolean {
  const s = status as
    { message?: unknown; details?: { causes?: { reason?: unknown; message?: unknown }[] } } | undefined;
  if (!s || typeof s !== 'object') return false;
  const causes = Array.isArray(s.details?.causes) ? s.details.causes : [];
  if (causes.some((c) => c?.reason === 'ResourceVersionTooLarge')) return true;
  return typeof s.message === 'string' && /too large resource version/i.test(s.message);
}

/** The failure that makes the supervisor re-list everything: the server's history is not ours. */
export function tooLargeFailure(what: string, resourceVersion: string): ClusterFailure {
  return {
    kind: 'gone',
    status: 504,
    reason: 'too-large-resource-version',
    message: `The API server has not reached resourceVersion ${resourceVersion} (it was restarted or restored) while trying to ${what}; re-listing.`,
  };
}

const EVENT_TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

/** Delivers one watch line to the sink; returns true when the stream must stop (ERROR or a bad line). */
export function dispatchWatchLine(
  line: string,
  sink: WatchSink,
  what: string,
  resourceVersion = '',
): boolean {
  let parsed: { type?: unknown; object?: unknown };
  try {
    parsed = JSON.parse(line) as typeof parsed;
  } catch {
    sink.fail(badLine(what, 'a line that is not JSON'));
    return true;
  }
  const { type, object } = parsed ?? {};
  if (typeof type !== 'string' || !EVENT_TYPES.has(type) || !object || typeof object !== 'object') {
    sink.fail(badLine(what, 'a line that is not a watch event'));
    return true;
  }
  const o = object as K8sObject & { code?: number };
  if (type === 'BOOKMARK') sink.bookmark(o.metadata?.resourceVersion ?? '');
  else if (type === 'ERROR') {
    sink.fail(
      isTooLargeResourceVersion(o)
        ? tooLargeFailure(what, resourceVersion)
        : failureFromHttp(o.code ?? 500, o, what),
    );
    return true;
  } else {
    // Cut down like a listed item (k8sShapes.ts): a watch keeps its objects as long as the view.
    sink.event(
      type as 'ADDED' | 'MODIFIED' | 'DELETED',
      isWatchedKind(o.kind) ? projectObject(o.kind, o) : o,
    );
  }
  return false;
}

function badLine(what: string, which: string): ClusterFailure {
  return {
    kind: 'server-error',
    message: `The ${what} stream sent ${which}; resuming from the last good resourceVersion.`,
  };
}
