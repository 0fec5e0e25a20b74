/**
 * The watch wire format: newline-delimited JSON `{"type","object"}`. Splits chunks into lines
 * (bounded, so a server that never sends a newline cannot grow memory without limit) and hands
 * each event to a WatchSink. Objects are already in the wire shape the model reads.
 */
import type { K8sObject } from '../../core/health/k8s';
import type { WatchSink } from '../watchSupervisor';
import { failureFromHttp } from './failures';

const MAX_LINE = 16 * 1024 * 1024;

/** Returns a chunk consumer that calls onLine per complete line; onOverflow when a line is too long. */
export function splitLines(onLine: (line: string) => void, onOverflow: () => void): (chunk: Buffer) => void {
  let buffer = '';
  return (chunk) => {
    buffer += chunk.toString('utf8');
    let start = 0;
    let nl: number;
    while ((nl = buffer.indexOf('\n', start)) >= 0) {
      const line = buffer.slice(start, nl);
      start = nl + 1;
      if (line.trim() !== '') onLine(line);
    }
    buffer = buffer.slice(start);
    if (buffer.length > MAX_LINE) {
      buffer = '';
      onOverflow();
    }
  };
}

/** Delivers one watch line to the sink; returns true when the stream must stop (an ERROR event). */
export function dispatchWatchLine(line: string, sink: WatchSink, what: string): boolean {
  let parsed: { type?: string; object?: K8sObject & { code?: number } };
  try {
    parsed = JSON.parse(line) as typeof parsed;
  } catch {
    return false; // like client-node: a torn line is skipped; the next resume covers it
  }
  const { type, object } = parsed;
  if (type === 'BOOKMARK') sink.bookmark(object?.metadata?.resourceVersion ?? '');
  else if (type === 'ERROR') {
    sink.fail(failureFromHttp(object?.code ?? 500, object, what));
    return true;
  } else if ((type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') && object)
    sink.event(type, object);
  return false;
}
