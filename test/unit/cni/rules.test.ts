/**
 * What the findings say and do beyond their location: messages that name the files involved,
 * related locations, quick fixes that really repair the file, runtime-dependent severity and
 * per-rule settings.
 */
import * as assert from 'assert';
import * as path from 'path';
import { lintDirectory } from '../../../src/core/cni/lint';
import { type CniFileInput, type Finding } from '../../../src/core/cni/types';
import { applyFix } from './applyFix';
import { loadFixture } from './fixtureDir';

const byRule = (findings: Finding[], id: string): Finding[] => findings.filter((f) => f.ruleId === id);
const base = (p: string): string => path.basename(p);

function relintFixed(
  files: CniFileInput[],
  ruleId: string,
  fileName: string,
): { text: string; after: Finding[] } {
  const before = lintDirectory(files);
  const target = byRule(before, ruleId).find((f) => base(f.file) === fileName);
  const file = files.find((f) => base(f.path) === fileName);
  assert.ok(file && target, `${ruleId} in ${fileName}`);
  const text = applyFix(file.text, target);
  const after = lintDirectory(files.map((f) => (f === file ? { ...f, text } : f)));
  return { text, after };
}

describe('CNI lint rules: messages and related locations', () => {
  it('istio-cni-runs-twice names both files and points each at the other (Multus thick + Calico)', () => {
    const found = byRule(lintDirectory(loadFixture('multus-thick-double-insertion')), 'istio-cni-runs-twice');
    assert.deepStrictEqual(
      found.map((f) => base(f.file)),
      ['00-multus.conflist', '10-calico.conflist'],
    );
    for (const f of found) {
      assert.match(f.message, /00-multus\.conflist/);
      assert.match(f.message, /10-calico\.conflist/);
      assert.match(f.message, /2 times/);
      assert.ok(
        f.related.some((r) => base(r.file) !== base(f.file)),
        'related location in the other file',
      );
    }
  });

  it('istio-cni-runs-twice through a thin Multus delegate copy names the delegate', () => {
    const [f] = byRule(
      lintDirectory(loadFixture('multus-kube-ovn-double-insertion')),
      'istio-cni-runs-twice',
    );
    assert.match(f?.message ?? '', /Multus delegate "kube-ovn"/);
  });

  it('circular-delegation prints the cycle a -> b -> a and reports it in both files', () => {
    const found = byRule(lintDirectory(loadFixture('circular-istio-owned-multus')), 'circular-delegation');
    assert.strictEqual(found.length, 2);
    for (const f of found)
      assert.match(f.message, /00-multus\.conf -> 02-istio-cni\.conflist -> 00-multus\.conf/);
  });

  it('istio-cni-not-in-effective-chain names the file the runtime uses and offers the Helm snippet', () => {
    const [f] = byRule(
      lintDirectory(loadFixture('multus-thin-stale-delegate')),
      'istio-cni-not-in-effective-chain',
    );
    assert.match(f?.message ?? '', /runtime uses 00-multus\.conf/);
    assert.deepStrictEqual(f?.fix, {
      kind: 'helmSnippet',
      title: 'Copy Helm values: cni.cniConfFileName: 00-multus.conf',
      snippet: 'cni:\n  cniConfFileName: 00-multus.conf\n',
    });
  });

  it('multiple-primary-configs offers cni.cniConfFileName when two primaries compete (Cilium next to Calico)', () => {
    const found = byRule(lintDirectory(loadFixture('stale-entry-after-cilium')), 'multiple-primary-configs');
    assert.strictEqual(found.length, 2);
    assert.strictEqual(
      found[0]?.fix?.kind === 'helmSnippet' ? found[0].fix.snippet : '',
      'cni:\n  cniConfFileName: 05-cilium.conflist\n',
    );
  });

  it('invalid-file-before-effective is an error for containerd and a warning for CRI-O', () => {
    const files = loadFixture('invalid-before-effective');
    const containerd = byRule(
      lintDirectory(files, { runtime: 'containerd' }),
      'invalid-file-before-effective',
    );
    const crio = byRule(lintDirectory(files, { runtime: 'cri-o' }), 'invalid-file-before-effective');
    assert.deepStrictEqual(
      containerd.map((f) => f.severity),
      ['error', 'error'],
    );
    assert.deepStrictEqual(
      crio.map((f) => f.severity),
      ['warning', 'warning'],
    );
    assert.match(containerd[0]?.message ?? '', /containerd aborts/);
    assert.match(crio[0]?.message ?? '', /CRI-O skips it and uses 10-calico\.conflist/);
  });

  it('per-rule settings turn a rule off or change its severity', () => {
    const files = loadFixture('stale-entry-after-cilium');
    assert.strictEqual(
      byRule(
        lintDirectory(files, { rules: { 'multiple-primary-configs': 'off' } }),
        'multiple-primary-configs',
      ).length,
      0,
    );
    const raised = byRule(
      lintDirectory(files, { rules: { 'multiple-primary-configs': 'error' } }),
      'multiple-primary-configs',
    );
    assert.deepStrictEqual(
      raised.map((f) => f.severity),
      ['error', 'error'],
    );
  });

  it('a file lints in the context of its siblings: the same Calico file is clean alone, stale next to Cilium', () => {
    const files = loadFixture('stale-entry-after-cilium');
    const calico = files.filter((f) => base(f.path) === '10-calico.conflist');
    assert.deepStrictEqual(lintDirectory(calico), []);
    assert.strictEqual(byRule(lintDirectory(files), 'stale-istio-cni-entry').length, 1);
  });
});

describe('CNI lint rules: quick fixes repair the file', () => {
  it('duplicate-istio-cni keeps only the last entry', () => {
    const { text, after } = relintFixed(
      loadFixture('azure-triple-istio'),
      'duplicate-istio-cni',
      '10-azure.conflist',
    );
    const parsed = JSON.parse(text) as { plugins: { type: string }[] };
    assert.deepStrictEqual(
      parsed.plugins.map((p) => p.type),
      ['azure-vnet', 'portmap', 'istio-cni'],
    );
    assert.strictEqual(byRule(after, 'duplicate-istio-cni').length, 0);
  });

  it('missing-cni-version inserts "cniVersion" as the first key', () => {
    const { text, after } = relintFixed(
      loadFixture('nover-calico'),
      'missing-cni-version',
      '10-calico.conflist',
    );
    assert.strictEqual(Object.keys(JSON.parse(text) as object)[0], 'cniVersion');
    assert.strictEqual((JSON.parse(text) as { cniVersion: string }).cniVersion, '0.3.1');
    assert.deepStrictEqual(after, []);
  });

  it('missing-name inserts a name from the file name', () => {
    const { text, after } = relintFixed(loadFixture('noname-calico'), 'missing-name', '10-calico.conflist');
    assert.strictEqual((JSON.parse(text) as { name: string }).name, '10-calico');
    assert.deepStrictEqual(after, []);
  });

  it('missing-plugins renames the misspelled "pugins"', () => {
    const { text, after } = relintFixed(
      loadFixture('noplugins-calico'),
      'missing-plugins',
      '10-calico.conflist',
    );
    assert.ok(Array.isArray((JSON.parse(text) as { plugins: unknown }).plugins));
    assert.deepStrictEqual(after, []);
  });

  it('reserved-key removes runtimeConfig, invalid-bool-option normalises "yes", cni-version-too-old bumps to 0.3.1', () => {
    assert.deepStrictEqual(
      relintFixed(loadFixture('reserved-runtime-config'), 'reserved-key', '10-calico.conflist').after,
      [],
    );
    assert.deepStrictEqual(
      relintFixed(loadFixture('invalid-disable-check'), 'invalid-bool-option', '10-calico.conflist').after,
      [],
    );
    assert.deepStrictEqual(
      relintFixed(loadFixture('old-cni-version-chain'), 'cni-version-too-old', '10-calico.conflist').after,
      [],
    );
  });

  it('stale-istio-cni-entry removes the unused entry and leaves valid JSON', () => {
    const { text, after } = relintFixed(
      loadFixture('stale-entry-after-cilium'),
      'stale-istio-cni-entry',
      '10-calico.conflist',
    );
    const parsed = JSON.parse(text) as { plugins: { type: string }[] };
    assert.deepStrictEqual(
      parsed.plugins.map((p) => p.type),
      ['calico', 'portmap', 'bandwidth'],
    );
    assert.strictEqual(byRule(after, 'stale-istio-cni-entry').length, 0);
  });

  it('fixes keep CRLF line endings', () => {
    const files = loadFixture('crlf-calico-chained').map((f) => ({
      ...f,
      text: f.text.replace('"cniVersion": "0.3.1",\r\n', ''),
    }));
    const { text } = relintFixed(files, 'missing-cni-version', '10-calico.conflist');
    assert.ok(!/[^\r]\n/.test(text), 'no bare LF introduced');
  });
});
