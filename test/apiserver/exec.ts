/**
 * `pods/{name}/exec` for the test API server: a WebSocket upgrade speaking the real
 * `v4.channel.k8s.io` framing (each binary message starts with its channel: 1 stdout, 2 stderr,
 * 3 the final Status as JSON). It answers only the read-only commands the explorer runs inside
 * istio-cni-node to read the node's CNI config: `ls [-1] <dir>` and `cat <file>`, from the
 * scenario's NodeFile documents of the pod's node. Written by hand (no `ws` server, whose types
 * are not installed): the server side of RFC 6455 for unmasked, unfragmented binary messages is
 * a handful of lines, and the client never sends anything (no stdin).
 */
import * as crypto from 'crypto';
import type * as http from 'http';
import * as path from 'path';
import type { Duplex } from 'stream';
import type { ScenarioNodeFile } from '../scenarios/loadScenario';
import type { ObjectStore } from './store';

export interface ExecContext {
  store: ObjectStore;
  nodeFiles: ScenarioNodeFile[];
  token: string;
  /** Every exec asked for, for tests (`namespace/pod: command...`). */
  log?: string[];
  /** When it returns true, exec is refused with 403 (a user without `create pods/exec`). */
  forbidden?: () => boolean;
}

const EXEC_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/;
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Handles an `upgrade` request; returns false when it is not an exec request (left to others). */
export function handleExecUpgrade(req: http.IncomingMessage, socket: Duplex, ctx: ExecContext): boolean {
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  const m = EXEC_PATH.exec(url.pathname);
  if (!m) return false;
  const key = req.headers['sec-websocket-key'];
  if (req.headers.authorization !== `Bearer ${ctx.token}` || typeof key !== 'string') {
    socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
    return true;
  }
  if (ctx.forbidden?.()) {
    const body = JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message: `pods "${decodeURIComponent(m[2] ?? '')}" is forbidden: cannot create resource "pods/exec"`,
    });
    socket.end(
      `HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    return true;
  }
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  if (!offered.includes('v4.channel.k8s.io')) {
    socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    return true;
  }
  const accept = crypto
    .createHash('sha1')
    .update(key + GUID)
    .digest('base64');
  socket.write(
    [
      'HTTP/1.1 101 Switching Protocols',
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Accept: ${accept}`,
      'Sec-WebSocket-Protocol: v4.channel.k8s.io',
      '',
      '',
    ].join('\r\n'),
  );
  const namespace = decodeURIComponent(m[1] ?? '');
  const pod = decodeURIComponent(m[2] ?? '');
  const command = url.searchParams.getAll('command');
  ctx.log?.push(`${namespace}/${pod}: ${command.join(' ')}`);
  const result = run(ctx, namespace, pod, command);
  if (result.stdout) socket.write(frame(0x2, channel(1, result.stdout)));
  if (result.stderr) socket.write(frame(0x2, channel(2, result.stderr)));
  const status =
    result.exitCode === 0
      ? { metadata: {}, status: 'Success' }
      : {
          metadata: {},
          status: 'Failure',
          reason: 'NonZeroExitCode',
          message: `command terminated with non-zero exit code: ${result.exitCode}`,
          details: { causes: [{ reason: 'ExitCode', message: String(result.exitCode) }] },
        };
  socket.write(frame(0x2, channel(3, JSON.stringify(status))));
  socket.end(frame(0x8, Buffer.from([0x03, 0xe8])));
  socket.on('error', () => undefined);
  return true;
}

function run(
  ctx: ExecContext,
  namespace: string,
  pod: string,
  command: string[],
): { stdout: string; stderr: string; exitCode: number } {
  const node = (ctx.store.get('Pod', namespace, pod) as { spec?: { nodeName?: string } } | undefined)?.spec
    ?.nodeName;
  if (!node) return { stdout: '', stderr: `pods "${pod}" not found\n`, exitCode: 1 };
  const files = ctx.nodeFiles.filter((f) => f.node === node);
  const [cmd, ...args] = command;
  const operands = args.filter((a) => !a.startsWith('-'));
  if (cmd === 'ls' && operands.length === 1) {
    const dir = (operands[0] ?? '').replace(/\/+$/, '');
    const names = files
      .filter((f) => path.posix.dirname(f.path) === dir)
      .map((f) => path.posix.basename(f.path))
      .sort();
    return { stdout: names.map((n) => `${n}\n`).join(''), stderr: '', exitCode: 0 };
  }
  if (cmd === 'cat' && operands.length === 1) {
    const file = files.find((f) => f.path === operands[0]);
    return file
      ? { stdout: file.text, stderr: '', exitCode: 0 }
      : { stdout: '', stderr: `cat: ${operands[0]}: No such file or directory\n`, exitCode: 1 };
  }
  return { stdout: '', stderr: `${cmd ?? ''}: not supported by the test API server\n`, exitCode: 126 };
}

const channel = (n: number, text: string): Buffer =>
  Buffer.concat([Buffer.from([n]), Buffer.from(text, 'utf8')]);

/** One unmasked server-to-client WebSocket frame (FIN set). */
function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head =
    len < 126
      ? Buffer.from([0x80 | opcode, len])
      : len < 65536
        ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(len)]);
  return Buffer.concat([head, payload]);
}

function bigLength(len: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(len));
  return b;
}
