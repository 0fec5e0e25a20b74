/**
 * Hostile and odd input: each case ends in a specific diagnostic, never an exception or a hang.
 * Big inputs are generated in memory (the 5 MB file) or in a temp dir (the 1,000-file directory).
 */
import * as assert from 'assert';
import { lintDirectory } from '../../../src/core/cni/lint';
import { type Finding } from '../../../src/core/cni/types';

const lintOne = (name: string, text: string): Finding[] =>
  lintDirectory([{ path: `/etc/cni/net.d/${name}`, text }]);
const ids = (f: Finding[]): string[] => f.map((x) => x.ruleId);
const calico =
  '{\n  "name": "k8s-pod-network",\n  "cniVersion": "0.3.1",\n  "plugins": [\n    { "type": "calico" },\n    { "type": "istio-cni", "cni_agent_run_dir": "/var/run/istio-cni" }\n  ]\n}\n';

describe('CNI lint: bad input', () => {
  it('empty file', () => {
    const f = lintOne('10-x.conflist', '');
    assert.deepStrictEqual(ids(f), ['invalid-json', 'no-network-config']);
    assert.match(f[0]?.message ?? '', /empty/);
  });

  it('UTF-8 BOM is reported at 1:1 and the rest of the file keeps its positions', () => {
    const f = lintOne('10-x.conflist', '\ufeff' + calico.replace('"cniVersion": "0.3.1",\n  ', ''));
    assert.match(f.find((x) => x.ruleId === 'invalid-json')?.message ?? '', /byte-order mark/);
    assert.deepStrictEqual(f.find((x) => x.ruleId === 'missing-cni-version')?.range.start, {
      line: 0,
      character: 1,
    });
  });

  it('CRLF line endings give the same lines as LF', () => {
    const lf = lintOne('10-x.conflist', calico.replace('"type": "calico"', '"type": "calico", "args": {}'));
    const crlf = lintOne(
      '10-x.conflist',
      calico.replace('"type": "calico"', '"type": "calico", "args": {}').replace(/\n/g, '\r\n'),
    );
    assert.deepStrictEqual(
      crlf.map((x) => x.range),
      lf.map((x) => x.range),
    );
    assert.deepStrictEqual(ids(crlf), ['reserved-key']);
  });

  it('comments and trailing commas each get an invalid-json finding on their line', () => {
    const text =
      '{\n  // hand-written\n  "name": "n",\n  "cniVersion": "0.3.1",\n  "plugins": [{ "type": "bridge" },]\n}\n';
    const f = lintOne('10-x.conflist', text).filter((x) => x.ruleId === 'invalid-json');
    assert.deepStrictEqual(
      f.map((x) => [x.range.start.line, /comments|trailing comma/.exec(x.message)?.[0]]),
      [
        [1, 'comments'],
        [4, 'trailing comma'],
      ],
    );
  });

  it('random binary', () => {
    const bytes = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    const f = lintOne('10-x.conf', bytes);
    assert.deepStrictEqual(ids(f), ['invalid-json', 'no-network-config']);
    assert.match(f[0]?.message ?? '', /binary/);
  });

  it('a 5 MB file is linted (and its real problem found)', () => {
    const plugin =
      '    { "type": "bandwidth", "capabilities": { "bandwidth": true }, "pad": "' +
      'x'.repeat(200) +
      '" },\n';
    const text =
      '{\n  "name": "big",\n  "cniVersion": "0.3.1",\n  "plugins": [\n    { "type": "calico" },\n' +
      plugin.repeat(Math.ceil(5e6 / plugin.length)) +
      '    { "type": "istio-cni", "cni_agent_run_dir": "/var/run/istio-cni" },\n    { "type": "istio-cni", "cni_agent_run_dir": "/var/run/istio-cni" }\n  ]\n}\n';
    assert.ok(text.length > 5e6);
    assert.deepStrictEqual(ids(lintOne('10-big.conflist', text)), ['duplicate-istio-cni']);
  });

  it('nesting 10,000 deep is refused before jsonc-parser can overflow the stack', () => {
    const text =
      '{"name":"deep","cniVersion":"0.3.1","plugins":[{"type":"x","a":' +
      '['.repeat(10000) +
      ']'.repeat(10000) +
      '}]}';
    const f = lintOne('10-deep.conflist', text);
    assert.deepStrictEqual(ids(f), ['invalid-json', 'no-network-config']);
    assert.match(f[0]?.message ?? '', /nest more than 256 levels/);
  });

  it('brackets inside strings and comments do not count as nesting', () => {
    const text = `{"name":"n","cniVersion":"0.3.1","plugins":[{"type":"bridge","note":"${'['.repeat(5000)}"}]}`;
    assert.deepStrictEqual(ids(lintOne('10-x.conflist', text)), []);
  });

  it('a 1,000-file directory is linted, with the directory rules still right', () => {
    const files = Array.from({ length: 1000 }, (_, i) => ({
      path: `/etc/cni/net.d/${String(i).padStart(4, '0')}-net.conflist`,
      text: `{"name":"net-${i}","cniVersion":"0.3.1","plugins":[{"type":"bridge"}${i === 999 ? ',{"type":"istio-cni","cni_agent_run_dir":"/var/run/istio-cni"}' : ''}]}`,
    }));
    const f = lintDirectory(files);
    assert.strictEqual(f.filter((x) => x.ruleId === 'multiple-primary-configs').length, 1000);
    assert.ok(
      f.every((x) => x.related.length <= 10),
      'related locations are capped',
    );
    const missing = f.filter((x) => x.ruleId === 'istio-cni-not-in-effective-chain');
    assert.deepStrictEqual(
      missing.map((x) => x.file),
      ['/etc/cni/net.d/0000-net.conflist', '/etc/cni/net.d/0999-net.conflist'],
    );
  });

  it('JSON that is valid but not an object, or has odd types, never throws', () => {
    for (const text of [
      '[]',
      '{}',
      'null',
      '"str"',
      '42',
      '{"plugins": {}}',
      '{"plugins": [1, null, []]}',
      '{"type": 5}',
      '{"plugins":[{"type":"multus","delegates":"x","clusterNetwork":7}]}',
    ]) {
      for (const name of ['a.conf', 'a.conflist', 'a.json'])
        assert.doesNotThrow(() => lintOne(name, text), `${name}: ${text}`);
    }
  });
});
