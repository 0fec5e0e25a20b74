import * as assert from 'assert';
import { readTar, safeEntryPath } from '../../../src/core/explorer/tar';

/** A minimal tar writer for the tests: ustar headers with a valid checksum. */
function header(name: string, size: number, type = '0', prefix = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write(type, 156);
  h.write('ustar\u000000', 257);
  h.write(prefix, 345, 155, 'utf8');
  h.fill(' ', 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

function entry(name: string, body: string, type = '0', prefix = ''): Buffer {
  const data = Buffer.from(body, 'utf8');
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([header(name, data.length, type, prefix), data, pad]);
}

const tar = (...parts: Buffer[]): Buffer => Buffer.concat([...parts, Buffer.alloc(1024)]);
const files = (buf: Buffer) => {
  const r = readTar(buf);
  assert.ok(r.ok, !r.ok ? r.error : '');
  return r.value.map((e) => [e.path, Buffer.from(e.data).toString('utf8')]);
};

describe('tar reader for bug-report archives', () => {
  it('reads regular files with ustar prefixes, GNU long names and PAX paths; skips directories and links', () => {
    const long = `bug-report/${'x'.repeat(120)}/ztunnel.log`;
    const buf = tar(
      entry('bug-report/', '', '5'),
      entry('cluster/k8s-resources', 'kind: List', '0', 'bug-report'),
      entry('././@LongLink', long, 'L'),
      entry('ignored-short-name', 'gnu'),
      entry(
        'PaxHeaders/x',
        `${30 + 'bug-report/pax/install-cni.log'.length} path=bug-report/pax/install-cni.log\n`,
        'x',
      ),
      entry('short', 'pax'),
      entry('bug-report/link', '', '2'),
    );
    assert.deepStrictEqual(files(buf), [
      ['bug-report/cluster/k8s-resources', 'kind: List'],
      [long, 'gnu'],
      ['bug-report/pax/install-cni.log', 'pax'],
    ]);
  });

  it('refuses names that escape the folder', () => {
    for (const name of ['../etc/passwd', '/etc/passwd', 'a/../../b', 'C:/x', 'a\\..\\b']) {
      const r = readTar(tar(entry(name, 'x')));
      assert.ok(!r.ok && /outside its folder/.test(r.error), name);
    }
    assert.strictEqual(safeEntryPath('./a//b/./c'), 'a/b/c');
  });

  it('gives clear messages for truncated, garbage, empty and oversized archives', () => {
    const whole = tar(entry('a.yaml', 'y'.repeat(2000)));
    const cut = readTar(whole.subarray(0, 1024));
    assert.ok(!cut.ok && /truncated/.test(cut.error));
    const garbage = readTar(Buffer.from('\u0089PNG not a tar'.repeat(100)));
    assert.ok(!garbage.ok);
    const empty = readTar(Buffer.alloc(0));
    assert.ok(!empty.ok && /no files/.test(empty.error));
    const many = readTar(tar(entry('a', 'x'), entry('b', 'x'), entry('c', 'x')), {
      maxEntries: 2,
      maxTotalBytes: 1e9,
    });
    assert.ok(!many.ok && /more than 2 files/.test(many.error));
    const big = readTar(tar(entry('a', 'x'.repeat(3000))), { maxEntries: 10, maxTotalBytes: 1024 });
    assert.ok(!big.ok && /more than/.test(big.error));
  });
});
