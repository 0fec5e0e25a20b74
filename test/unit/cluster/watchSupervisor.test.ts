import * as assert from 'assert';
import { type ClusterFailure, type ConnectionState } from '../../../src/cluster/clusterClient';
import { WatchSession } from '../../../src/cluster/kube/watchSession';
import { WatchSupervisor, type WatchSink } from '../../../src/cluster/watchSupervisor';
import { type Clock } from '../../../src/core/time/clock';
import { emptyClusterData } from '../../../src/core/health/clusterData';
import { type K8sObject } from '../../../src/core/health/k8s';
import { fail, ok, type Result } from '../../../src/core/result';

/** A clock the test moves by hand. */
class FakeClock implements Clock {
  time = 0;
  rand = 0.5;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  now(): number {
    return this.time;
  }
  random(): number {
    return this.rand;
  }
  /** Runs every timer due within `ms`, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.at;
      next.fn();
      await new Promise((r) => setImmediate(r));
    }
    this.time = end;
  }
}

class FakeTransport {
  opens: { rv: string; at: number; sink: WatchSink; aborted: boolean }[] = [];
  relists = 0;
  relistResult: Result<string, ClusterFailure> = ok('500');
  constructor(private readonly clock: FakeClock) {}
  open(rv: string, sink: WatchSink): () => void {
    const entry = { rv, at: this.clock.now(), sink, aborted: false };
    this.opens.push(entry);
    return () => {
      entry.aborted = true;
    };
  }
  relist(): Promise<Result<string, ClusterFailure>> {
    this.relists++;
    return Promise.resolve(this.relistResult);
  }
  get last(): { rv: string; at: number; sink: WatchSink; aborted: boolean } {
    const l = this.opens[this.opens.length - 1];
    if (!l) throw new Error('never opened');
    return l;
  }
}

const pod = (rv: string): K8sObject => ({ metadata: { name: 'p', namespace: 'ns', resourceVersion: rv } });
const unreachable: ClusterFailure = { kind: 'unreachable', message: 'ECONNREFUSED' };

function setup(): {
  clock: FakeClock;
  transport: FakeTransport;
  states: ConnectionState[];
  events: K8sObject[];
  sup: WatchSupervisor;
} {
  const clock = new FakeClock();
  const transport = new FakeTransport(clock);
  const states: ConnectionState[] = [];
  const events: K8sObject[] = [];
  const sup = new WatchSupervisor(
    transport,
    { onEvent: (_t, o) => events.push(o), onState: (s) => states.push(s) },
    { idleTimeoutMs: 60_000 },
    clock,
  );
  return { clock, transport, states, events, sup };
}

describe('WatchSupervisor', () => {
  it('backs off 1 s doubling to 30 s while the server stays unreachable', async () => {
    const { clock, transport, sup } = setup();
    sup.start('100');
    for (let i = 0; i < 8; i++) {
      const before = transport.opens.length;
      transport.last.sink.fail(unreachable);
      for (let waited = 0; transport.opens.length === before && waited < 60_000; waited += 100)
        await clock.advance(100);
    }
    const gaps = transport.opens.slice(1).map((o, i) => o.at - (transport.opens[i]?.at ?? 0));
    assert.deepStrictEqual(gaps, [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    sup.dispose();
  });

  it('adds at most +-20 % jitter', async () => {
    const { clock, transport, states, sup } = setup();
    clock.rand = 0;
    sup.start('1');
    transport.last.sink.fail(unreachable);
    clock.rand = 0.9999;
    await clock.advance(800);
    transport.last.sink.fail(unreachable);
    const retries = states.flatMap((s) =>
      s.state === 'failed' && s.retryInMs !== undefined ? [s.retryInMs] : [],
    );
    assert.deepStrictEqual(retries, [800, 2400]);
    sup.dispose();
  });

  it('resumes from the last resourceVersion seen in events and bookmarks', async () => {
    const { clock, transport, events, sup } = setup();
    sup.start('100');
    assert.strictEqual(transport.last.rv, '100');
    transport.last.sink.opened();
    transport.last.sink.event('ADDED', pod('101'));
    transport.last.sink.bookmark('150');
    transport.last.sink.end();
    await clock.advance(0);
    assert.strictEqual(transport.opens.length, 2);
    assert.strictEqual(transport.last.rv, '150');
    transport.last.sink.event('MODIFIED', pod('151'));
    transport.last.sink.fail(unreachable);
    await clock.advance(1000);
    assert.strictEqual(transport.last.rv, '151');
    assert.strictEqual(events.length, 2);
    sup.dispose();
  });

  it('resets the backoff only when data arrives, so accept-then-drop servers still back off', async () => {
    const { clock, transport, sup } = setup();
    sup.start('1');
    for (const delay of [1000, 2000, 4000]) {
      transport.last.sink.opened();
      transport.last.sink.fail(unreachable);
      await clock.advance(delay);
    }
    assert.deepStrictEqual(
      transport.opens.map((o) => o.at),
      [0, 1000, 3000, 7000],
    );
    transport.last.sink.event('ADDED', pod('2'));
    transport.last.sink.fail(unreachable);
    await clock.advance(1000);
    assert.strictEqual(transport.last.at, 8000);
    sup.dispose();
  });

  it('re-lists on 410 and watches from the new list, at most once per 10 s', async () => {
    const { clock, transport, sup } = setup();
    sup.start('1');
    transport.last.sink.fail({ kind: 'gone', message: '410' });
    await clock.advance(0);
    assert.strictEqual(transport.relists, 1);
    assert.strictEqual(transport.last.rv, '500');
    transport.relistResult = ok('900');
    transport.last.sink.fail({ kind: 'gone', message: '410' });
    await clock.advance(5000);
    assert.strictEqual(transport.relists, 1, 'second re-list waits for the 10 s interval');
    await clock.advance(5000);
    assert.strictEqual(transport.relists, 2);
    assert.strictEqual(transport.last.rv, '900');
    sup.dispose();
  });

  it('treats no data and no bookmark for the idle timeout as a half-open connection', async () => {
    const { clock, transport, states, sup } = setup();
    sup.start('7');
    transport.last.sink.opened();
    await clock.advance(59_000);
    transport.last.sink.bookmark('8');
    await clock.advance(59_000);
    assert.strictEqual(transport.opens.length, 1, 'a bookmark keeps the stream alive');
    await clock.advance(1000);
    assert.ok(transport.opens[0]?.aborted, 'the silent stream is aborted');
    const failed = states.find((s) => s.state === 'failed');
    assert.strictEqual(failed?.state === 'failed' && failed.failure.kind, 'timeout');
    await clock.advance(1000);
    assert.strictEqual(transport.opens.length, 2);
    assert.strictEqual(transport.last.rv, '8');
    sup.dispose();
  });

  it('does not retry hot after 403: reports forbidden and retries after 60 s', async () => {
    const { clock, transport, states, sup } = setup();
    sup.start('1');
    transport.last.sink.fail({ kind: 'forbidden', message: 'no', verb: 'watch', resource: 'pods' });
    const failed = states[states.length - 1];
    assert.ok(
      failed?.state === 'failed' && failed.failure.kind === 'forbidden' && failed.retryInMs === 60_000,
    );
    await clock.advance(59_000);
    assert.strictEqual(transport.opens.length, 1);
    await clock.advance(1000);
    assert.strictEqual(transport.opens.length, 2);
    sup.dispose();
  });

  it('stops for good on dispose, ignoring late callbacks from the old stream', async () => {
    const { clock, transport, events, sup } = setup();
    sup.start('1');
    const old = transport.last.sink;
    sup.dispose();
    old.event('ADDED', pod('2'));
    old.fail(unreachable);
    await clock.advance(120_000);
    assert.strictEqual(transport.opens.length, 1);
    assert.strictEqual(events.length, 0);
  });

  it('reports a failed re-list like any failure and tries again later', async () => {
    const { clock, transport, states, sup } = setup();
    transport.relistResult = fail({ kind: 'unreachable', message: 'down' });
    sup.start('1');
    transport.last.sink.fail({ kind: 'gone', message: '410' });
    await clock.advance(0);
    const last = states[states.length - 1];
    assert.ok(last?.state === 'failed' && last.failure.kind === 'unreachable');
    transport.relistResult = ok('42');
    await clock.advance(1000);
    assert.strictEqual(transport.last.rv, '1', 'a network failure resumes from the old version first');
    transport.last.sink.fail({ kind: 'gone', message: '410' });
    await clock.advance(10_000);
    assert.strictEqual(transport.last.rv, '42');
    sup.dispose();
  });
});

describe('WatchSession initial load', () => {
  it('retries a failed first list with backoff, but not a broken kubeconfig', async () => {
    const clock = new FakeClock();
    const states: ConnectionState[] = [];
    let loads = 0;
    let failure: ClusterFailure = unreachable;
    const session = (): WatchSession =>
      new WatchSession(
        {
          generation: 1,
          isCurrent: () => true,
          options: {},
          clock,
          load: () => {
            loads++;
            return Promise.resolve(fail(failure));
          },
          listQuery: () => Promise.resolve(fail(failure)),
          open: () => () => undefined,
        },
        { onEvent: () => undefined, onRelist: () => undefined, onState: (s) => states.push(s) },
      );
    const retrying = session();
    const flush = (): Promise<void> => new Promise((r) => setImmediate(r));
    retrying.start(undefined);
    await flush();
    await clock.advance(2900);
    assert.strictEqual(loads, 2, 'first list at 0 s, retry at 1 s, the next not before 3 s');
    retrying.dispose();
    loads = 0;
    failure = { kind: 'bad-kubeconfig', message: 'context "x" is not in the kubeconfig' };
    const final = session();
    final.start(undefined);
    await flush();
    await clock.advance(120_000);
    assert.strictEqual(loads, 1);
    const last = states[states.length - 1];
    assert.ok(
      last?.state === 'failed' && last.failure.kind === 'bad-kubeconfig' && last.retryInMs === undefined,
    );
    final.dispose();
  });
});

describe('WatchSession: the handlers see the union of the queries', () => {
  const pod = (phase: string, rv: string): K8sObject => ({
    metadata: { namespace: 'ambient-0', name: 'web-1', resourceVersion: rv },
    status: { phase },
  });

  it('a DELETED from a field-selected query is held back while another query still holds the pod', () => {
    const sinks = new Map<string, WatchSink>();
    const seen: string[] = [];
    const session = new WatchSession(
      {
        generation: 1,
        isCurrent: () => true,
        options: {},
        clock: new FakeClock(),
        load: () => Promise.resolve(fail(unreachable)),
        listQuery: () => Promise.resolve(fail(unreachable)),
        open: (query, _rv, sink) => {
          sinks.set(query.id, sink);
          sink.opened();
          return () => undefined;
        },
      },
      {
        onEvent: (kind, type, o) => seen.push(`${kind} ${type} ${o.metadata?.name ?? ''}`),
        onRelist: () => undefined,
        onState: () => undefined,
      },
    );
    const pending = pod('Pending', '10');
    session.start({
      data: emptyClusterData(),
      requests: 0,
      versions: [
        {
          query: { id: 'ambient-pods', kind: 'Pod', labelSelector: 'istio.io/dataplane-mode=ambient' },
          resourceVersion: '10',
          items: [pending],
        },
        {
          query: { id: 'pending-pods', kind: 'Pod', fieldSelector: 'status.phase=Pending' },
          resourceVersion: '10',
          items: [pending],
        },
      ],
    });
    // Pending -> Running: the label query says MODIFIED, the phase query DELETED (in this order).
    sinks.get('ambient-pods')?.event('MODIFIED', pod('Running', '11'));
    sinks.get('pending-pods')?.event('DELETED', pod('Pending', '11'));
    assert.deepStrictEqual(seen, ['Pod MODIFIED web-1']);
    // Deleted for real: the label query's DELETED is the last holder, so it goes through.
    sinks.get('ambient-pods')?.event('DELETED', pod('Running', '12'));
    assert.deepStrictEqual(seen, ['Pod MODIFIED web-1', 'Pod DELETED web-1']);
    session.dispose();
  });
});
