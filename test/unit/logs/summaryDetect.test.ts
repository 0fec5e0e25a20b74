import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { catalogMatcher, looksLikeIstioLog, summarize, type Finding } from '../../../src/core/logs';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'logs');
const read = (f: string): string => readFileSync(join(FIXTURES, f), 'utf8');

describe('logs: summary', () => {
  const m = catalogMatcher();

  it('counts by category in the order users read them', () => {
    const text = [
      'Error connecting to 127.0.0.6:15002: dial tcp 127.0.0.1:0->127.0.0.6:15002: connect: connection refused',
      'Error connecting to 127.0.0.6:15002: dial tcp 127.0.0.1:0->127.0.0.6:15002: connect: connection refused',
      'iptables validation failed; workload is not ready for Istio.',
      'Deleting broken pod: default/x-1',
      '  Warning  FailedCreatePodSandBox  1m  kubelet  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "abcdef012345": plugin type="istio-cni" name="istio-cni" failed (add): boom',
      '  Warning  FailedCreatePodSandBox  1m  kubelet  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "abcdef012346": plugin type="istio-cni" name="istio-cni" failed (add): exit status 1',
    ].join('\n');
    const s = summarize(m.scan(text), (id) => m.pattern(id));
    assert.strictEqual(s.text, '3 validation failures, 1 repair, 2 sandbox failures');
    assert.deepStrictEqual(s.bySeverity, { error: 5, warning: 1, info: 0 });
    assert.strictEqual(s.byPattern['validation-connection-refused'], 2);
    assert.strictEqual(s.total, 6);
  });

  it('says so when nothing is found, and counts unknown patterns as user matches', () => {
    assert.strictEqual(summarize([], (id) => m.pattern(id)).text, 'No Istio CNI problems found');
    const f: Finding = {
      line: 0,
      startColumn: 0,
      endColumn: 1,
      patternId: 'mine',
      severity: 'info',
      fields: {},
      message: '',
      also: [],
    };
    assert.strictEqual(summarize([f], (id) => m.pattern(id)).text, '1 user pattern match');
  });
});

describe('logs: looksLikeIstioLog', () => {
  it('accepts every fixture, including the clean startup logs', () => {
    for (const f of [
      'normal-startup.log',
      'normal-startup.json.log',
      'kubelet-events.txt',
      'ztunnel.log',
      'containerd.log',
      'validation-old-33986.log',
      'kubelet-journald.log',
    ]) {
      assert.strictEqual(looksLikeIstioLog(read(f)), true, f);
    }
  });

  it('rejects prose, code and logs of other software', () => {
    const nginx =
      '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326\n'.repeat(20);
    const notes = 'Meeting notes\n- buy milk\n- call Bob about the istio talk\n';
    const ts = 'export function f(): number {\n  return 1;\n}\n';
    const otherApp = '2024-01-01T00:00:00.000000Z\tinfo\tserver started\n'.repeat(5);
    for (const text of [nginx, notes, ts, otherApp])
      assert.strictEqual(looksLikeIstioLog(text), false, text.slice(0, 30));
  });

  it('only reads the head of a big document', () => {
    const big = `${'2024-01-01T00:00:00.000000Z\tinfo\tserver started\n'.repeat(1000)}validation timeout\n`;
    assert.strictEqual(looksLikeIstioLog(big), false);
  });
});
