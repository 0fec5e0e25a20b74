/**
 * The one HTTP piece for talking to the API server: lists, single GETs, pod logs and watches all
 * go through streamGet (pods/exec is a WebSocket, podExec.ts). It owns what every request needs
 * and client-node 1.4.0 does not give us: a deadline for the headers, an idle deadline between
 * body bytes and a total deadline; a byte bound; the kubeconfig's TLS options and proxy agent
 * (for http: servers too); a keep-alive agent per target; no redirects (a 3xx is an error, never
 * followed to another host); bounded retries of a GET that has not delivered anything yet (429
 * honouring Retry-After, one ECONNRESET/EPIPE; a reset mid-body too when the caller buffers the
 * body, onRestart); the real status, body and error code mapped to a
 * ClusterFailure; and every message redacted (the token in use included).
 */
import * as http from 'http';
import * as https from 'https';
import type { ClusterFailure } from '../clusterClient';
import { redactSecrets } from '../../core/redact';
import { fail, ok, type Result } from '../../core/result';
import { type KubeConfig } from './clientNode';
import { cancelled, failureFromError, failureFromHttp } from './failures';

/** Where and how to send requests: made once per load (or per stream) from the kubeconfig. */
export interface HttpTarget {
  /** The server URL as the kubeconfig spells it (for messages). */
  readonly server: string;
  readonly options: https.RequestOptions;
  /** `insecure-skip-tls-verify: true`: the server certificate is not checked. */
  readonly insecure: boolean;
  /** Literal credentials in use (token, basic auth), redacted from every message. */
  readonly secrets: readonly string[];
  /** Closes kept-alive connections. */
  close(): void;
}

export interface StreamRequest {
  path: string;
  query: Record<string, string | undefined>;
  /** What we were doing, for messages ("watch pods"). */
  what: string;
  signal: AbortSignal;
  /** Time allowed until the response headers arrive. */
  headersTimeoutMs: number;
  /** Longest silence allowed between body bytes (none when absent: follows and watches decide). */
  idleTimeoutMs?: number;
  /** Time allowed for the whole request, headers to last byte (none when absent). */
  totalTimeoutMs?: number;
  /** Body bytes allowed; more is a `bad-response` failure. */
  maxBytes?: number;
  /** Retries of 429 / a reset before any byte arrived (default 3; 0 for watches). */
  retries?: number;
  /**
   * Given by callers that only use the body once it is complete (lists, single GETs): a reset
   * in the middle of the body (ECONNRESET/EPIPE) is then retried once too, after this tells the
   * caller to drop what it received.
   */
  onRestart?(): void;
  onOpen?(): void;
  onData(chunk: Buffer): void;
}

const MAX_RETRY_AFTER_MS = 10_000;

/** The TLS options, credentials and agent of the kubeconfig's current context. */
export async function httpTarget(
  kc: KubeConfig,
  what: string,
  keepAlive = false,
): Promise<Result<HttpTarget, ClusterFailure>> {
  const cluster = kc.getCurrentCluster();
  const server = cluster?.server ?? '';
  const options: https.RequestOptions = {};
  try {
    await kc.applyToHTTPSOptions(options);
  } catch (e) {
    return fail(failureFromError(e, what, server));
  }
  const plain = options.agent instanceof https.Agent && options.agent.constructor === https.Agent;
  if (keepAlive && plain) {
    // client-node makes a fresh agent without keep-alive per call: every page would pay a TLS
    // handshake. Proxy agents (hpagent, socks) are kept as they are.
    options.agent = new https.Agent({
      ...(options.agent as https.Agent).options,
      keepAlive: true,
      maxSockets: 8,
    });
  }
  const secrets: string[] = [];
  const headers = (options.headers ?? {}) as Record<string, unknown>;
  const auth = headers.Authorization ?? headers.authorization;
  if (typeof auth === 'string') secrets.push(auth, auth.replace(/^\S+\s+/, ''));
  if (options.auth) secrets.push(options.auth, Buffer.from(options.auth).toString('base64'));
  const user = kc.getCurrentUser();
  if (user?.token) secrets.push(user.token);
  if (user?.password) secrets.push(user.password);
  const agent = options.agent;
  return ok({
    server,
    options,
    insecure: cluster?.skipTLSVerify === true,
    secrets,
    close: () => {
      if (agent instanceof http.Agent) agent.destroy();
    },
  });
}

/** Resolves when the response ends: ok after a 200 that ended completely, or the failure. */
export async function streamGet(
  target: KubeConfig | HttpTarget,
  req: StreamRequest,
): Promise<Result<void, ClusterFailure>> {
  let t: HttpTarget;
  if ('applyToHTTPSOptions' in target) {
    const made = await httpTarget(target, req.what);
    if (!made.ok) return made;
    t = made.value;
  } else t = target;
  const result = await withRetries(t, req);
  if (t !== target) t.close();
  return result.ok
    ? result
    : fail({ ...result.error, message: redactSecrets(result.error.message, t.secrets) });
}

async function withRetries(t: HttpTarget, req: StreamRequest): Promise<Result<void, ClusterFailure>> {
  let retries = req.retries ?? 3;
  let resets = 0;
  const deadline = req.totalTimeoutMs === undefined ? undefined : Date.now() + req.totalTimeoutMs;
  for (;;) {
    const attempt = await once(t, req, deadline);
    const restartable = req.onRestart !== undefined && attempt.retryable === true;
    if (attempt.result.ok || (attempt.delivered && !restartable) || retries <= 0 || req.signal.aborted)
      return attempt.result;
    let waitMs: number;
    if (attempt.result.error.status === 429) waitMs = attempt.retryAfterMs ?? 1000;
    else if (attempt.retryable && resets++ === 0) waitMs = 0;
    else return attempt.result;
    if (deadline !== undefined && Date.now() + waitMs >= deadline) return attempt.result;
    retries--;
    if (attempt.delivered) req.onRestart?.();
    if (waitMs > 0 && !(await sleep(waitMs, req.signal))) return fail(cancelled(req.what));
  }
}

interface Attempt {
  ok: boolean;
  result: Result<void, ClusterFailure>;
  /** A reset (before the response, or mid-body for onRestart callers): an idempotent GET may be sent again once. */
  retryable?: boolean;
  /** Some body bytes reached onData: the request cannot be repeated. */
  delivered: boolean;
  retryAfterMs?: number;
}

function buildUrl(server: string, req: StreamRequest): URL | undefined {
  try {
    const url = new URL(server.replace(/\/+$/, '') + req.path);
    for (const [k, v] of Object.entries(req.query)) if (v !== undefined) url.searchParams.set(k, v);
    return url;
  } catch {
    return undefined;
  }
}

function once(t: HttpTarget, req: StreamRequest, deadline: number | undefined): Promise<Attempt> {
  const url = buildUrl(t.server, req);
  const { server } = t;
  if (!url)
    return Promise.resolve(
      failed({ kind: 'bad-kubeconfig', message: `The cluster server URL is not valid: ${server}` }),
    );
  if (req.signal.aborted) return Promise.resolve(failed(cancelled(req.what)));
  const lib = url.protocol === 'http:' ? http : https;
  const options = { ...t.options };
  // A plain https.Agent cannot carry an http: request; a proxy agent for an http: server can.
  if (url.protocol === 'http:' && options.agent instanceof https.Agent) delete options.agent;
  return new Promise<Attempt>((resolve) => {
    let settled = false;
    let delivered = false;
    let bytes = 0;
    let timer: NodeJS.Timeout | undefined;
    const totalTimer =
      deadline === undefined
        ? undefined
        : setTimeout(
            () => timeout(`did not finish within ${secs(req.totalTimeoutMs ?? 0)}`),
            Math.max(0, deadline - Date.now()),
          );
    const done = (a: Omit<Attempt, 'delivered'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(totalTimer);
      req.signal.removeEventListener('abort', onAbort);
      if (!a.ok) request.destroy();
      resolve({ ...a, delivered });
    };
    const failWith = (f: ClusterFailure, extra: { retryAfterMs?: number; retryable?: boolean } = {}): void =>
      done({ ok: false, result: fail(f), ...extra });
    const timeout = (how: string): void =>
      failWith({
        kind: 'timeout',
        message: `The API server at ${server} ${how} while trying to ${req.what}.`,
      });
    const arm = (ms: number | undefined, how: string): void => {
      clearTimeout(timer);
      if (ms !== undefined) timer = setTimeout(() => timeout(how), ms);
    };
    const request = lib.request(url, {
      ...options,
      method: 'GET',
      headers: { ...options.headers, Accept: 'application/json' },
    });
    const onAbort = (): void => failWith(cancelled(req.what));
    req.signal.addEventListener('abort', onAbort);
    arm(req.headersTimeoutMs, `did not answer within ${secs(req.headersTimeoutMs)}`);
    request.on('error', (e) => failWith(failureFromError(e, req.what, server), { retryable: isReset(e) }));
    request.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const idle = `sent nothing for ${secs(req.idleTimeoutMs ?? 0)} in the middle of a response`;
      if (status !== 200) {
        arm(req.idleTimeoutMs ?? req.headersTimeoutMs, idle);
        let body = '';
        res.on('data', (c: Buffer) => {
          if (body.length < 65_536) body += c.toString('utf8');
        });
        const end = (): void => {
          if (status >= 300 && status < 400)
            failWith(redirected(status, res.headers.location, t.server, req.what));
          else
            failWith(failureFromHttp(status, body, req.what), {
              retryAfterMs: retryAfter(res.headers['retry-after']),
            });
        };
        res.on('end', end);
        res.on('close', end);
        return;
      }
      arm(req.idleTimeoutMs, idle);
      req.onOpen?.();
      res.on('data', (c: Buffer) => {
        if (settled) return;
        bytes += c.length;
        if (req.maxBytes !== undefined && bytes > req.maxBytes) {
          failWith({
            kind: 'bad-response',
            message: `The response to ${req.what} exceeded ${Math.round(req.maxBytes / 1024 / 1024)} MB; it was not read further.`,
          });
          return;
        }
        arm(req.idleTimeoutMs, idle);
        delivered = true;
        req.onData(c);
      });
      const cutShort = (): void =>
        failWith({
          kind: 'bad-response',
          message: `The response to ${req.what} from ${server} ended early (connection closed after ${bytes} bytes${contentLength(res)}).`,
        });
      res.on('end', () => (res.complete ? done({ ok: true, result: ok(undefined) }) : cutShort()));
      res.on('aborted', cutShort);
      res.on('error', cutShort);
      // Whatever else happens to the socket, the caller must hear about it (never hang).
      res.on('close', () => (res.complete ? done({ ok: true, result: ok(undefined) }) : cutShort()));
    });
    request.end();
  });
}

const failed = (f: ClusterFailure): Attempt => ({ ok: false, result: fail(f), delivered: false });

const secs = (ms: number): string => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`);

function contentLength(res: http.IncomingMessage): string {
  const n = res.headers['content-length'];
  return n ? ` of ${n}` : '';
}

function isReset(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}

function redirected(
  status: number,
  location: string | undefined,
  server: string,
  what: string,
): ClusterFailure {
  let where = 'elsewhere';
  try {
    if (location) where = new URL(location, server).host;
  } catch {
    where = 'an invalid location';
  }
  return {
    kind: 'server-error',
    status,
    message: `The API server answered ${status} redirecting to ${where} while trying to ${what}; redirects are not followed (the credentials would go with them). Check the server URL in the kubeconfig.`,
  };
}

/** Retry-After in seconds (or an HTTP date), bounded to MAX_RETRY_AFTER_MS. */
export function retryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = /^\s*\d+\s*$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(seconds) ? Math.min(Math.max(seconds, 0), MAX_RETRY_AFTER_MS) : undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
