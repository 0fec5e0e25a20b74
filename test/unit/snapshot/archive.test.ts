/**
 * Bug-report archives are streamed to disk (src/cluster/snapshot/archive.ts): ustar prefixes,
 * GNU long names and PAX paths; names that escape the folder refused; truncated, garbage, empty
 * and oversized archives give a message; and a large archive never sits in memory.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { extractArchive, isArchive } from '../../../src/cluster/snapshot/archive';
import { safeEntryPath } from '../../../src/core/explorer/tar';

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

/** A PAX record, "<length> key=value\n", whose length counts itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  while (`${length}${body}`.length !== length) length++;
  return `${length}${body}`;
}

const tar = (...parts: Buffer[]): Buffer => Buffer.concat([...parts, Buffer.alloc(1024)]);

describe('bug-report archives, streamed to disk', function () {
  this.timeout(60_000);
  let tmp = '';
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-archive-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function write(name: string, bytes: Buffer): string {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, bytes);
    return file;
  }

  function listed(dir: string): [string, string][] {
    const out: [string, string][] = [];
    const walk = (d: string): void => {
      for (const e of fs
        .readdirSync(d, { withFileTypes: true })
        .sort((a, b) => a.name.localeCompare(b.name))) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else out.push([path.relative(dir, p).split(path.sep).join('/'), fs.readFileSync(p, 'utf8')]);
      }
    };
    walk(dir);
    return out;
  }

  async function extractTo(file: string, limits?: { maxEntries: number; maxTotalBytes: number }) {
    const out = fs.mkdtempSync(path.join(tmp, 'out-'));
    return { out, result: await extractArchive(file, out, limits) };
  }

  it('writes regular files with ustar prefixes, GNU long names and PAX paths, gzipped or not; skips directories and links', async () => {
    const long = `bug-report/${'x'.repeat(120)}/ztunnel.log`;
    const archive = tar(
      entry('bug-report/', '', '5'),
      entry('cluster/k8s-resources', 'kind: List', '0', 'bug-report'),
      entry('././@LongLink', long, 'L'),
      entry('ignored-short-name', 'gnu'),
      entry('PaxHeaders/x', paxRecord('path', 'bug-report/pax/install-cni.log'), 'x'),
      entry('short', 'pax'),
      entry('bug-report/link', '', '2'),
    );
    const want = [
      [long, 'gnu'],
      ['bug-report/cluster/k8s-resources', 'kind: List'],
      ['bug-report/pax/install-cni.log', 'pax'],
    ].sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
    // A .tar.gz, a plain .tar, and a gzipped archive named .tar: the content decides, not the name.
    for (const [name, bytes] of [
      ['report.tar.gz', zlib.gzipSync(archive)],
      ['report.tar', archive],
      ['renamed.tar', zlib.gzipSync(archive)],
    ] as const) {
      const { out, result } = await extractTo(write(name, bytes));
      assert.deepStrictEqual(result, { ok: true, value: { files: 3, bytes: 16 } }, name);
      assert.deepStrictEqual(
        listed(out).sort((a, b) => a[0].localeCompare(b[0])),
        want,
        name,
      );
    }
    assert.ok(isArchive('a.tgz') && isArchive('A.TAR.GZ') && !isArchive('a.zip'));
  });

  it('refuses names that escape the folder and writes nothing outside it', async () => {
    for (const name of ['../etc/passwd', '/etc/passwd', 'a/../../b', 'C:/x', 'a\\..\\b']) {
      const { result } = await extractTo(write('evil.tar', tar(entry('ok.yaml', 'fine'), entry(name, 'x'))));
      assert.ok(!result.ok && /outside its folder/.test(result.error), `${name}: ${JSON.stringify(result)}`);
    }
    assert.ok(!fs.existsSync(path.join(tmp, 'etc')) && !fs.existsSync(path.join(tmp, 'b')));
    assert.strictEqual(safeEntryPath('./a//b/./c'), 'a/b/c');
  });

  it('gives clear messages for truncated, garbage, empty and oversized archives', async () => {
    const whole = tar(entry('a.yaml', 'y'.repeat(2000)));
    const cases: [string, Buffer, RegExp][] = [
      ['cut.tar', whole.subarray(0, 1024), /truncated/],
      ['cut.tar.gz', zlib.gzipSync(whole).subarray(0, 40), /truncated/],
      ['garbage.tar', Buffer.from('\u0089PNG not a tar'.repeat(100)), /not a tar archive/],
      ['garbage.tar.gz', Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(100, 7)]), /not valid gzip/],
      ['empty.tar', Buffer.alloc(0), /no files/],
    ];
    for (const [name, bytes, message] of cases) {
      const { result } = await extractTo(write(name, bytes));
      assert.ok(!result.ok && message.test(result.error), `${name}: ${JSON.stringify(result)}`);
    }
    const three = write('three.tar', tar(entry('a', 'x'), entry('b', 'x'), entry('c', 'x')));
    const many = await extractTo(three, { maxEntries: 2, maxTotalBytes: 1e9 });
    assert.ok(!many.result.ok && /more than 2 files/.test(many.result.error));
    const big = await extractTo(write('big.tar', tar(entry('a', 'x'.repeat(3000)))), {
      maxEntries: 10,
      maxTotalBytes: 1024,
    });
    assert.ok(!big.result.ok && /more than/.test(big.result.error));
  });

  it('streams: a 128 MB file inside a gzipped archive never sits in memory', async () => {
    const size = 128 * 1024 * 1024;
    const file = path.join(tmp, 'large.tar.gz');
    // Header, then 128 MB of log-like text, then padding and the end blocks, gzipped on the way to disk.
    const gzip = zlib.createGzip({ level: 1 });
    const done = new Promise<void>((resolve, reject) =>
      gzip.pipe(fs.createWriteStream(file)).on('finish', resolve).on('error', reject),
    );
    gzip.write(header('bug-report/istio-cni-node.log', size));
    const chunk = Buffer.alloc(1024 * 1024, 'info\tcni\tpod ready\n');
    for (let i = 0; i < size / chunk.length; i++) {
      if (!gzip.write(chunk)) await new Promise((r) => gzip.once('drain', r));
    }
    gzip.end(Buffer.alloc(1024));
    await done;

    const before = process.memoryUsage();
    let peak = 0;
    const sample = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.arrayBuffers - before.arrayBuffers, m.heapUsed - before.heapUsed);
    }, 5);
    try {
      const { out, result } = await extractTo(file);
      assert.deepStrictEqual(result, { ok: true, value: { files: 1, bytes: size } });
      assert.strictEqual(fs.statSync(path.join(out, 'bug-report', 'istio-cni-node.log')).size, size);
    } finally {
      clearInterval(sample);
    }
    assert.ok(peak < 64 * 1024 * 1024, `peak extra memory ${Math.round(peak / 1048576)} MB`);
  });
});
