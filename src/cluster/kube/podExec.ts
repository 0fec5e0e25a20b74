/**
 * Runs read-only commands in a pod through the API server's `pods/exec`: a WebSocket speaking
 * `v4.channel.k8s.io` (every message starts with its channel: 1 stdout, 2 stderr, 3 the final
 * Status). Used to list and read `/host/etc/cni/net.d` through the node's istio-cni-node pod,
 * which mounts it, so no SSH to the node is needed. Talks to `ws` directly instead of
 * client-node's Exec, whose `isomorphic-ws` default import breaks in the webpack bundle
 * ("is not a constructor"); authentication comes from the KubeConfig the client's credential
 * cache hands it (KubeClusterClient.exec is the only caller).
 */
import WebSocket from 'ws';
import type { ClusterFailure, ExecOptions } from '../clusterClient';
import { type KubeConfig } from './clientNode';
import { fail, ok, type Result } from '../../core/result';

const MAX_OUTPUT = 4 * 1024 * 1024;
const TIMEOUT_MS = 20_000;

/** Runs `command` and returns its stdout; a non-zero exit is a failure carrying stderr. */
export async function execInPod(
  kc: KubeConfig,
  target: ExecOptions,
  signal: AbortSignal,
): Promise<Result<string, ClusterFailure>> {
  const command = target.command;
  const server = kc.getCurrentCluster()?.server ?? '';
  const query = new URLSearchParams([
    ...command.map((c): [string, string] => ['command', c]),
    ['container', target.container],
    ['stdout', 'true'],
    ['stderr', 'true'],
  ]);
  const url = `${server.replace(/^http/, 'ws').replace(/\/+$/, '')}/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/exec?${query.toString()}`;
  const options: { headers?: Record<string, string> } = {};
  await kc.applyToHTTPSOptions(options);
  if (signal.aborted) return fail({ kind: 'server-error', message: `Cancelled: exec in ${target.pod}.` });
  const what = `exec ${command.join(' ')} in ${target.namespace}/${target.pod}`;
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let status: { status?: string; message?: string } | undefined;
    let settled = false;
    const settle = (r: Result<string, ClusterFailure>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const onAbort = (): void => {
      ws.terminate();
      settle(fail({ kind: 'server-error', message: `Cancelled: ${what}.` }));
    };
    const ws = new WebSocket(url, ['v4.channel.k8s.io'], { ...options, handshakeTimeout: TIMEOUT_MS });
    signal.addEventListener('abort', onAbort);
    const timer = setTimeout(() => {
      ws.terminate();
      settle(fail({ kind: 'timeout', message: `No answer in ${TIMEOUT_MS / 1000} s to ${what}.` }));
    }, TIMEOUT_MS);
    ws.on('message', (data) => {
      const buf = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      const payload = buf.subarray(1);
      if (buf[0] === 1 || buf[0] === 2) {
        if (size < MAX_OUTPUT) (buf[0] === 1 ? out : err).push(payload);
        size += payload.length;
      } else if (buf[0] === 3) {
        try {
          status = JSON.parse(payload.toString('utf8')) as typeof status;
        } catch {
          status = { status: 'Failure', message: 'unreadable exec status' };
        }
      }
    });
    ws.on('unexpected-response', (_req, res) => {
      const code = res.statusCode ?? 0;
      ws.terminate();
      settle(
        fail(
          code === 403
            ? {
                kind: 'forbidden',
                verb: 'create',
                resource: 'pods/exec',
                namespace: target.namespace,
                status: code,
                message: `Forbidden: may not create pods/exec in ${target.namespace}. Ask for RBAC permission to create pods/exec.`,
              }
            : {
                kind: code === 401 ? 'unauthorized' : 'server-error',
                status: code,
                message: `The API server answered ${code} to ${what}.`,
              },
        ),
      );
    });
    ws.on('error', (e) => settle(fail({ kind: 'unreachable', message: `Could not ${what}: ${e.message}` })));
    ws.on('close', () => {
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (status && status.status !== 'Success')
        settle(
          fail({
            kind: 'server-error',
            message: `${what} failed: ${stderr || status.message || 'unknown error'}`,
          }),
        );
      else settle(ok(Buffer.concat(out).toString('utf8')));
    });
  });
}
