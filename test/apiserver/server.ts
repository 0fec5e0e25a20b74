/**
 * A local HTTPS Kubernetes API server for tests and the demo: serves a Scenario with the real wire
 * format (see listWatch.ts, podLogs.ts), checks a bearer token, counts requests per path, and
 * injects faults on demand (down, slow, RST mid-watch, half-open, any Status code, per path, and
 * the broken bodies of bodyFaults.ts).
 */
import * as https from 'https';
import type * as http from 'http';
import type * as net from 'net';
import { testCerts } from './certs';
import { type BodyFault, type BodyFaultKind, capture, sendBodyFault } from './bodyFaults';
import { handleExecUpgrade } from './exec';
import { getObject, listObjects, type WatchStream, type WatchWriteMode, watchObjects } from './listWatch';
import { PodLogs } from './podLogs';
import { DISCOVERY, parseRoute, type Route } from './routes';
import { forbidden, sendStatus, status } from './status';
import { ObjectStore } from './store';
import { type Scenario } from '../scenarios/loadScenario';

export interface Fault extends Omit<BodyFault, 'kind'> {
  /** Path prefix the fault applies to; every path when absent. */
  path?: string;
  /** Only watch requests (true), only non-watch requests (false), or both. */
  watch?: boolean;
  /** Only requests whose query string contains this (e.g. `continue=`). */
  query?: string;
  /**
   * `status`: answer with a Status of `code` (with `retryAfter`, a Retry-After header); `slow`:
   * delay `ms`; `hang`: never answer (half-open); the others are body faults (bodyFaults.ts).
   */
  kind: 'status' | 'slow' | 'hang' | BodyFaultKind;
  code?: number;
  ms?: number;
  /** status: the Retry-After header value. */
  retryAfter?: string;
  /** How many requests it affects before it clears itself; unlimited when absent. */
  times?: number;
}

/** GET it for `{"requests": N}`: the requests served so far (itself not counted). */
export const REQUEST_COUNT_PATH = '/debug/icd-requests';

export interface RequestRecord {
  path: string;
  query: string;
  watch: boolean;
  at: number;
}

export interface ApiServerOptions {
  token?: string;
  user?: string;
  bookmarkIntervalMs?: number;
  port?: number;
}

export class TestApiServer {
  readonly store: ObjectStore;
  readonly logs = new PodLogs();
  readonly requests: RequestRecord[] = [];
  /** Commands run through pods/exec (`namespace/pod: command`). */
  readonly execs: string[] = [];
  /** Refuse pods/exec with 403 (RBAC without `create pods/exec`). */
  forbidExec = false;
  token: string;
  readonly caPem: string;
  /** Server-wide watch write faults: split multi-byte characters, torn lines. */
  readonly watchMode: WatchWriteMode = { splitMultibyte: false, garbleNext: 0, foreignNext: 0 };
  private faults: Fault[] = [];
  private readonly server: https.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly watches = new Set<WatchStream>();
  private readonly user: string;
  private readonly bookmarkIntervalMs: number;
  private port = 0;

  constructor(scenario: Scenario, options: ApiServerOptions = {}) {
    this.store = new ObjectStore(scenario);
    for (const l of scenario.logs) this.logs.set(l.namespace, l.pod, l.container, l.previous, l.text);
    this.token = options.token ?? 'icd-test-token';
    this.user = options.user ?? 'system:serviceaccount:default:icd-test';
    this.bookmarkIntervalMs = options.bookmarkIntervalMs ?? 60_000;
    this.port = options.port ?? 0;
    const certs = testCerts();
    this.caPem = certs.caPem;
    this.server = https.createServer({ cert: certs.certPem, key: certs.keyPem }, (req, res) => {
      void this.handle(req, res);
    });
    // pods/exec is a WebSocket upgrade (exec.ts); anything else that upgrades is refused.
    this.server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
      if (
        !handleExecUpgrade(req, socket, {
          store: this.store,
          nodeFiles: scenario.nodeFiles,
          token: this.token,
          log: this.execs,
          forbidden: () => this.forbidExec,
        })
      )
        socket.destroy();
    });
    this.server.on('secureConnection', (socket: net.Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  /** Fault "down": closes the listener and drops every connection (clients then get ECONNREFUSED). */
  async down(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  /** Listens again on the same port after down(). */
  async up(): Promise<void> {
    await this.start();
  }

  async stop(): Promise<void> {
    await this.down();
  }

  /** Fault "RST mid-watch": resets the TCP connection of every open watch. */
  resetWatches(): number {
    let n = 0;
    for (const w of [...this.watches]) {
      const socket = w.res.socket;
      if (!socket) continue;
      n++;
      try {
        socket.resetAndDestroy();
      } catch {
        socket.destroy();
      }
    }
    return n;
  }

  /**
   * Fault "restart with resourceVersions reset" (a control-plane rebuild, an etcd restore):
   * every connection drops, the listener closes for `downMs`, and the store counts its versions
   * again from a lower number with no history.
   */
  async restartWithVersionsReset(downMs = 200): Promise<void> {
    await this.down();
    this.store.resetVersions();
    await new Promise((r) => setTimeout(r, downMs));
    await this.up();
  }

  /** Fault "token renewed": the old bearer token is refused from now on, open watches drop. */
  rotateToken(token: string): void {
    this.token = token;
    this.resetWatches();
  }

  /** Writes a raw line into every open watch (a torn or foreign line mid-stream). */
  injectWatchLine(line: string): number {
    for (const w of this.watches) w.raw(line);
    return this.watches.size;
  }

  /** Fault "half-open": open watches stop writing (no events, no bookmarks) but keep the socket. */
  silenceWatches(): number {
    for (const w of this.watches) w.silent = true;
    return this.watches.size;
  }

  get openWatches(): number {
    return this.watches.size;
  }

  addFault(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Requests whose path starts with `prefix` (watch or not, when given), since `since` ms epoch. */
  count(prefix = '/', options: { watch?: boolean; since?: number; query?: string } = {}): number {
    return this.requests.filter(
      (r) =>
        r.path.startsWith(prefix) &&
        (options.watch === undefined || r.watch === options.watch) &&
        (options.since === undefined || r.at >= options.since) &&
        (options.query === undefined || r.query.includes(options.query)),
    ).length;
  }

  private takeFault(path: string, watch: boolean, query: string): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        (f.path === undefined || path.startsWith(f.path)) &&
        (f.watch === undefined || f.watch === watch) &&
        (f.query === undefined || query.includes(f.query)),
    );
    if (fault?.times !== undefined && --fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
    return fault;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    if (url.pathname === REQUEST_COUNT_PATH) {
      // Not an API path and not counted: how a bench in another process reads the count.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ requests: this.requests.length }));
      return;
    }
    const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    this.requests.push({ path: url.pathname, query: url.search, watch, at: Date.now() });
    const route = parseRoute(url.pathname);
    let fault = this.takeFault(url.pathname, watch, url.search);
    while (fault?.kind === 'slow') {
      await new Promise((r) => setTimeout(r, fault?.ms ?? 1000));
      if (req.destroyed || res.destroyed) return;
      fault = this.takeFault(url.pathname, watch, url.search);
      if (fault?.kind === 'slow') fault = undefined;
    }
    if (fault?.kind === 'hang') return;
    if (req.headers.authorization !== `Bearer ${this.token}` || fault?.code === 401) {
      sendStatus(res, status(401, 'Unauthorized'));
      return;
    }
    if (fault?.kind === 'status') {
      const body = this.faultStatus(fault.code ?? 500, route, req.method ?? 'GET', watch);
      if (fault.retryAfter !== undefined) res.setHeader('Retry-After', fault.retryAfter);
      sendStatus(res, body);
      return;
    }
    if (fault) {
      const real = (): ReturnType<typeof capture> => {
        if (fault.kind === 'loop-continue') url.searchParams.delete('continue');
        return capture((r) => this.route(route, url, watch, req, r));
      };
      sendBodyFault({ ...fault, kind: fault.kind }, req, res, real);
      return;
    }
    this.route(route, url, watch, req, res);
  }

  private faultStatus(
    code: number,
    route: Route | undefined,
    method: string,
    watch: boolean,
  ): ReturnType<typeof status> {
    if (code === 403 && route) {
      const verb =
        route.subresource === 'log'
          ? 'get'
          : watch
            ? 'watch'
            : route.name !== undefined
              ? 'get'
              : method === 'GET'
                ? 'list'
                : 'update';
      const resource = route.subresource
        ? `${route.type.resource}/${route.subresource}`
        : route.type.resource;
      return forbidden(this.user, verb, resource, route.type.group, route.namespace, route.name);
    }
    if (code === 410) return status(410, 'too old resource version: 1 (1000)');
    return status(code, code === 500 ? 'Internal error occurred: injected fault' : `injected fault ${code}`);
  }

  private route(
    route: Route | undefined,
    url: URL,
    watch: boolean,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): void {
    const discovery = DISCOVERY[url.pathname];
    if (discovery !== undefined) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(discovery));
      return;
    }
    if (!route || req.method !== 'GET') {
      sendStatus(res, status(404, 'the server could not find the requested resource'));
      return;
    }
    if (route.subresource === 'log' && route.type.kind === 'Pod' && route.namespace && route.name) {
      this.logs.serve(this.store, route.namespace, route.name, url.searchParams, res);
    } else if (route.subresource !== undefined) {
      sendStatus(res, status(404, 'the server could not find the requested resource'));
    } else if (route.name !== undefined) {
      getObject(this.store, route, res);
    } else if (watch) {
      watchObjects(
        this.store,
        route,
        url.searchParams,
        res,
        { bookmarkIntervalMs: this.bookmarkIntervalMs, mode: this.watchMode },
        this.watches,
      );
    } else {
      listObjects(this.store, route, url.searchParams, res);
    }
  }
}
