/**
 * The stock configs of Calico, Cilium, Flannel, Kube-OVN, AWS VPC CNI and Multus (thin and thick),
 * alone and after Istio's installer chained into them (test/fixtures/cni/stock/<cni>/README.md
 * pins the sources). Users judge the linter on these: no error, no warning, and every
 * `after-istio/` file is exactly what Istio's insertion logic produces from `alone/`.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lintDirectory } from '../../../src/core/cni/lint';
import { RUNTIMES } from '../../../src/core/cni/types';
import { FIXTURES, loadFixture, summarize } from './fixtureDir';
import { chainIstio } from './istioInstaller';

const STOCK = path.join(FIXTURES, 'stock');
const CNIS = ['aws-vpc-cni', 'calico', 'cilium', 'flannel', 'kube-ovn', 'multus-thick', 'multus-thin'];

/** The only finding a stock layout may have: Istio's fixed wrap name equals Calico's, explained. */
const EXPECTED_INFO: Record<string, string[]> = {
  'multus-thick/after-istio': ['00-multus.conflist:3 info duplicate-network-name'],
  'multus-thin/after-istio': ['00-multus.conflist:3 info duplicate-network-name'],
};

/** The file Istio chains into by default: the first valid .conf/.conflist in byte order. */
function istioTarget(dir: string): string {
  const names = fs
    .readdirSync(dir)
    .filter((n) => /\.(conf|conflist)$/.test(n))
    .sort();
  assert.ok(names[0], dir);
  return names[0];
}

describe('stock CNI configs, alone and after Istio', () => {
  it('has every CNI the issue names, each with a README pinning its sources', () => {
    assert.deepStrictEqual(fs.readdirSync(STOCK).sort(), CNIS);
    for (const cni of CNIS) {
      const readme = fs.readFileSync(path.join(STOCK, cni, 'README.md'), 'utf8');
      assert.match(readme, /commit [0-9a-f]{40}/, cni);
      assert.match(readme, /1\.30\.3/, cni);
    }
  });

  for (const cni of CNIS) {
    for (const variant of ['alone', 'after-istio']) {
      const name = `${cni}/${variant}`;
      for (const runtime of RUNTIMES) {
        it(`${name} lints clean (${runtime})`, () => {
          const findings = lintDirectory(loadFixture(`stock/${name}`), { runtime });
          assert.deepStrictEqual(summarize(findings), EXPECTED_INFO[name] ?? []);
        });
      }
    }

    it(`${cni}/after-istio is exactly Istio's insertion into ${cni}/alone`, () => {
      const alone = path.join(STOCK, cni, 'alone');
      const after = path.join(STOCK, cni, 'after-istio');
      const target = istioTarget(alone);
      const chained = chainIstio(target, fs.readFileSync(path.join(alone, target), 'utf8'));
      assert.strictEqual(fs.readFileSync(path.join(after, chained.name), 'utf8'), chained.text);
      // Everything else is left as it was (a .conf is renamed, so the original name is gone).
      const rest = fs.readdirSync(alone).filter((n) => n !== target);
      assert.deepStrictEqual(fs.readdirSync(after).sort(), [...rest, chained.name].sort());
      for (const n of rest)
        assert.strictEqual(
          fs.readFileSync(path.join(after, n), 'utf8'),
          fs.readFileSync(path.join(alone, n), 'utf8'),
        );
    });
  }

  it('explains the duplicate name of the wrapped Multus file with its reason, at info level', () => {
    const [f] = lintDirectory(loadFixture('stock/multus-thin/after-istio'));
    assert.ok(f);
    assert.strictEqual(f.severity, 'info');
    assert.match(f.message, /Istio's installer wrapped this former \.conf as a list named "k8s-pod-network"/);
    assert.deepStrictEqual(
      f.related.map((r) => path.basename(r.file)),
      ['10-calico.conflist'],
    );
  });
});
