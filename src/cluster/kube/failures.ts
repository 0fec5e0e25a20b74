/**
 * Turns what goes wrong on the wire into a ClusterFailure the user can act on: refused or
 * unknown host -> unreachable, no answer in time -> timeout, 401 -> unauthorized, 403 ->
 * forbidden with the verb, resource and namespace parsed from the Status message, 410 -> gone.
 * Works on client-node's ApiException, node-fetch's FetchError and plain Node errors (with
 * `cause` unwrapped, since fetch stacks hide the real code there).
 */
import type { ClusterFailure } from '../clusterClient';
import { redactSecrets } from '../../core/redact';

interface StatusLike {
  message?: string;
  reason?: string;
  code?: number;
  details?: { kind?: string; name?: string; group?: string };
}

const FORBIDDEN =
  /User "([^"]*)" cannot (\S+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]+)"| at the cluster scope)?/;

function parseStatus(body: unknown): StatusLike | undefined {
  if (body && typeof body === 'object') return body;
  if (typeof body !== 'string' || body.trim() === '') return undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return { message: body.slice(0, 300) };
  }
}

/** The server's own words, redacted (some proxies echo the request headers) and bounded. */
function detailOf(body: unknown): string {
  const message = parseStatus(body)?.message;
  return typeof message === 'string' ? redactSecrets(message.slice(0, 1000)) : '';
}

/** A failure from an HTTP status and its body (a Status object, usually). */
export function failureFromHttp(status: number, body: unknown, what: string): ClusterFailure {
  const detail = detailOf(body);
  switch (status) {
    case 401:
      return {
        kind: 'unauthorized',
        status,
        message: `The cluster refused the credentials (401 Unauthorized) while trying to ${what}. The token or certificate may have expired; log in again or pick another context.`,
      };
    case 403: {
      const m = FORBIDDEN.exec(detail);
      if (m) {
        const [, user, verb, resource, , namespace] = m;
        const where = namespace ? ` in namespace ${namespace}` : ' cluster-wide';
        return {
          kind: 'forbidden',
          status,
          verb,
          resource,
          ...(namespace ? { namespace } : {}),
          message: `Forbidden: ${user ?? 'the user'} may not ${verb ?? '?'} ${resource ?? '?'}${where}. Ask for RBAC permission to ${verb ?? '?'} ${resource ?? '?'}.`,
        };
      }
      return {
        kind: 'forbidden',
        status,
        message: `Forbidden (403) while trying to ${what}${detail ? `: ${detail}` : ''}.`,
      };
    }
    case 404:
      return { kind: 'not-found', status, message: detail || `Not found (404) while trying to ${what}.` };
    case 410:
      return {
        kind: 'gone',
        status,
        message: `The resource version expired (410 Gone) while trying to ${what}.`,
      };
    case 429:
      return {
        kind: 'server-error',
        status,
        message: `The API server is throttling requests (429 Too Many Requests) while trying to ${what}; retried and gave up. Try again later.`,
      };
    case 408:
    case 504:
      return {
        kind: 'timeout',
        status,
        message: `The API server timed out (${status}) while trying to ${what}.`,
      };
    default:
      return {
        kind: 'server-error',
        status,
        message: `The API server answered ${status} while trying to ${what}${detail ? `: ${detail}` : ''}.`,
      };
  }
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const TIMEOUT = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function codeOf(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string') return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A failure from anything thrown by a request. */
export function failureFromError(e: unknown, what: string, server: string): ClusterFailure {
  const api = e as { code?: unknown; body?: unknown; name?: unknown } | null;
  if (api && typeof api.code === 'number') return failureFromHttp(api.code, api.body, what);
  const statusCode = (e as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number') return failureFromHttp(statusCode, undefined, what);
  const code = codeOf(e);
  const message = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
  if (code && UNREACHABLE.has(code)) {
    return {
      kind: 'unreachable',
      message: `Cannot reach the API server at ${server} (${code}) while trying to ${what}.`,
    };
  }
  if ((code && TIMEOUT.has(code)) || api?.name === 'TimeoutError') {
    return {
      kind: 'timeout',
      message: `The API server at ${server} did not answer in time while trying to ${what}.`,
    };
  }
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code)) {
    return {
      kind: 'unreachable',
      message: `TLS to ${server} failed (${code}): the server certificate does not match the kubeconfig's certificate authority or server name.`,
    };
  }
  return {
    kind: 'unreachable',
    message: `Request to ${server} failed while trying to ${what}: ${redactSecrets(message.slice(0, 300))}`,
  };
}

export const cancelled = (what: string): ClusterFailure => ({
  kind: 'server-error',
  message: `Cancelled (the context was switched or the client closed): ${what}.`,
});
