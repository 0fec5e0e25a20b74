/** `istio-cni-doctor lint` run in-process: formats, exit codes, file-in-context, read errors. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../src/cli/main';
import { memoryIo } from '../../../src/cli/io';
import { RULES } from '../../../src/core/cni/rules/index';
import { FIXTURES } from './fixtureDir';

async function lint(...args: string[]) {
  const io = memoryIo();
  const code = await main(['lint', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}
const fx = (name: string): string => path.join(FIXTURES, name);

interface JsonOut {
  findings: {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    severity: string;
    rule: string;
    message: string;
    related: { file: string; line: number; column: number }[];
  }[];
}

describe('istio-cni-doctor lint', () => {
  it('text: one "file:line:col severity rule-id message" line per finding, exit 1 on an error', async () => {
    const r = await lint(fx('multus-thick-double-insertion'));
    assert.strictEqual(r.code, 1);
    const lines = r.out.trimEnd().split('\n');
    assert.strictEqual(lines.length, 3);
    for (const l of lines) assert.match(l, /^\S+:\d+:\d+ (error|warning|info) [a-z-]+ \S.*$/);
    const prefix = `${fx('multus-thick-double-insertion/10-calico.conflist')}:49:7 error istio-cni-runs-twice istio-cni will run 2 times for each pod`;
    assert.ok(
      lines.some((l) => l.startsWith(prefix)),
      prefix,
    );
    assert.strictEqual(r.err, '');
  });

  it('exit 0 and no output for a clean directory; warnings alone still exit 0', async () => {
    assert.deepStrictEqual(await lint(fx('calico-chained')), { code: 0, out: '', err: '' });
    const w = await lint(fx('stale-entry-after-cilium'));
    assert.strictEqual(w.code, 0);
    assert.match(w.out, /warning stale-istio-cni-entry/);
  });

  it('json: 1-based positions, severity, rule, message and related locations', async () => {
    const r = await lint('--format', 'json', fx('circular-thick-self'));
    const parsed = JSON.parse(r.out) as JsonOut;
    const cycle = parsed.findings.find((f) => f.rule === 'circular-delegation');
    assert.deepStrictEqual(cycle && { ...cycle, message: undefined }, {
      file: fx('circular-thick-self/00-multus.conf'),
      line: 8,
      column: 21,
      endLine: 8,
      endColumn: 57,
      severity: 'error',
      rule: 'circular-delegation',
      message: undefined,
      related: [],
    });
    assert.strictEqual(r.code, 1);
    const other = JSON.parse((await lint('--format', 'json', fx('stale-entry-after-cilium'))).out) as JsonOut;
    const multi = other.findings.find((f) => f.rule === 'multiple-primary-configs');
    assert.deepStrictEqual(multi?.related, [
      { file: fx('stale-entry-after-cilium/10-calico.conflist'), line: 1, column: 1 },
    ]);
  });

  it('sarif: 2.1.0 with every rule (id, title, help) and results pointing at them', async () => {
    const r = await lint('--format=sarif', fx('multus-thin-stale-delegate'));
    const sarif = JSON.parse(r.out) as {
      version: string;
      runs: {
        tool: {
          driver: { rules: { id: string; shortDescription: { text: string }; help: { text: string } }[] };
        };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          locations: { physicalLocation: { region: { startLine: number } } }[];
        }[];
      }[];
    };
    assert.strictEqual(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.deepStrictEqual(
      run?.tool.driver.rules.map((x) => x.id),
      RULES.map((x) => x.id),
    );
    assert.ok(
      run?.tool.driver.rules.every((x) => x.shortDescription.text.length > 0 && x.help.text.length > 40),
    );
    for (const res of run?.results ?? [])
      assert.strictEqual(run?.tool.driver.rules[res.ruleIndex]?.id, res.ruleId);
    assert.deepStrictEqual(
      run?.results.map((x) => `${x.ruleId}:${x.level}:${x.locations[0]?.physicalLocation.region.startLine}`),
      [
        'istio-cni-not-in-effective-chain:error:1',
        'stale-multus-delegate:warning:11',
        'istio-cni-not-in-effective-chain:error:49',
      ],
    );
  });

  it('a file argument is linted in the context of its siblings and only its findings are printed', async () => {
    const r = await lint('--format', 'json', fx('stale-entry-after-cilium/10-calico.conflist'));
    const parsed = JSON.parse(r.out) as JsonOut;
    assert.deepStrictEqual(
      parsed.findings.map((f) => `${path.basename(f.file)}:${f.rule}`),
      ['10-calico.conflist:multiple-primary-configs', '10-calico.conflist:stale-istio-cni-entry'],
    );
  });

  it('--runtime cri-o turns an invalid earlier file into a warning (exit 0); containerd makes it an error (exit 1)', async () => {
    const file = fx('invalid-before-effective/10-calico.conflist');
    const crio = await lint('--runtime', 'cri-o', file);
    const containerd = await lint(file);
    assert.strictEqual(crio.code, 0);
    assert.match(crio.out, /warning invalid-file-before-effective/);
    assert.strictEqual(containerd.code, 1);
    assert.match(containerd.out, /error invalid-file-before-effective/);
  });

  it('a missing path exits 2 with the path and the reason on stderr, after linting the others', async () => {
    const missing = path.join(os.tmpdir(), 'no-such-cni-dir-' + String(process.pid));
    const r = await lint(missing, fx('istio-first'));
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.err, `istio-cni-doctor lint: ${missing}: no such file or directory\n`);
    assert.match(r.out, /istio-cni-first/);
  });

  it('usage errors exit 2 with a message: no paths, a bad format, a bad runtime, an unknown option', async () => {
    for (const [args, msg] of [
      [[], /no file or directory given/],
      [['--format', 'yaml', 'x'], /--format must be one of text, json, sarif/],
      [['--runtime=docker', 'x'], /--runtime must be one of containerd, cri-o/],
      [['--fix', 'x'], /unknown option '--fix'/],
    ] as const) {
      const r = await lint(...args);
      assert.strictEqual(r.code, 2, args.join(' '));
      assert.match(r.err, msg);
      assert.strictEqual(r.out, '');
    }
  });

  it('lints a real-looking /etc/cni/net.d copy with a kubeconfig and a subdirectory, ignoring the non-config files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cni-lint-'));
    try {
      fs.mkdirSync(path.join(dir, 'multus.d'));
      fs.writeFileSync(path.join(dir, 'multus.d', 'multus.kubeconfig'), 'apiVersion: v1\n');
      fs.writeFileSync(path.join(dir, 'calico-kubeconfig'), 'apiVersion: v1\n');
      fs.writeFileSync(path.join(dir, '.05-cilium.conflist4276606968'), '{ half written');
      fs.copyFileSync(fx('calico-chained/10-calico.conflist'), path.join(dir, '10-calico.conflist'));
      assert.deepStrictEqual(await lint(dir), { code: 0, out: '', err: '' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--istio-version makes legacy-istio-cni-entry version-aware, and a bad version is a usage error', async () => {
    const dir = fx('istio-1-23-0-entry');
    assert.match((await lint(dir)).out, /info legacy-istio-cni-entry/);
    assert.deepStrictEqual(await lint('--istio-version', '1.23.0', dir), { code: 0, out: '', err: '' });
    const newer = await lint('--istio-version=1.23.1', dir);
    assert.strictEqual(newer.code, 0);
    assert.match(newer.out, /warning legacy-istio-cni-entry .*this node runs Istio 1\.23\.1/);
    const bad = await lint('--istio-version', 'latest', dir);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.err, /--istio-version must look like 1\.23\.0/);
  });

  it('an empty directory is a finding on the directory (exit 1), not a silent pass', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-empty-netd-'));
    try {
      const r = await lint(dir);
      assert.strictEqual(r.code, 1);
      assert.match(
        r.out,
        new RegExp(
          `^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:1 error no-network-config No CNI network config: the directory is empty`,
        ),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
