/**
 * A streaming GET with the kubeconfig's TLS and auth, for watches and pod logs. client-node
 * 1.4.0's Watch has no timeout and drops the Status body of a refused watch, and its Log class
 * turns every network failure into "500 Error occurred in log request"; here we keep the real
 * status, body and error code, see every byte (for the half-open idle timer), and abort cleanly.
 */
import * as http from 'http';
import * as https from 'https';
import type { ClusterFailure } from '../clusterClient';
import { fail, ok, type Result } from '../../core/result';
import { type KubeConfig } from './clientNode';
import { failureFromError, failureFromHttp } from './failures';

export interface StreamRequest {
  path: string;
  query: Record<string, string | undefined>;
  /** What we were doing, for messages ("watch pods"). */
  what: string;
  signal: AbortSignal;
  /** Time allowed until the response headers arrive. */
  headersTimeoutMs: number;
  onOpen?(): void;
  onData(chunk: Buffer): void;
}

/** Resolves when the stream ends: ok after a 200 that ended, or the failure. */
export async function streamGet(kc: KubeConfig, req: StreamRequest): Promise<Result<void, ClusterFailure>> {
  const server = kc.getCurrentCluster()?.server ?? '';
  let url: URL;
  try {
    url = new URL(server.replace(/\/+$/, '') + req.path);
  } catch {
    return fail({ kind: 'bad-kubeconfig', message: `The cluster server URL is not valid: ${server}` });
  }
  for (const [k, v] of Object.entries(req.query)) if (v !== undefined) url.searchParams.set(k, v);
  const options: https.RequestOptions = {};
  try {
    await kc.applyToHTTPSOptions(options);
  } catch (e) {
    return fail(failureFromError(e, req.what, server));
  }
  if (req.signal.aborted) return fail({ kind: 'server-error', message: `Cancelled: ${req.what}.` });
  const lib = url.protocol === 'http:' ? http : https;
  if (url.protocol === 'http:') delete options.agent;
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: Result<void, ClusterFailure>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(headersTimer);
      req.signal.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const request = lib.request(url, {
      ...options,
      method: 'GET',
      headers: { ...options.headers, Accept: 'application/json' },
    });
    const onAbort = (): void => {
      request.destroy();
      done(fail({ kind: 'server-error', message: `Cancelled: ${req.what}.` }));
    };
    req.signal.addEventListener('abort', onAbort);
    const headersTimer = setTimeout(() => {
      request.destroy();
      done(
        fail({
          kind: 'timeout',
          message: `The API server at ${server} did not answer within ${Math.round(req.headersTimeoutMs / 1000)} s while trying to ${req.what}.`,
        }),
      );
    }, req.headersTimeoutMs);
    request.on('error', (e) => done(fail(failureFromError(e, req.what, server))));
    request.on('response', (res) => {
      clearTimeout(headersTimer);
      const status = res.statusCode ?? 0;
      if (status !== 200) {
        let body = '';
        res.on('data', (c: Buffer) => {
          if (body.length < 65_536) body += c.toString('utf8');
        });
        res.on('end', () => done(fail(failureFromHttp(status, body, req.what))));
        res.on('error', () => done(fail(failureFromHttp(status, body, req.what))));
        return;
      }
      req.onOpen?.();
      res.on('data', (c: Buffer) => {
        if (!settled) req.onData(c);
      });
      const reset = (): Result<void, ClusterFailure> =>
        fail(
          failureFromError(
            Object.assign(new Error('connection reset'), { code: 'ECONNRESET' }),
            req.what,
            server,
          ),
        );
      res.on('end', () => done(ok(undefined)));
      res.on('aborted', () => done(reset()));
      res.on('error', (e) => done(fail(failureFromError(e, req.what, server))));
      // Whatever else happens to the socket, the caller must hear about it (never hang).
      res.on('close', () => done(res.complete ? ok(undefined) : reset()));
    });
    request.end();
  });
}
