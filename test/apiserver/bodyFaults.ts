/**
 * Faults in the body of an answer, not just its status: a response cut short before its
 * Content-Length (closed, or reset: a TCP RST half way), headers then silence, a slow drip, a body of the wrong shape, a reset before
 * any answer, 429 with Retry-After, a redirect to another host, a continue token that loops, a
 * list far larger than any page, and an error body that echoes the request's Authorization
 * header (as some proxies do). Each is what a load balancer, proxy or broken server really sends.
 */
import type * as http from 'http';
import type * as net from 'net';
import { status } from './status';

export type BodyFaultKind =
  | 'truncate'
  | 'reset-mid'
  | 'stall'
  | 'drip'
  | 'body'
  | 'reset'
  | 'redirect'
  | 'loop-continue'
  | 'huge'
  | 'echo-auth';

export interface BodyFault {
  kind: BodyFaultKind;
  /** drip: ms between pieces (default 200). */
  ms?: number;
  /** body: the JSON sent instead of the real answer. */
  body?: unknown;
  /** redirect: the Location (default another host). */
  location?: string;
  /** huge: bytes of items to send (default 200 MB). */
  bytes?: number;
}

export interface Captured {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Runs a route handler into memory (lists, GETs and log tails only; not watches or follows). */
export function capture(handler: (res: http.ServerResponse) => void): Captured {
  const out: Captured = { status: 200, headers: {}, body: '' };
  const stub = {
    headersSent: false,
    writableEnded: false,
    writeHead(code: number, headers?: Record<string, string>) {
      out.status = code;
      Object.assign(out.headers, headers ?? {});
      stub.headersSent = true;
      return stub;
    },
    flushHeaders() {},
    write(chunk: string) {
      out.body += chunk;
      return true;
    },
    end(chunk?: string) {
      if (chunk) out.body += chunk;
      stub.writableEnded = true;
    },
    on() {
      return stub;
    },
  };
  handler(stub as unknown as http.ServerResponse);
  return out;
}

/** Answers `res` with the fault applied to what the server would have sent (`real`). */
export function sendBodyFault(
  fault: BodyFault,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  real: () => Captured,
): void {
  switch (fault.kind) {
    case 'reset':
      resetSocket(res);
      return;
    case 'stall':
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
      return;
    case 'redirect': {
      const location = fault.location ?? `https://api.elsewhere.example:6443${req.url ?? '/'}`;
      res.writeHead(302, { Location: location, 'Content-Type': 'text/plain' });
      res.end(`Found. Redirecting to ${location}`);
      return;
    }
    case 'echo-auth': {
      const echoed = JSON.stringify({ Authorization: [req.headers.authorization ?? ''] });
      const body = status(502, `upstream connect error; request headers were ${echoed}`);
      res.writeHead(502, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
      return;
    }
    case 'body':
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body));
      return;
    case 'huge':
      sendHuge(res, fault.bytes ?? 200 * 1024 * 1024);
      return;
    case 'truncate': {
      const r = real();
      const body = Buffer.from(r.body, 'utf8');
      res.writeHead(r.status, { ...r.headers, 'Content-Length': String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => res.destroy(), 20));
      return;
    }
    case 'reset-mid': {
      const r = real();
      const body = Buffer.from(r.body, 'utf8');
      res.writeHead(r.status, { ...r.headers, 'Content-Length': String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => tcpReset(res), 20));
      return;
    }
    case 'drip': {
      const r = real();
      const body = Buffer.from(r.body, 'utf8');
      res.writeHead(r.status, { ...r.headers, 'Content-Length': String(body.length) });
      let at = 0;
      const timer = setInterval(() => {
        if (res.destroyed || at >= body.length) {
          clearInterval(timer);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(body.subarray(at, at + 16));
        at += 16;
      }, fault.ms ?? 200);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'loop-continue': {
      const r = real();
      const list = JSON.parse(r.body) as { metadata?: Record<string, unknown> };
      const cont = new URL(req.url ?? '/', 'https://x').searchParams.get('continue');
      list.metadata = { ...list.metadata, continue: cont === 'loop-a' ? 'loop-b' : 'loop-a' };
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(list));
      return;
    }
  }
}

/**
 * A real TCP RST under the TLS session: a TLSSocket's own resetAndDestroy() throws (its handle
 * is not TCP), so the reset goes to the TCP socket it wraps; the client then reads ECONNRESET.
 */
type WrappingSocket = net.Socket & { _parent?: net.Socket };

function tcpReset(res: http.ServerResponse): void {
  const tls: WrappingSocket | null = res.socket;
  const tcp = tls?._parent ?? tls;
  if (!tcp) return;
  try {
    tcp.resetAndDestroy();
  } catch {
    tcp.destroy();
  }
}

function resetSocket(res: http.ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

/** A PodList that ignores `limit`: padded pods streamed with backpressure until `bytes` are sent. */
function sendHuge(res: http.ServerResponse, bytes: number): void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.write('{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[');
  const pad = 'x'.repeat(64 * 1024);
  let sent = 0;
  let n = 0;
  const pump = (): void => {
    while (!res.destroyed && sent < bytes) {
      const item = `${n > 0 ? ',' : ''}{"metadata":{"name":"huge-${n}","namespace":"default","annotations":{"pad":"${pad}"}}}`;
      n++;
      sent += item.length;
      if (!res.write(item)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end(']}');
  };
  pump();
}
