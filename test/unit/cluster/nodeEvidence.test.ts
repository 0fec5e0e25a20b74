import * as assert from 'assert';
import type { ClusterFailure, LogOptions } from '../../../src/cluster/clusterClient';
import { MAX_NODES, readNodeEvidence } from '../../../src/cluster/nodeEvidence';
import { fail, ok, type Result } from '../../../src/core/result';

const forbidden = (resource: string): ClusterFailure => ({
  kind: 'forbidden',
  message: 'Forbidden',
  resource,
});
const nodes = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    node: `w${i}`,
    cniPod: { namespace: 'istio-system', name: `cni-${i}` },
  }));

describe('readNodeEvidence', () => {
  it(`reads at most ${MAX_NODES} nodes, bounded bytes, a few at a time, and lists the rest as skipped`, async () => {
    const asked: LogOptions[] = [];
    let inFlight = 0;
    let peak = 0;
    const r = await readNodeEvidence(nodes(25), {
      podLog: async (o): Promise<Result<string, ClusterFailure>> => {
        asked.push(o);
        peak = Math.max(peak, ++inFlight);
        await new Promise((res) => setTimeout(res, 2));
        inFlight--;
        return ok(`log of ${o.pod}`);
      },
    });
    assert.strictEqual(r.evidence.length, MAX_NODES);
    assert.deepStrictEqual(r.skipped, ['w20', 'w21', 'w22', 'w23', 'w24']);
    assert.ok(peak > 1 && peak <= 4, `peak ${peak}`);
    assert.ok(asked.every((o) => o.container === 'install-cni' && (o.limitBytes ?? Infinity) <= 1024 * 1024));
    assert.ok(r.evidence.every((e) => e.netdWhy?.includes('pods/exec')));
  });

  it('degrades per verb: a refused log or exec says which permission would add what', async () => {
    const r = await readNodeEvidence(nodes(1), {
      podLog: () => Promise.resolve(fail(forbidden('pods/log'))),
      exec: () => Promise.resolve(fail(forbidden('pods/exec'))),
    });
    assert.deepStrictEqual(r.evidence[0], {
      node: 'w0',
      logWhy:
        'forbidden: get pods/log in istio-system (this permission would add the install errors in its log)',
      netdWhy:
        'forbidden: create pods/exec in istio-system (this permission would add the CNI config files of the node)',
    });
  });

  it('reads net.d with ls and cat of plain names only', async () => {
    const commands: string[][] = [];
    const r = await readNodeEvidence(nodes(1), {
      podLog: () => Promise.resolve(ok('')),
      exec: (_t, command) => {
        commands.push(command);
        return Promise.resolve(
          ok(command[0] === 'ls' ? '10-calico.conflist\n../../etc/shadow\n$(id)\n' : '{}'),
        );
      },
    });
    assert.deepStrictEqual(commands, [
      ['ls', '-1', '/host/etc/cni/net.d'],
      ['cat', '/host/etc/cni/net.d/10-calico.conflist'],
    ]);
    assert.deepStrictEqual(r.evidence[0]?.netd, [
      { path: '/host/etc/cni/net.d/10-calico.conflist', text: '{}' },
    ]);
  });

  it('stops before the next request once cancelled', async () => {
    let calls = 0;
    let cancel = false;
    const r = await readNodeEvidence(
      nodes(10),
      {
        podLog: () => {
          calls++;
          return Promise.resolve(ok(''));
        },
      },
      { cancelled: () => cancel, onProgress: (done) => (cancel = done >= 2) },
    );
    assert.ok(calls < 10, `${calls} calls`);
    assert.strictEqual(r.evidence.length + r.skipped.length, 10);
  });
});
