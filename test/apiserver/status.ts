/** `Status` bodies exactly as kube-apiserver sends them for failures. */
import type * as http from 'http';

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string };
  code: number;
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  410: 'Expired',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

export function status(code: number, message: string, details?: StatusBody['details']): StatusBody {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: REASONS[code] ?? 'Unknown',
    ...(details ? { details } : {}),
    code,
  };
}

/** The RBAC refusal message, word for word as the real authorizer writes it. */
export function forbidden(
  user: string,
  verb: string,
  resource: string,
  group: string,
  namespace?: string,
  name?: string,
): StatusBody {
  const what = name === undefined ? resource : `${resource} "${name}"`;
  const scope = namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
  return status(
    403,
    `${what} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${group}" ${scope}`,
    {
      ...(name === undefined ? {} : { name }),
      ...(group === '' ? {} : { group }),
      kind: resource.split('/')[0],
    },
  );
}

export function sendStatus(res: http.ServerResponse, body: StatusBody): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(body.code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
