/**
 * The rule corrections of issue 14 and 13, each checked against the case that was wrong:
 * entries Istio itself writes, Multus layouts, Cilium with intact configs, empty and
 * leftover-only directories, Multus cycles through a directory, renamed readiness files, the
 * runs-twice quick fix and squiggles on the plugin's `type` key.
 */
import * as assert from 'assert';
import * as path from 'path';
import { lintDirectory } from '../../../src/core/cni/lint';
import { type CniFileInput, type Finding } from '../../../src/core/cni/types';
import { applyFix } from './applyFix';
import { loadFixture } from './fixtureDir';

const byRule = (findings: Finding[], id: string): Finding[] => findings.filter((f) => f.ruleId === id);
const base = (p: string): string => path.basename(p);

function fixed(files: CniFileInput[], finding: Finding): CniFileInput[] {
  return files.map((f) => (f.path === finding.file ? { ...f, text: applyFix(f.text, finding) } : f));
}

describe('CNI lint corrections (issue 14)', () => {
  describe('legacy-istio-cni-entry is version-aware', () => {
    const entry123 = loadFixture('istio-1-23-0-entry');
    const entry122 = loadFixture('legacy-entry');
    const legacy = (files: CniFileInput[], istioVersion?: string): Finding[] =>
      byRule(lintDirectory(files, istioVersion ? { istioVersion } : {}), 'legacy-istio-cni-entry');

    it('is silent on the entry Istio 1.23.0 writes when the node runs 1.23.0', () => {
      assert.deepStrictEqual(legacy(entry123, '1.23.0'), []);
      assert.deepStrictEqual(legacy(entry122, '1.22.3'), []);
    });

    it('warns on a 1.23.1+ node and names the keys actually present', () => {
      const [f] = legacy(entry123, '1.23.1');
      assert.strictEqual(f?.severity, 'warning');
      assert.match(
        f?.message ?? '',
        /with plugin_log_level, log_uds_address, cni_event_address, kubernetes\.kubeconfig and no cni_agent_run_dir, the format Istio 1\.23\.0 writes, but this node runs Istio 1\.23\.1/,
      );
      assert.match(
        legacy(entry122, 'v1.30.3')[0]?.message ?? '',
        /with log_level, .*the format Istio 1\.22 and older writes/,
      );
    });

    it('explains at info level, not as a warning, when the version is unknown', () => {
      assert.deepStrictEqual(
        legacy(entry123).map((f) => f.severity),
        ['info'],
      );
      assert.match(legacy(entry123)[0]?.message ?? '', /right while the node runs that release/);
    });
  });

  it('multiple-primary-configs does not count a file Multus delegates to (thin and thick)', () => {
    for (const name of [
      'multus-thin-calico',
      'multus-thick-clean',
      'stock/multus-thin/alone',
      'stock/multus-thick/alone',
    ])
      assert.deepStrictEqual(byRule(lintDirectory(loadFixture(name)), 'multiple-primary-configs'), [], name);
    assert.strictEqual(
      byRule(lintDirectory(loadFixture('stale-entry-after-cilium')), 'multiple-primary-configs').length,
      2,
    );
  });

  it('duplicate-network-name from Istio wrapping a Multus .conf is info with the reason; real duplicates still warn', () => {
    const wrapped = byRule(lintDirectory(loadFixture('multus-thin-converted')), 'duplicate-network-name');
    assert.deepStrictEqual(
      wrapped.map((f) => `${base(f.file)} ${f.severity}`),
      ['00-multus.conflist info'],
    );
    const a = '{"cniVersion":"0.3.1","name":"net","plugins":[{"type":"bridge"}]}';
    const both = lintDirectory([
      { path: '/n/10-a.conflist', text: a },
      { path: '/n/20-b.conflist', text: a },
    ]);
    assert.deepStrictEqual(
      byRule(both, 'duplicate-network-name').map((f) => f.severity),
      ['warning', 'warning'],
    );
  });

  it('cilium-exclusive only when the directory shows it: backups and no other config intact', () => {
    assert.deepStrictEqual(
      byRule(lintDirectory(loadFixture('cilium-bak-with-intact-configs')), 'cilium-exclusive'),
      [],
    );
    assert.deepStrictEqual(
      byRule(lintDirectory(loadFixture('stale-entry-after-cilium')), 'cilium-exclusive'),
      [],
    );
    assert.strictEqual(
      byRule(lintDirectory(loadFixture('cilium-exclusive-backups')), 'cilium-exclusive').length,
      1,
    );
  });

  it('an empty net.d is an error on the directory (the node goes NotReady)', () => {
    const [f, ...rest] = lintDirectory([], { directory: '/etc/cni/net.d' });
    assert.deepStrictEqual(rest, []);
    assert.strictEqual(f?.file, '/etc/cni/net.d');
    assert.strictEqual(f?.severity, 'error');
    assert.match(f?.message ?? '', /the directory is empty.*NotReady/);
  });

  it('a net.d holding only ZZZ-istio-cni-kubeconfig is an error, and the file is a leftover', () => {
    const found = lintDirectory(loadFixture('only-istio-kubeconfig'));
    assert.deepStrictEqual(
      found.map((f) => `${f.ruleId} ${f.severity}`),
      ['leftover-istio-cni-file info', 'no-network-config error'],
    );
    assert.match(
      byRule(found, 'no-network-config')[0]?.message ?? '',
      /only a file that is not a network config \(ZZZ-istio-cni-kubeconfig\)/,
    );
  });

  it('leftover configs renamed by Cilium are info', () => {
    const found = byRule(lintDirectory(loadFixture('cilium-exclusive-backups')), 'leftover-config-file');
    assert.deepStrictEqual(
      found.map((f) => `${base(f.file)} ${f.severity}`),
      ['00-multus.conf.cilium_bak info', '10-calico.conflist.cilium_bak info'],
    );
  });

  it('a Multus clusterNetwork directory whose first file is the Multus config is a delegation cycle', () => {
    const [f] = byRule(lintDirectory(loadFixture('circular-thick-dir')), 'circular-delegation');
    assert.match(f?.message ?? '', /00-multus\.conf -> 00-multus\.conf/);
  });

  it('a Multus readiness file renamed to .conflist by the installer blocks every pod; the fix points at the .conflist', () => {
    const files = loadFixture('multus-readiness-renamed');
    const [f] = byRule(lintDirectory(files), 'multus-readiness-file-renamed');
    assert.ok(f);
    assert.strictEqual(f.severity, 'error');
    assert.match(f.message, /renamed it to 10-flannel\.conflist/);
    const after = lintDirectory(fixed(files, f));
    assert.deepStrictEqual(byRule(after, 'multus-readiness-file-renamed'), []);
    assert.deepStrictEqual(byRule(after, 'invalid-json'), []);
  });
});

describe('istio-cni-runs-twice quick fix (issue 13 item 5)', () => {
  for (const name of [
    'multus-thin-double-insertion',
    'multus-thick-double-insertion',
    'multus-kube-ovn-double-insertion',
  ]) {
    it(`${name}: previewed edits of one file each, the Helm snippet everywhere, and the fixes end the double run`, () => {
      const files = loadFixture(name);
      const findings = byRule(lintDirectory(files), 'istio-cni-runs-twice');
      assert.ok(findings.length >= 2);
      const edits = findings.filter((f) => f.fix?.kind === 'edits');
      assert.ok(edits.length >= 1);
      for (const f of findings) {
        assert.match(f.message, /Istio's installer re-adds its entry to \S+/);
        const all = [...(f.fix ? [f.fix] : []), ...(f.moreFixes ?? [])];
        assert.deepStrictEqual(
          all.filter((x) => x.kind === 'helmSnippet').map((x) => x.kind === 'helmSnippet' && x.snippet),
          ['cni:\n  cniConfFileName: 00-multus.conflist\n'],
        );
        if (f.fix?.kind === 'edits') assert.ok(f.fix.preview, base(f.file));
      }
      // One of the edits alone ends the double run (the copy the pod really runs), and all of
      // them together leave istio-cni in exactly one place.
      const single = edits.filter(
        (f) => byRule(lintDirectory(fixed(files, f)), 'istio-cni-runs-twice').length === 0,
      );
      assert.ok(single.length >= 1, 'a single edit resolves it');
      let all = files;
      for (const f of edits) all = fixed(all, f);
      const after = lintDirectory(all);
      assert.deepStrictEqual(byRule(after, 'istio-cni-runs-twice'), []);
      assert.deepStrictEqual(byRule(after, 'invalid-json'), []);
    });
  }

  it('the thin Multus fix removes istio-cni from the delegate copy, not from the top-level chain', () => {
    const files = loadFixture('multus-thin-double-insertion');
    const f = byRule(lintDirectory(files), 'istio-cni-runs-twice').find(
      (x) => base(x.file) === '00-multus.conflist',
    );
    assert.ok(f);
    assert.strictEqual(f.fix?.title, 'Remove istio-cni from the Multus delegate copy');
    const text = fixed(files, f).find((x) => x.path === f.file)?.text ?? '';
    const doc = JSON.parse(text) as {
      plugins: { type: string; delegates?: { plugins: { type: string }[] }[] }[];
    };
    assert.deepStrictEqual(
      doc.plugins.map((p) => p.type),
      ['multus', 'istio-cni'],
    );
    assert.deepStrictEqual(
      doc.plugins[0]?.delegates?.[0]?.plugins.map((p) => p.type),
      ['calico', 'portmap', 'bandwidth'],
    );
  });
});

describe('squiggles on plugins (issue 13 item 4)', () => {
  it('a plugin finding covers the plugin\'s "type" key, one line, not the whole object', () => {
    const files = loadFixture('istio-first');
    const [f] = byRule(lintDirectory(files), 'istio-cni-first');
    assert.ok(f);
    assert.strictEqual(f.range.start.line, f.range.end.line);
    const line = files[0]?.text.split('\n')[f.range.start.line] ?? '';
    assert.strictEqual(line.slice(f.range.start.character, f.range.end.character), '"type"');
  });
});

describe('quick fixes for error-level rules (issue 13 item 5)', () => {
  it('istio-cni-first: moves the entry to the end of the chain', () => {
    const files = loadFixture('istio-first');
    const [f] = byRule(lintDirectory(files), 'istio-cni-first');
    assert.ok(f);
    const after = fixed(files, f);
    const doc = JSON.parse(after[0]?.text ?? '') as { plugins: { type: string }[] };
    assert.strictEqual(doc.plugins.at(-1)?.type, 'istio-cni');
    assert.deepStrictEqual(byRule(lintDirectory(after), 'istio-cni-first'), []);
    // Alone in its chain there is nothing to move it behind: no fix.
    assert.strictEqual(
      byRule(lintDirectory(loadFixture('istio-alone')), 'istio-cni-first')[0]?.fix,
      undefined,
    );
  });

  it('conflist-is-conf: wraps the single config into a loadable list', () => {
    const files = loadFixture('conflist-is-conf');
    const [f] = byRule(lintDirectory(files), 'conflist-is-conf');
    assert.ok(f);
    const after = lintDirectory(fixed(files, f));
    assert.deepStrictEqual(
      after.filter((x) => x.severity === 'error').map((x) => x.ruleId),
      [],
    );
  });

  it('invalid-json: removes a trailing comma and a byte-order mark', () => {
    const commas = loadFixture('comments-and-trailing-commas');
    const comma = byRule(lintDirectory(commas), 'invalid-json').find((x) => x.fix);
    assert.strictEqual(comma?.fix?.title, 'Remove the trailing comma');
    assert.doesNotMatch(fixed(commas, comma).find((x) => x.path === comma.file)?.text ?? '', /\},\s*\]/);
    const bom = loadFixture('bom-calico');
    const [b] = byRule(lintDirectory(bom), 'invalid-json');
    assert.strictEqual(b?.fix?.title, 'Remove the byte-order mark');
    assert.deepStrictEqual(
      lintDirectory(fixed(bom, b)).filter((x) => x.severity === 'error'),
      [],
    );
  });
});
